import { MigrationInterface, QueryRunner } from "typeorm";

export class ReferralSignup1796137736562 implements MigrationInterface {
    name = 'ReferralSignup1796137736562'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Sign-ups are spread events now (placed by the referral mechanic): the sweeper's index
        // must hold them. TypeORM does not see partial-index WHERE changes, so by hand.
        await queryRunner.query(`DROP INDEX "public"."ix_inbound_event_unscored"`);
        await queryRunner.query(`
            CREATE INDEX "ix_inbound_event_unscored" ON "inbound_event" ("processed_at")
            WHERE scored_at IS NULL AND type IN ('post', 'repost', 'referral', 'follow', 'entry', 'signup')
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_inbound_event_unscored"`);
        await queryRunner.query(`
            CREATE INDEX "ix_inbound_event_unscored" ON "inbound_event" ("processed_at")
            WHERE scored_at IS NULL AND type IN ('post', 'repost', 'referral', 'follow', 'entry')
        `);
    }

}
