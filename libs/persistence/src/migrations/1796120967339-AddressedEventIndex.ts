import { MigrationInterface, QueryRunner } from "typeorm";

export class AddressedEventIndex1796120967339 implements MigrationInterface {
    name = 'AddressedEventIndex1796120967339'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE INDEX "ix_inbound_event_addressed" ON "inbound_event" ("addressed_activity_id")
            WHERE addressed_activity_id IS NOT NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_inbound_event_addressed"
        `);
    }

}
