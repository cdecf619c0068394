import { MigrationInterface, QueryRunner } from "typeorm";

export class SweeperIndexes1795702823812 implements MigrationInterface {
    name = 'SweeperIndexes1795702823812'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "inbound_event"
            ADD "scored_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_activity_invited_deadline" ON "activity" ("deadline_at")
            WHERE state = 'invited'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_activity_pending" ON "activity" ("created_at")
            WHERE state = 'pending'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_inbound_event_unscored" ON "inbound_event" ("processed_at")
            WHERE scored_at IS NULL
                AND type IN ('post', 'repost', 'referral', 'follow')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_inbound_event_unjudged" ON "inbound_event" ("processed_at")
            WHERE addressed_activity_id IS NOT NULL
                AND mechanic_result IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_spread_uncredited" ON "spread_event" ("recorded_at")
            WHERE status = 'counted'
                AND credited_at IS NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_spread_uncredited"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_inbound_event_unjudged"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_inbound_event_unscored"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_activity_pending"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_activity_invited_deadline"
        `);
        await queryRunner.query(`
            ALTER TABLE "inbound_event" DROP COLUMN "scored_at"
        `);
    }

}
