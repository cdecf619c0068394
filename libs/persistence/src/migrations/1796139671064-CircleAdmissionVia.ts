import { MigrationInterface, QueryRunner } from "typeorm";

export class CircleAdmissionVia1796139671064 implements MigrationInterface {
    name = 'CircleAdmissionVia1796139671064'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "circle_admission"
            ADD "via" text
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "circle_admission" DROP COLUMN "via"
        `);
    }

}
