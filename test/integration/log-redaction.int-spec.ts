import 'reflect-metadata';
import { Writable } from 'node:stream';
import { DataSource, QueryFailedError } from 'typeorm';
import { provisionWorkspace } from '@lib/access';
import { createRootLogger, PinoNestLogger } from '@lib/observability';
import { dataSourceOptions } from '@lib/persistence';
import { truncateAll } from '@lib/testing';

// A real PostgreSQL error carries row values in `detail`; the log line must not.
describe('log redaction of database errors', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await truncateAll(db);
  });
  afterAll(() => db.destroy());

  const failure = async (sql: string, params: unknown[]): Promise<QueryFailedError> => {
    try {
      await db.query(sql, params);
    } catch (err) {
      if (err instanceof QueryFailedError) return err;
      throw err;
    }
    throw new Error('expected the statement to fail');
  };

  it('should keep the constraint but not the duplicate key or parameters when a unique violation is logged', async () => {
    const { workspaceId } = await provisionWorkspace(db, 'Logs', 'logs');
    const insert = 'INSERT INTO participant (workspace_id, external_id) VALUES ($1, $2)';
    await db.query(insert, [workspaceId, 'buyer-13800138000']);
    const err = await failure(insert, [workspaceId, 'buyer-13800138000']);
    // The error really holds the value, in both places TypeORM puts it.
    const driverError = err.driverError as { detail?: string };
    expect([(err as unknown as { detail?: string }).detail, driverError.detail]).toEqual([
      expect.stringContaining('buyer-13800138000'),
      expect.stringContaining('buyer-13800138000'),
    ]);

    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    new PinoNestLogger(createRootLogger('info', 'campaign-api', stream)).error(err);

    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0]);
    expect(lines[0]).not.toContain('13800138000');
    expect(logged.err).toMatchObject({ detail: '[redacted]', parameters: '[redacted]', constraint: 'uq_participant_external', driverError: { detail: '[redacted]' } });
  });
});
