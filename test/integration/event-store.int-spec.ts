import 'reflect-metadata';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { EventStore, NewEvent, StoredKey } from '../../apps/campaign-api/src/ingest/event-store';
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
    fingerprint: `fp-${key}`,
    ...over,
  });
  const freshKeys = (m: Map<string, StoredKey>) => new Set([...m].filter(([, v]) => v.fresh).map(([k]) => k));
  const idOf = (m: Map<string, StoredKey>, k: string) => m.get(k)?.id;
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
    expect([...freshKeys(first)].sort()).toEqual(['k1', 'k2', 'k3']);
    const replay = await store.store(workspaceId, [event('k2', 'buyer-a'), event('k4', 'buyer-b')], 'corr-2');
    expect([...freshKeys(replay)]).toEqual(['k4']);
    expect(idOf(replay, 'k2')).toBe(idOf(first, 'k2'));
    expect(await count('inbound_event')).toBe(4);
    expect(await count('participant')).toBe(2);
    const [row] = await db.query('SELECT data, occurred_at, correlation_id FROM inbound_event WHERE id = $1', [idOf(first, 'k1')]);
    expect(row).toEqual({ data: { sku: 'mi-11', note: '小米' }, occurred_at: new Date('2026-03-03T02:15:00Z'), correlation_id: 'corr-1' });
  });

  it('should accept each key once when the same batch races itself', async () => {
    const batch = Array.from({ length: 50 }, (_, i) => event(`race-${i}`, `racer-${i % 7}`));
    const results = await Promise.all(Array.from({ length: 6 }, () => store.store(workspaceId, batch, null)));
    const freshCounts = batch.map((e) => results.filter((r) => freshKeys(r).has(e.idempotencyKey)).length);
    expect(new Set(freshCounts)).toEqual(new Set([1]));
    for (const e of batch) expect(new Set(results.map((r) => idOf(r, e.idempotencyKey))).size).toBe(1);
    expect(Number((await db.query(`SELECT count(*) AS n FROM inbound_event WHERE idempotency_key LIKE 'race-%'`))[0].n)).toBe(50);
  });

  it('should create no participant for an event whose key is taken, and return the stored fingerprint', async () => {
    await store.store(workspaceId, [event('taken', 'buyer-a')], null);
    const before = await count('participant');
    const again = await store.store(workspaceId, [event('taken', 'someone-new', { fingerprint: 'fp-other' })], null);
    expect(again.get('taken')).toMatchObject({ fresh: false, fingerprint: 'fp-taken' });
    expect(await count('participant')).toBe(before);
  });

  it('should keep workspaces apart: the same key and participant id in two workspaces are two events', async () => {
    const other = (await provisionWorkspace(db, 'Other store', 'other-store')).workspaceId;
    const a = await store.store(workspaceId, [event('shared-key', 'buyer-a')], null);
    const b = await store.store(other, [event('shared-key', 'buyer-a')], null);
    expect(freshKeys(b).has('shared-key')).toBe(true);
    expect(idOf(b, 'shared-key')).not.toBe(idOf(a, 'shared-key'));
    const owners = await db.query(`SELECT DISTINCT p.workspace_id FROM inbound_event e JOIN participant p ON p.id = e.participant_id WHERE e.idempotency_key = 'shared-key'`);
    expect(owners).toHaveLength(2);
  });
});
