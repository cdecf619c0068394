import { MigrationInterface, QueryRunner } from "typeorm";

export class ApiKeyExpiry1796119162425 implements MigrationInterface {
    name = 'ApiKeyExpiry1796119162425'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "api_key"
            ADD "expires_at" TIMESTAMP WITH TIME ZONE
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "api_key" DROP COLUMN "expires_at"
        `);
    }

}
