import 'reflect-metadata';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { EventStore, NewEvent } from '../../apps/campaign-api/src/ingest/event-store';
import { provisionWorkspace } from '@lib/access';
import { CanyuConfigModule, DatabaseEnv } from '@lib/config';
import { PersistenceModule } from '@lib/persistence';
import { truncateAll } from '@lib/testing';

// The ingest write path against real PostgreSQL: one statement, idempotent under races.
describe('EventStore', () => {
  let module: TestingModule;
  let store: EventStore;
  let db: DataSource;
  let workspaceId: string;
  const event = (key: string, participantRef: string, over: Partial<NewEvent> = {}): NewEvent => ({
    idempotencyKey: key,
    type: 'purchase',
    participantRef,
    channel: null,
    occurredAt: new Date('2026-03-03T02:15:00Z'),
    data: { sku: 'mi-11', note: '小米' },
    addressedActivityId: null,
    ...over,
  });
  const count = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [CanyuConfigModule.forApp([DatabaseEnv]), PersistenceModule],
      providers: [EventStore],
    }).compile();
    store = module.get(EventStore);
    db = module.get(DataSource);
    await truncateAll(db);
    workspaceId = (await provisionWorkspace(db, 'Store', 'store')).workspaceId;
  });

  afterAll(() => module.close());

  it('should store a batch with its participants and map replays to the original ids', async () => {
    const first = await store.store(workspaceId, [event('k1', 'buyer-a'), event('k2', 'buyer-a'), event('k3', 'buyer-b')], 'corr-1');
    expect([...first.fresh].sort()).toEqual(['k1', 'k2', 'k3']);
    const replay = await store.store(workspaceId, [event('k2', 'buyer-a'), event('k4', 'buyer-b')], 'corr-2');
    expect([...replay.fresh]).toEqual(['k4']);
    expect(replay.ids.get('k2')).toBe(first.ids.get('k2'));
    expect(await count('inbound_event')).toBe(4);
    expect(await count('participant')).toBe(2);
    const [row] = await db.query('SELECT data, occurred_at, correlation_id FROM inbound_event WHERE id = $1', [first.ids.get('k1')]);
    expect(row).toEqual({ data: { sku: 'mi-11', note: '小米' }, occurred_at: new Date('2026-03-03T02:15:00Z'), correlation_id: 'corr-1' });
  });

  it('should accept each key once when the same batch races itself', async () => {
    const batch = Array.from({ length: 50 }, (_, i) => event(`race-${i}`, `racer-${i % 7}`));
    const results = await Promise.all(Array.from({ length: 6 }, () => store.store(workspaceId, batch, null)));
    const freshCounts = batch.map((e) => results.filter((r) => r.fresh.has(e.idempotencyKey)).length);
    expect(new Set(freshCounts)).toEqual(new Set([1]));
    for (const e of batch) expect(new Set(results.map((r) => r.ids.get(e.idempotencyKey))).size).toBe(1);
    expect(Number((await db.query(`SELECT count(*) AS n FROM inbound_event WHERE idempotency_key LIKE 'race-%'`))[0].n)).toBe(50);
  });

  it('should keep workspaces apart: the same key and participant id in two workspaces are two events', async () => {
    const other = (await provisionWorkspace(db, 'Other store', 'other-store')).workspaceId;
    const a = await store.store(workspaceId, [event('shared-key', 'buyer-a')], null);
    const b = await store.store(other, [event('shared-key', 'buyer-a')], null);
    expect(b.fresh.has('shared-key')).toBe(true);
    expect(b.ids.get('shared-key')).not.toBe(a.ids.get('shared-key'));
    const owners = await db.query(`SELECT DISTINCT p.workspace_id FROM inbound_event e JOIN participant p ON p.id = e.participant_id WHERE e.idempotency_key = 'shared-key'`);
    expect(owners).toHaveLength(2);
  });
});
