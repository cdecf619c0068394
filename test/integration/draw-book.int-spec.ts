import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { CanyuConfigModule, DatabaseEnv, DrawEnv } from '@lib/config';
import { DomainError, commitmentOf, verifyProof } from '@lib/domain';
import { DrawBook, DrawEntrantInput, DrawReader, DrawSeedVault, DrawsModule } from '@lib/draws';
import { CampaignEntity, DrawEntity, PersistenceModule, WorkspaceEntity } from '@lib/persistence';

// DrawBook on real Postgres: commit and draw are idempotent (also when two run at once), the
// seed exists only sealed until the draw, and the proof a reader serves verifies.
describe('DrawBook', () => {
  let module: TestingModule;
  let db: DataSource;
  let book: DrawBook;
  let reader: DrawReader;
  const workspaces: string[] = [];
  let ws: string;
  let campaign: string;

  beforeAll(async () => {
    module = await Test.createTestingModule({ imports: [CanyuConfigModule.forApp([DatabaseEnv, DrawEnv]), PersistenceModule, DrawsModule] }).compile();
    await module.init();
    db = module.get(DataSource);
    book = module.get(DrawBook);
    reader = module.get(DrawReader);
    [ws, campaign] = await newCampaign();
  });

  afterAll(async () => {
    await db.query('DELETE FROM draw WHERE workspace_id = ANY($1)', [workspaces]);
    await db.query('DELETE FROM campaign WHERE workspace_id = ANY($1)', [workspaces]);
    await db.query('DELETE FROM workspace WHERE id = ANY($1)', [workspaces]);
    await module.close();
  });

  async function newCampaign(): Promise<[string, string]> {
    const w = await db.getRepository(WorkspaceEntity).save({ name: 'Draws', slug: `draws-${randomUUID()}` });
    workspaces.push(w.id);
    const c = await db.getRepository(CampaignEntity).save({ workspaceId: w.id, name: 'Lucky week', timezone: 'Asia/Shanghai' });
    return [w.id, c.id];
  }
  const setup = (overrides: Partial<{ nodeId: string; name: string; winnersCount: number }> = {}) => ({
    workspaceId: ws,
    campaignId: campaign,
    nodeId: randomUUID(),
    name: 'grand prize',
    winnersCount: 3,
    ...overrides,
  });
  const commit = (input: ReturnType<typeof setup>) => db.transaction((tx) => book.commit(tx, input));
  const drawNow = (drawId: string, entrants: DrawEntrantInput[], workspaceId = ws) => db.transaction((tx) => book.drawNow(tx, workspaceId, drawId, entrants));
  const people = (n: number) => Array.from({ length: n }, (_, i) => ({ participantId: randomUUID(), weight: 1 + (i % 4) }));
  const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (err: DomainError) => err.code ?? err.message);

  it('should commit once per node and name, keeping the seed sealed and out of the proof', async () => {
    const input = setup();
    const [a, b] = await Promise.all([commit(input), commit(input)]);
    const again = await commit(input);
    expect(new Set([a.id, b.id, again.id]).size).toBe(1);
    expect(again.commitment).toBe(a.commitment);
    expect(a).toMatchObject({ state: 'committed', seedHex: null, entrantList: null, winners: null, drawnAt: null });
    expect(a.commitment).toMatch(/^[0-9a-f]{64}$/);
    const seed = module.get(DrawSeedVault).open(a.id, a.seedSealed);
    expect(commitmentOf(seed)).toBe(a.commitment);
    expect(a.seedSealed).not.toContain(seed);
    expect((await db.query('SELECT count(*)::int AS n FROM draw WHERE node_id = $1', [input.nodeId]))[0].n).toBe(1);

    const proof = await book.proof(ws, a.id);
    expect(proof).toMatchObject({ version: 1, state: 'committed', commitment: a.commitment, seed: null, entrants: null, winners: null, winnersCount: 3 });
    expect(JSON.stringify(proof)).not.toContain(seed);
  });

  it('should refuse a second set-up of the same draw with another winners count', async () => {
    const input = setup();
    await commit(input);
    expect(await codeOf(commit({ ...input, winnersCount: 4 }))).toBe('DRAW.CONFLICT');
    expect(await codeOf(commit({ ...input, winnersCount: 0 }))).toBe('DRAW.INVALID_SETUP');
    expect(await codeOf(commit({ ...input, name: '  ' }))).toBe('DRAW.INVALID_SETUP');
  });

  it('should draw once: freeze the list, reveal the committed seed, pick winners a verifier re-derives', async () => {
    const committed = await commit(setup());
    const entrants = people(40);
    const drawn = await drawNow(committed.id, entrants);
    expect(drawn).toMatchObject({ state: 'drawn', commitment: committed.commitment });
    expect(commitmentOf(drawn.seedHex!)).toBe(committed.commitment);
    expect(drawn.entrantList).toHaveLength(40);
    expect(drawn.winners!.map((w) => w.position)).toEqual([1, 2, 3]);
    expect(drawn.winners!.every((w) => entrants.some((e) => e.participantId === w.participantId))).toBe(true);
    expect(drawn.winners!.every((w) => w.id === book.pseudonymOf(drawn.id, w.participantId))).toBe(true);

    // Later calls, with whatever list, return the first result.
    const again = await drawNow(committed.id, people(5));
    expect(again.winners).toEqual(drawn.winners);
    expect(again.drawnAt).toEqual(drawn.drawnAt);

    const proof = await book.proof(ws, committed.id);
    expect(verifyProof(JSON.parse(JSON.stringify(proof)))).toMatchObject({ valid: true, problems: [] });
    // Nothing in the proof is a participant id.
    const published = JSON.stringify(proof);
    expect(entrants.some((e) => published.includes(e.participantId))).toBe(false);
  });

  it('should make one draw when two calls race, and both see it', async () => {
    const committed = await commit(setup({ winnersCount: 2 }));
    const [a, b] = await Promise.all([drawNow(committed.id, people(10)), drawNow(committed.id, people(10))]);
    expect(b.winners).toEqual(a.winners);
    expect(b.entrantListHash).toBe(a.entrantListHash);
  });

  it('should make everyone a winner when fewer entered than there are prizes, and draw nobody from nobody', async () => {
    const few = await drawNow((await commit(setup({ winnersCount: 5 }))).id, people(2));
    expect(few.winners).toHaveLength(2);
    const none = await drawNow((await commit(setup({ winnersCount: 5 }))).id, []);
    expect(none).toMatchObject({ state: 'drawn', entrantList: [], winners: [] });
    expect(verifyProof(JSON.parse(JSON.stringify(await book.proof(ws, none.id)))).valid).toBe(true);
  });

  it('should write nothing when the entrants are invalid', async () => {
    const committed = await commit(setup());
    const [p] = people(1);
    expect(await codeOf(drawNow(committed.id, [p, p]))).toBe('DRAW.INVALID_ENTRANTS');
    expect(await codeOf(drawNow(committed.id, [{ participantId: p.participantId, weight: 0 }]))).toBe('DRAW.INVALID_ENTRANTS');
    expect(await db.getRepository(DrawEntity).findOneByOrFail({ id: committed.id })).toMatchObject({ state: 'committed', seedHex: null });
  });

  it("should not find another workspace's draw, nor a malformed id", async () => {
    const committed = await commit(setup());
    const [otherWs, otherCampaign] = await newCampaign();
    expect(await codeOf(drawNow(committed.id, people(3), otherWs))).toBe('DRAW.NOT_FOUND');
    expect(await codeOf(drawNow('not-a-uuid', people(3)))).toBe('DRAW.NOT_FOUND');
    expect(await codeOf(book.proof(otherWs, committed.id))).toBe('DRAW.NOT_FOUND');
    expect(await codeOf(reader.get(ws, otherCampaign, committed.id))).toBe('DRAW.NOT_FOUND');
    expect(await codeOf(reader.list(otherWs, campaign))).toBe('CAMPAIGN.NOT_FOUND');
    expect(await reader.list(otherWs, otherCampaign)).toEqual([]);
    expect((await reader.list(ws, campaign)).map((d) => d.id)).toContain(committed.id);
  });
});
