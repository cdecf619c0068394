import { MigrationInterface, QueryRunner } from "typeorm";

export class InviteCodes1796138896447 implements MigrationInterface {
    name = 'InviteCodes1796138896447'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "code_pool" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "name" text NOT NULL,
                "skus" text array,
                "expires_at" TIMESTAMP WITH TIME ZONE,
                "circles" text array,
                "per_participant_limit" integer,
                "allocatable_from" TIMESTAMP WITH TIME ZONE,
                "hold_seconds" integer NOT NULL DEFAULT '900',
                "capacity" integer,
                "issued" integer NOT NULL DEFAULT '0',
                "codes_expired_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_code_pool_rules" CHECK (
                    hold_seconds >= 1
                    AND (
                        per_participant_limit IS NULL
                        OR per_participant_limit >= 1
                    )
                ),
                CONSTRAINT "ck_code_pool_issued" CHECK (
                    issued >= 0
                    AND (
                        capacity IS NULL
                        OR issued <= capacity
                    )
                ),
                CONSTRAINT "PK_fab831b2f52b6136abcf77517c6" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_bc04397f429dd24641f091b612" ON "code_pool" ("campaign_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "code_batch" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "pool_id" uuid NOT NULL,
                "count" integer NOT NULL,
                "idempotency_key" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_code_batch_key" UNIQUE ("workspace_id", "idempotency_key"),
                CONSTRAINT "PK_0088d1075f6b5935a985b3073be" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "invite_code" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "pool_id" uuid NOT NULL,
                "batch_id" uuid,
                "code_hash" text NOT NULL,
                "state" text NOT NULL,
                "allocated_to" text,
                "holder" text,
                "transferred_at" TIMESTAMP WITH TIME ZONE,
                "reservation_id" uuid,
                "reserved_by" text,
                "reserved_until" TIMESTAMP WITH TIME ZONE,
                "hold_until" TIMESTAMP WITH TIME ZONE,
                "reserved_sku" text,
                "redeemed_by" text,
                "redeemed_at" TIMESTAMP WITH TIME ZONE,
                "expires_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_invite_code_hash" UNIQUE ("workspace_id", "code_hash"),
                CONSTRAINT "ck_invite_code_state" CHECK (
                    state IN (
                        'issued',
                        'allocated',
                        'reserved',
                        'redeemed',
                        'expired'
                    )
                ),
                CONSTRAINT "PK_a8940979efb1a84ca3470a09c85" PRIMARY KEY ("id")
            ) WITH (fillfactor = 50) -- by hand: room on each page for one HOT update of every row (a redemption touches no indexed column)
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_invite_code_hold" ON "invite_code" ("hold_until")
            WHERE hold_until IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_invite_code_reservation" ON "invite_code" ("reservation_id")
            WHERE reservation_id IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_invite_code_allocated" ON "invite_code" ("pool_id", "allocated_to")
            WHERE allocated_to IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_4d8e28d9341a88b26650a90e38" ON "invite_code" ("pool_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "code_event" (
                "id" BIGSERIAL NOT NULL,
                "workspace_id" uuid NOT NULL,
                "code_id" uuid NOT NULL,
                "pool_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "participant_ref" text,
                "detail" jsonb,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_9daaa4efa996cb1f1f2f3020975" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_d0018f9972b89bc9c6be0870a5" ON "code_event" ("code_id", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "code_attempt" (
                "id" BIGSERIAL NOT NULL,
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "action" text NOT NULL,
                "participant_ref" text NOT NULL,
                "address" text,
                "hash_prefix" text,
                "outcome" text NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_7e55ca0e0ae2bbd2d97f54ebc45" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_f4b513f5c1243891f45fa9bbdc" ON "code_attempt" ("workspace_id", "at")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_f4b513f5c1243891f45fa9bbdc"
        `);
        await queryRunner.query(`
            DROP TABLE "code_attempt"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_d0018f9972b89bc9c6be0870a5"
        `);
        await queryRunner.query(`
            DROP TABLE "code_event"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_4d8e28d9341a88b26650a90e38"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_invite_code_allocated"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_invite_code_reservation"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_invite_code_hold"
        `);
        await queryRunner.query(`
            DROP TABLE "invite_code"
        `);
        await queryRunner.query(`
            DROP TABLE "code_batch"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_bc04397f429dd24641f091b612"
        `);
        await queryRunner.query(`
            DROP TABLE "code_pool"
        `);
    }

}
