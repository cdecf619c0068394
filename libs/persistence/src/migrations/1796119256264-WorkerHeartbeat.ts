import { MigrationInterface, QueryRunner } from "typeorm";

export class WorkerHeartbeat1796119256264 implements MigrationInterface {
    name = 'WorkerHeartbeat1796119256264'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "worker_heartbeat" (
                "name" text NOT NULL,
                "beat_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "interval_ms" integer NOT NULL,
                "instance" text NOT NULL,
                "last_pass" jsonb NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_385e40d5df520e2d55a860efb47" PRIMARY KEY ("name")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "worker_heartbeat"
        `);
    }

}
