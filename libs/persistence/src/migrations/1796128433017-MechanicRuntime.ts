import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The mechanic runtime's own table replaces inbound_event.addressed_activity_id and
 * mechanic_result (written from several apps): existing addressed events and their verdicts
 * move into mechanic_input before the columns go.
 */

export class MechanicRuntime1796128433017 implements MigrationInterface {
    name = 'MechanicRuntime1796128433017'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_inbound_event_unjudged"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_inbound_event_addressed"
        `);
        await queryRunner.query(`
            CREATE TABLE "mechanic_input" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "event_id" uuid NOT NULL,
                "event_type" text NOT NULL,
                "participant_id" uuid NOT NULL,
                "campaign_id" uuid,
                "node_id" uuid,
                "activity_id" uuid,
                "route" text NOT NULL,
                "ref" text,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "state" text NOT NULL DEFAULT 'pending',
                "accepted" boolean,
                "reason" text,
                "channel" text,
                "analysis" jsonb,
                "detail" jsonb NOT NULL DEFAULT '{}',
                "revision" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "judged_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_dd28998b910db9cdc43d8b1840a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_mechanic_input_owed" ON "mechanic_input" ("created_at")
            WHERE state IN ('pending', 'analysing')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_mechanic_input_node_participant" ON "mechanic_input" ("node_id", "participant_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_mechanic_input_node_ref" ON "mechanic_input" ("node_id", "ref")
            WHERE ref IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_mechanic_input_activity" ON "mechanic_input" ("activity_id")
            WHERE activity_id IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_mechanic_input_event_node" ON "mechanic_input" ("event_id", "node_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_mechanic_input_event_unrouted" ON "mechanic_input" ("event_id")
            WHERE node_id IS NULL
        `);
        await queryRunner.query(`
            CREATE TABLE "mechanic_ref" (
                "workspace_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "value" text NOT NULL,
                "campaign_id" uuid NOT NULL,
                "node_id" uuid NOT NULL,
                "participant_id" uuid NOT NULL,
                "input_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_26975e3416c8d8529abce509a67" PRIMARY KEY ("workspace_id", "kind", "value")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "node_phase" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workspace_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "node_id" uuid NOT NULL,
                "name" text NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "state" text NOT NULL DEFAULT 'pending',
                "ran_at" TIMESTAMP WITH TIME ZONE,
                "outcome" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_node_phase" UNIQUE ("node_id", "name"),
                CONSTRAINT "PK_4374990f530f75ce1a9b5b68814" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_node_phase_due" ON "node_phase" ("due_at")
            WHERE state = 'pending'
        `);
        await queryRunner.query(`
            CREATE TABLE "node_standing" (
                "node_id" uuid NOT NULL,
                "member" text NOT NULL,
                "workspace_id" uuid NOT NULL,
                "participant_id" uuid NOT NULL,
                "score" bigint NOT NULL,
                "tie_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5a44aebfee2a2678b193afbc9a4" PRIMARY KEY ("node_id", "member")
            )
        `);
        await queryRunner.query(`
            INSERT INTO mechanic_input (workspace_id, event_id, event_type, participant_id, campaign_id, node_id, activity_id,
                route, occurred_at, state, accepted, reason, channel, created_at, judged_at)
            SELECT e.workspace_id, e.id, e.type, e.participant_id, a.campaign_id, a.node_id, a.id,
                CASE WHEN e.data->>'invitationId' = e.addressed_activity_id::text THEN 'invitation' ELSE 'claim' END,
                e.occurred_at,
                CASE WHEN e.mechanic_result IS NULL THEN 'pending' ELSE 'judged' END,
                (e.mechanic_result->>'accepted')::boolean, e.mechanic_result->>'reason', e.mechanic_result->>'channel',
                coalesce(e.processed_at, e.received_at),
                CASE WHEN e.mechanic_result IS NOT NULL THEN coalesce(e.processed_at, e.received_at) END
            FROM inbound_event e LEFT JOIN activity a ON a.id = e.addressed_activity_id
            WHERE e.addressed_activity_id IS NOT NULL
        `);
        // Contest entries are spread events too (cascade roots, like posts).
        await queryRunner.query(`DROP INDEX "public"."ix_inbound_event_unscored"`);
        await queryRunner.query(`
            CREATE INDEX "ix_inbound_event_unscored" ON "inbound_event" ("processed_at")
            WHERE scored_at IS NULL AND type IN ('post', 'repost', 'referral', 'follow', 'entry')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_spread_waiting_verdict" ON "spread_event" ("inbound_event_id")
            WHERE status = 'pending_parent' AND reason = 'WAITING_FOR_INVITATION'
        `);
        await queryRunner.query(`
            ALTER TABLE "inbound_event" DROP COLUMN "addressed_activity_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "inbound_event" DROP COLUMN "mechanic_result"
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "inbound_event"
            ADD "mechanic_result" jsonb
        `);
        await queryRunner.query(`
            ALTER TABLE "inbound_event"
            ADD "addressed_activity_id" uuid
        `);
        await queryRunner.query(`
            UPDATE inbound_event e SET addressed_activity_id = m.activity_id,
                mechanic_result = CASE WHEN m.state = 'judged' THEN jsonb_strip_nulls(jsonb_build_object('activityId', m.activity_id,
                    'campaignId', coalesce(m.campaign_id::text, ''), 'accepted', m.accepted, 'reason', m.reason, 'channel', m.channel)) END
            FROM mechanic_input m WHERE m.event_id = e.id AND m.route IN ('invitation', 'claim')
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_spread_waiting_verdict"
        `);
        await queryRunner.query(`DROP INDEX "public"."ix_inbound_event_unscored"`);
        await queryRunner.query(`
            CREATE INDEX "ix_inbound_event_unscored" ON "inbound_event" ("processed_at")
            WHERE scored_at IS NULL AND type IN ('post', 'repost', 'referral', 'follow')
        `);
        await queryRunner.query(`
            DROP TABLE "node_standing"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_node_phase_due"
        `);
        await queryRunner.query(`
            DROP TABLE "node_phase"
        `);
        await queryRunner.query(`
            DROP TABLE "mechanic_ref"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_mechanic_input_event_unrouted"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_mechanic_input_event_node"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_mechanic_input_activity"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_mechanic_input_node_ref"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_mechanic_input_node_participant"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_mechanic_input_owed"
        `);
        await queryRunner.query(`
            DROP TABLE "mechanic_input"
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_inbound_event_addressed" ON "inbound_event" USING btree ("addressed_activity_id")
            WHERE (addressed_activity_id IS NOT NULL)
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_inbound_event_unjudged" ON "inbound_event" USING btree ("processed_at")
            WHERE (
                    (addressed_activity_id IS NOT NULL)
                    AND (mechanic_result IS NULL)
                )
        `);
    }

}
