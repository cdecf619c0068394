import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1795698688926 implements MigrationInterface {
    name = 'Init1795698688926'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "activity" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "node_id" uuid NOT NULL,
                "participant_id" uuid NOT NULL,
                "trigger_event_id" uuid NOT NULL,
                "reentry_key" text NOT NULL,
                "state" text NOT NULL DEFAULT 'pending',
                "result" jsonb NOT NULL DEFAULT '{}',
                "deadline_at" TIMESTAMP WITH TIME ZONE,
                "completed_event_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_activity_entry" UNIQUE ("node_id", "participant_id", "reentry_key"),
                CONSTRAINT "PK_24625a1d6b1b089c8ae206fe467" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_920769396ba77ea30529a4dc10" ON "activity" ("campaign_id", "state")
        `);
        await queryRunner.query(`
            CREATE TABLE "api_key" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "name" text NOT NULL,
                "role" text NOT NULL,
                "prefix" text NOT NULL,
                "secret_hash" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "UQ_c4f6ccad30c0862eb54af9fb0ac" UNIQUE ("prefix"),
                CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ecc615827295b4cd316f6088ae" ON "api_key" ("workspace_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "api_key_id" uuid,
                "action" text NOT NULL,
                "target_type" text NOT NULL,
                "target_id" text NOT NULL,
                "details" jsonb NOT NULL DEFAULT '{}',
                "correlation_id" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_f74fedf7a1d28c36aebf79f2a4" ON "audit_log" ("workspace_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "campaign" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "name" text NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "status" text NOT NULL DEFAULT 'draft',
                "timezone" text NOT NULL,
                "starts_at" TIMESTAMP WITH TIME ZONE,
                "ends_at" TIMESTAMP WITH TIME ZONE,
                "quiet_hours" jsonb,
                "frequency_cap" jsonb,
                "scoring" jsonb NOT NULL DEFAULT '{}',
                "version" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_0ce34d26e7f2eb316a3a592cdc4" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ea39b4f570a164e27710941c9a" ON "campaign" ("workspace_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "inbound_event" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "idempotency_key" text NOT NULL,
                "type" text NOT NULL,
                "participant_id" uuid NOT NULL,
                "channel" text,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "data" jsonb NOT NULL DEFAULT '{}',
                "correlation_id" text,
                "enqueued_at" TIMESTAMP WITH TIME ZONE,
                "processed_at" TIMESTAMP WITH TIME ZONE,
                "decisions" jsonb,
                "addressed_activity_id" uuid,
                "mechanic_result" jsonb,
                CONSTRAINT "uq_inbound_event_idempotency" UNIQUE ("workspace_id", "idempotency_key"),
                CONSTRAINT "PK_0c825a71c08c85b9760d57adf01" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_inbound_event_unprocessed" ON "inbound_event" ("received_at")
            WHERE processed_at IS NULL
        `);
        await queryRunner.query(`
            CREATE TABLE "node" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "name" text NOT NULL,
                "trigger_event_type" text NOT NULL,
                "conditions" jsonb NOT NULL DEFAULT '[]',
                "audience_circles" text array,
                "window_starts_at" TIMESTAMP WITH TIME ZONE,
                "window_ends_at" TIMESTAMP WITH TIME ZONE,
                "weekly_slots" jsonb,
                "reentry" text NOT NULL DEFAULT 'once',
                "mechanic_kind" text NOT NULL,
                "config" jsonb NOT NULL DEFAULT '{}',
                "config_version" integer NOT NULL DEFAULT '1',
                "channel" text NOT NULL DEFAULT 'sandbox',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8c8caf5f29d25264abe9eaf94dd" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_dffc2ab0808353b6220f9b4ff2" ON "node" ("campaign_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_a87b70b51e36aee44971d924c2" ON "node" ("workspace_id", "trigger_event_type")
        `);
        await queryRunner.query(`
            CREATE TABLE "outbound_message" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "activity_id" uuid NOT NULL,
                "participant_id" uuid NOT NULL,
                "channel" text NOT NULL,
                "purpose" text NOT NULL,
                "body" jsonb NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "deferred_until" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '0',
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "last_error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_message_purpose" UNIQUE ("activity_id", "purpose"),
                CONSTRAINT "PK_53741fe5d4d5e2cb54dc4a5f446" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_message_pending" ON "outbound_message" ("created_at")
            WHERE status = 'pending'
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ca5c075ed13c61cabe3f57abab" ON "outbound_message" ("participant_id", "sent_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7dedb129668f06a8638c5bf96f" ON "outbound_message" ("workspace_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "participant" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "external_id" text NOT NULL,
                "circle" text,
                "attributes" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_participant_external" UNIQUE ("workspace_id", "external_id"),
                CONSTRAINT "PK_64da4237f502041781ca15d4c41" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "spread_event" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid,
                "inbound_event_id" uuid NOT NULL,
                "actor_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "channel" text NOT NULL,
                "post_ref" text,
                "parent_ref" text,
                "parent_id" uuid,
                "root_id" uuid,
                "depth" integer,
                "weight" double precision NOT NULL DEFAULT '0',
                "status" text NOT NULL,
                "reason" text,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "credited_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "uq_spread_inbound" UNIQUE ("inbound_event_id"),
                CONSTRAINT "PK_662aff21951801516334617533b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_43994acdff5a19e4369e15e9e9" ON "spread_event" ("campaign_id", "status")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_spread_waiting_parent" ON "spread_event" ("workspace_id", "parent_ref")
            WHERE status = 'pending_parent'
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_spread_post_ref" ON "spread_event" ("workspace_id", "post_ref")
            WHERE post_ref IS NOT NULL
                AND status <> 'rejected'
        `);
        await queryRunner.query(`
            CREATE TABLE "workspace" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "slug" text NOT NULL,
                "webhook_url" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_0d706c438a9b1ae0ac9806a201a" UNIQUE ("slug"),
                CONSTRAINT "PK_ca86b6f9b3be5fe26d307d09b49" PRIMARY KEY ("id")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "workspace"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_spread_post_ref"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_spread_waiting_parent"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_43994acdff5a19e4369e15e9e9"
        `);
        await queryRunner.query(`
            DROP TABLE "spread_event"
        `);
        await queryRunner.query(`
            DROP TABLE "participant"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7dedb129668f06a8638c5bf96f"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ca5c075ed13c61cabe3f57abab"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_message_pending"
        `);
        await queryRunner.query(`
            DROP TABLE "outbound_message"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_a87b70b51e36aee44971d924c2"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_dffc2ab0808353b6220f9b4ff2"
        `);
        await queryRunner.query(`
            DROP TABLE "node"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_inbound_event_unprocessed"
        `);
        await queryRunner.query(`
            DROP TABLE "inbound_event"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ea39b4f570a164e27710941c9a"
        `);
        await queryRunner.query(`
            DROP TABLE "campaign"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_f74fedf7a1d28c36aebf79f2a4"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ecc615827295b4cd316f6088ae"
        `);
        await queryRunner.query(`
            DROP TABLE "api_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_920769396ba77ea30529a4dc10"
        `);
        await queryRunner.query(`
            DROP TABLE "activity"
        `);
    }

}
