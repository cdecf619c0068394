import { MigrationInterface, QueryRunner } from "typeorm";

export class NodeRollout1796137440991 implements MigrationInterface {
    name = 'NodeRollout1796137440991'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "node"
            ADD "rollout" jsonb
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "node" DROP COLUMN "rollout"
        `);
    }

}
