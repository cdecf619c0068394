import { MigrationInterface, QueryRunner } from "typeorm";

export class SpreadPostRefIndex1795699617255 implements MigrationInterface {
    name = 'SpreadPostRefIndex1795699617255'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE INDEX "ix_spread_post_ref" ON "spread_event" ("workspace_id", "post_ref")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_spread_post_ref"
        `);
    }

}
