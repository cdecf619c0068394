import { MigrationInterface, QueryRunner } from "typeorm";

export class SettleChildrenIndex1795701532140 implements MigrationInterface {
    name = 'SettleChildrenIndex1795701532140'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_spread_waiting_parent"
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_spread_settle_children" ON "spread_event" ("workspace_id", "parent_ref")
            WHERE status = 'pending_parent'
                OR reason = 'PARENT_REJECTED'
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_spread_settle_children"
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_spread_waiting_parent" ON "spread_event" USING btree ("workspace_id", "parent_ref")
            WHERE (status = 'pending_parent'::text)
        `);
    }

}
