import { MigrationInterface, QueryRunner } from "typeorm";

export class FanCircles1796137443808 implements MigrationInterface {
    name = 'FanCircles1796137443808'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "circle_ring" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "name" text NOT NULL,
                "position" integer NOT NULL,
                "promotion" jsonb,
                "demote_after_inactive_days" integer,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_circle_ring_position" UNIQUE ("workspace_id", "position"),
                CONSTRAINT "uq_circle_ring_name" UNIQUE ("workspace_id", "name"),
                CONSTRAINT "PK_61ddb4131e44ab1570d32ea9808" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "circle_phase" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "ring_id" uuid NOT NULL,
                "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "seats" integer NOT NULL,
                CONSTRAINT "uq_circle_phase_opens" UNIQUE ("ring_id", "opens_at"),
                CONSTRAINT "ck_circle_phase_seats" CHECK (seats >= 0),
                CONSTRAINT "PK_ce00f8f48fd48d4227026beb6d0" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "circle_member" (
                "participant_id" uuid NOT NULL,
                "workspace_id" uuid NOT NULL,
                "circle" text NOT NULL,
                "since" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3c4260f95bf1103affce1af066c" PRIMARY KEY ("participant_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_circle_member_ring" ON "circle_member" ("workspace_id", "circle", "since")
        `);
        await queryRunner.query(`
            CREATE TABLE "circle_move" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "participant_id" uuid NOT NULL,
                "from_circle" text,
                "to_circle" text,
                "reason" text NOT NULL,
                "actor_type" text NOT NULL,
                "actor_id" text NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "details" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_171b9949d458adf3aa3d3edf06c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_circle_move_participant" ON "circle_move" ("participant_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "circle_admission" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "ring_id" uuid NOT NULL,
                "participant_id" uuid NOT NULL,
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "state" text NOT NULL,
                "admitted_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_circle_admission" UNIQUE ("ring_id", "participant_id"),
                CONSTRAINT "PK_88a3892799903a3c67ec3d43ed5" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_circle_admission_queue" ON "circle_admission" ("ring_id", "state", "requested_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_activity_participant_completed" ON "activity" ("participant_id")
            WHERE state = 'completed'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_inbound_event_participant_occurred" ON "inbound_event" ("participant_id", "occurred_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_spread_actor_counted" ON "spread_event" ("actor_id", "occurred_at")
            WHERE status = 'counted'
        `);
        // Members placed in a circle before rings existed keep it; their time in it counts from now.
        await queryRunner.query(`
            INSERT INTO "circle_member" ("participant_id", "workspace_id", "circle", "since")
            SELECT "id", "workspace_id", "circle", now() FROM "participant" WHERE "circle" IS NOT NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_spread_actor_counted"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_inbound_event_participant_occurred"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_activity_participant_completed"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_circle_admission_queue"
        `);
        await queryRunner.query(`
            DROP TABLE "circle_admission"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_circle_move_participant"
        `);
        await queryRunner.query(`
            DROP TABLE "circle_move"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_circle_member_ring"
        `);
        await queryRunner.query(`
            DROP TABLE "circle_member"
        `);
        await queryRunner.query(`
            DROP TABLE "circle_phase"
        `);
        await queryRunner.query(`
            DROP TABLE "circle_ring"
        `);
    }

}
