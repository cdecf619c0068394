import { MigrationInterface, QueryRunner } from "typeorm";

export class VerifiableDraws1796128811014 implements MigrationInterface {
    name = 'VerifiableDraws1796128811014'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "draw" (
                "id" uuid NOT NULL,
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "node_id" uuid NOT NULL,
                "name" text NOT NULL,
                "winners_count" integer NOT NULL,
                "state" text NOT NULL DEFAULT 'committed',
                "seed_sealed" text NOT NULL,
                "seed_hex" text,
                "commitment" text NOT NULL,
                "committed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "entrant_list" jsonb,
                "entrant_list_hash" text,
                "frozen_at" TIMESTAMP WITH TIME ZONE,
                "winners" jsonb,
                "drawn_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "uq_draw_node_name" UNIQUE ("node_id", "name"),
                CONSTRAINT "ck_draw_winners_count" CHECK ("winners_count" > 0),
                CONSTRAINT "ck_draw_state" CHECK ("state" IN ('committed', 'drawn')),
                CONSTRAINT "PK_93d305b8405e4b975c54d609dc8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_draw_campaign" ON "draw" ("workspace_id", "campaign_id", "committed_at")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_draw_campaign"
        `);
        await queryRunner.query(`
            DROP TABLE "draw"
        `);
    }

}
