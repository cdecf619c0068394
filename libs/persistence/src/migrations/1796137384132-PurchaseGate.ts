import { MigrationInterface, QueryRunner } from "typeorm";

export class PurchaseGate1796137384132 implements MigrationInterface {
    name = 'PurchaseGate1796137384132'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "purchase_gate" (
                "campaign_id" uuid NOT NULL,
                "workspace_id" uuid NOT NULL,
                "skus" text array,
                "open_slots" jsonb NOT NULL DEFAULT '[]',
                "version" integer NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_644126068b629833602bab2a1de" PRIMARY KEY ("campaign_id")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "purchase_gate"
        `);
    }

}
