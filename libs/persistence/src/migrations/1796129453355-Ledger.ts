import { MigrationInterface, QueryRunner } from "typeorm";

export class Ledger1796129453355 implements MigrationInterface {
    name = 'Ledger1796129453355'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "prize_pool" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "name" text NOT NULL,
                "stock_total" integer NOT NULL,
                "stock_reserved" integer NOT NULL DEFAULT '0',
                "stock_committed" integer NOT NULL DEFAULT '0',
                "unit_value_minor" bigint NOT NULL,
                "currency" character(3) NOT NULL,
                "per_participant_limit" integer,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_prize_pool_value" CHECK (
                    unit_value_minor >= 0
                    AND (
                        per_participant_limit IS NULL
                        OR per_participant_limit >= 1
                    )
                ),
                CONSTRAINT "ck_prize_pool_stock" CHECK (
                    stock_reserved >= 0
                    AND stock_committed >= 0
                    AND stock_reserved + stock_committed <= stock_total
                ),
                CONSTRAINT "PK_da2db61241eb33a673dd0243eb7" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7fa89de45ebcd77e43627e1261" ON "prize_pool" ("campaign_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "campaign_budget" (
                "campaign_id" uuid NOT NULL,
                "workspace_id" uuid NOT NULL,
                "currency" character(3) NOT NULL,
                "total_minor" bigint,
                "reserved_minor" bigint NOT NULL DEFAULT '0',
                "committed_minor" bigint NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_campaign_budget_cap" CHECK (
                    total_minor IS NULL
                    OR (
                        total_minor >= 0
                        AND reserved_minor + committed_minor <= total_minor
                    )
                ),
                CONSTRAINT "ck_campaign_budget_held" CHECK (
                    reserved_minor >= 0
                    AND committed_minor >= 0
                ),
                CONSTRAINT "PK_e9bceb8a7db4a51507ace82d691" PRIMARY KEY ("campaign_id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "ledger_entry" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "pool_id" uuid,
                "participant_id" uuid NOT NULL,
                "activity_id" uuid,
                "node_id" uuid,
                "kind" text NOT NULL,
                "state" text NOT NULL,
                "amount_minor" bigint NOT NULL,
                "currency" character(3) NOT NULL,
                "source_key" text NOT NULL,
                "reason" text,
                "reserved_until" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT date_trunc('milliseconds', now()),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_ledger_entry_source" UNIQUE ("workspace_id", "source_key"),
                CONSTRAINT "ck_ledger_entry_state" CHECK (
                    state IN (
                        'reserved',
                        'committed',
                        'released',
                        'clawed_back'
                    )
                ),
                CONSTRAINT "ck_ledger_entry_kind" CHECK (kind IN ('prize', 'code', 'gift', 'bounty')),
                CONSTRAINT "ck_ledger_entry_amount" CHECK (amount_minor >= 0),
                CONSTRAINT "PK_04e9d274911f909a5848a15cd74" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_ledger_entry_reserved_until" ON "ledger_entry" ("reserved_until")
            WHERE state = 'reserved'
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_787546168969fd678a67e7bbdb" ON "ledger_entry" ("pool_id", "participant_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_bfd565ac1888093cfc4d67575a" ON "ledger_entry" ("campaign_id", "state")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ab49ddae6cd794901e87f08166" ON "ledger_entry" ("campaign_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "ledger_entry_event" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "entry_id" uuid NOT NULL,
                "from_state" text,
                "to_state" text NOT NULL,
                "reason" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b9d9f0712e0f2a136b56bf261d7" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_cbdf2f298acef04abaa213d834" ON "ledger_entry_event" ("entry_id", "created_at")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_cbdf2f298acef04abaa213d834"
        `);
        await queryRunner.query(`
            DROP TABLE "ledger_entry_event"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ab49ddae6cd794901e87f08166"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_bfd565ac1888093cfc4d67575a"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_787546168969fd678a67e7bbdb"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_ledger_entry_reserved_until"
        `);
        await queryRunner.query(`
            DROP TABLE "ledger_entry"
        `);
        await queryRunner.query(`
            DROP TABLE "campaign_budget"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7fa89de45ebcd77e43627e1261"
        `);
        await queryRunner.query(`
            DROP TABLE "prize_pool"
        `);
    }

}
