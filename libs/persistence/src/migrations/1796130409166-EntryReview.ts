import { MigrationInterface, QueryRunner } from "typeorm";

export class EntryReview1796130409166 implements MigrationInterface {
    name = 'EntryReview1796130409166'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "entry_review" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "node_id" uuid NOT NULL,
                "entry_id" text NOT NULL,
                "decision" text NOT NULL,
                "reason" text,
                "reviewer_key_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "applied_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_a7a63c34112bcbae7da1764ae9d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_b5c3692b97f9d138d9cb75bb3a" ON "entry_review" ("node_id", "entry_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_entry_review_unapplied" ON "entry_review" ("created_at")
            WHERE applied_at IS NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_entry_review_unapplied"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b5c3692b97f9d138d9cb75bb3a"
        `);
        await queryRunner.query(`
            DROP TABLE "entry_review"
        `);
    }

}
