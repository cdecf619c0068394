import { MigrationInterface, QueryRunner } from "typeorm";

export class BusinessTimeAndEventContract1796119154845 implements MigrationInterface {
    name = 'BusinessTimeAndEventContract1796119154845'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "event_type" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "name" text NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "fields" jsonb NOT NULL DEFAULT '[]',
                "additional_fields" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_event_type_name" UNIQUE ("workspace_id", "name"),
                CONSTRAINT "PK_d968f34984d7d85d96f782872fe" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "follower" (
                "workspace_id" uuid NOT NULL,
                "account" text NOT NULL,
                "participant_id" uuid NOT NULL,
                "inbound_event_id" uuid NOT NULL,
                "followed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_175ab2e08d2b2491ca7ff0736da" PRIMARY KEY ("workspace_id", "account", "participant_id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "follow_attribution" (
                "inbound_event_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "workspace_id" uuid NOT NULL,
                CONSTRAINT "PK_8d30e3076fad983d142382dc4ee" PRIMARY KEY ("inbound_event_id", "campaign_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_017f8f51383decffb5d3b33541" ON "follow_attribution" ("campaign_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "activity"
            ADD "triggered_at" TIMESTAMP WITH TIME ZONE
        `);
        // Existing activities count their deadlines from their trigger event's business time.
        await queryRunner.query(`
            UPDATE "activity" a SET "triggered_at" = coalesce(e."occurred_at", a."created_at")
            FROM "activity" x LEFT JOIN "inbound_event" e ON e."id" = x."trigger_event_id"
            WHERE x."id" = a."id"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" ALTER COLUMN "triggered_at" SET NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "activity"
            ADD "reason" text
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign"
            ADD "pauses" jsonb NOT NULL DEFAULT '[]'
        `);
        // Liveness is judged from startsAt: campaigns that went live by hand before it was stamped.
        await queryRunner.query(`
            UPDATE "campaign" c SET "starts_at" = coalesce((
                SELECT min(a."created_at") FROM "audit_log" a
                WHERE a."target_id" = c."id"::text AND a."action" = 'campaign.transition' AND a."details"->>'to' = 'live'
            ), c."created_at")
            WHERE c."starts_at" IS NULL AND c."status" IN ('live', 'paused', 'ended')
        `);
        // A campaign paused now stays paused: its pause opened when it last changed.
        await queryRunner.query(`
            UPDATE "campaign" SET "pauses" = jsonb_build_array(jsonb_build_object('from', to_jsonb("updated_at"), 'to', NULL))
            WHERE "status" = 'paused'
        `);
        await queryRunner.query(`
            ALTER TABLE "inbound_event"
            ADD "fingerprint" text
        `);
        await queryRunner.query(`
            ALTER TABLE "node"
            ADD "max_lateness_hours" integer NOT NULL DEFAULT '72'
        `);
        await queryRunner.query(`
            ALTER TABLE "outbound_message"
            ADD "expires_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "spread_event"
            ADD "account" text
        `);
        await queryRunner.query(`
            ALTER TABLE "workspace"
            ADD "brand_accounts" text array NOT NULL DEFAULT '{}'
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "workspace" DROP COLUMN "brand_accounts"
        `);
        await queryRunner.query(`
            ALTER TABLE "spread_event" DROP COLUMN "account"
        `);
        await queryRunner.query(`
            ALTER TABLE "outbound_message" DROP COLUMN "expires_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "node" DROP COLUMN "max_lateness_hours"
        `);
        await queryRunner.query(`
            ALTER TABLE "inbound_event" DROP COLUMN "fingerprint"
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign" DROP COLUMN "pauses"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" DROP COLUMN "reason"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" DROP COLUMN "triggered_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_017f8f51383decffb5d3b33541"
        `);
        await queryRunner.query(`
            DROP TABLE "follow_attribution"
        `);
        await queryRunner.query(`
            DROP TABLE "follower"
        `);
        await queryRunner.query(`
            DROP TABLE "event_type"
        `);
    }

}
