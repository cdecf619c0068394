import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { provisionWorkspace } from '@lib/access';
import { DrawEnv, loadEnv } from '@lib/config';
import { DrawProofV1, entrantListHash } from '@lib/domain';
import { DrawBook, DrawReader, DrawSeedVault } from '@lib/draws';
import { createLiveCampaign } from '@lib/testing';
import { useSystem } from '../support/system';

const ROOT = path.resolve(__dirname, '../..');

/** `npm run verify-draw -- <source>` as a user runs it: its exit code and output. */
function verifyDraw(source: string, env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', 'verify-draw', '--', source], { cwd: ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

// A lottery draw end to end: committed, read through the scoring API by any role, drawn, and
// its proof checked by the verify command — which also catches one changed entrant.
describe('verifiable draws', () => {
  const sys = useSystem('Draws');
  let book: DrawBook;
  let campaignId: string;
  let dir: string;
  const keys: Record<string, string> = {};
  const scoring = () => request(sys.scoringUrl);
  const as = (role: string) => ({ authorization: `Bearer ${keys[role]}` });

  beforeAll(async () => {
    book = new DrawBook(new DrawSeedVault(loadEnv(DrawEnv)), new DrawReader(sys.db));
    campaignId = await createLiveCampaign(sys.apiUrl, sys.key);
    keys.admin = sys.key;
    for (const role of ['viewer', 'ingest']) {
      keys[role] = (await request(sys.apiUrl).post('/v1/api-keys').set(sys.auth()).send({ name: role, role }).expect(201)).body.key;
    }
    keys.stranger = (await provisionWorkspace(sys.db, 'Elsewhere', 'elsewhere')).adminKey;
    dir = await mkdtemp(path.join(tmpdir(), 'canyu-draws-'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('should publish the commitment first, then a proof the verify command accepts, and refuse a tampered one', async () => {
    const [{ id: nodeId }] = await sys.db.query('SELECT id FROM node WHERE campaign_id = $1', [campaignId]);
    const draw = await sys.db.transaction((tx) => book.commit(tx, { workspaceId: sys.workspaceId, campaignId, nodeId, name: 'grand prize', winnersCount: 3 }));
    const base = `/v1/campaigns/${campaignId}/draws`;

    // Before the draw: the commitment, no seed, for every role of the workspace.
    for (const role of ['admin', 'viewer', 'ingest']) {
      const list = await scoring().get(base).set(as(role)).expect(200);
      expect(list.body.items).toEqual([
        { id: draw.id, nodeId, name: 'grand prize', state: 'committed', winnersCount: 3, commitment: draw.commitment, committedAt: draw.committedAt.toISOString(), drawnAt: null },
      ]);
    }
    const early = (await scoring().get(`${base}/${draw.id}/proof`).set(as('viewer')).expect(200)).body as DrawProofV1;
    expect(early).toMatchObject({ state: 'committed', commitment: draw.commitment, seed: null, entrants: null, winners: null });
    const earlyFile = path.join(dir, 'early.json');
    await writeFile(earlyFile, JSON.stringify(early));
    const notYet = await verifyDraw(earlyFile);
    expect(notYet.code).toBe(1);
    expect(notYet.out).toContain('the seed is not revealed yet: the draw has not been made');

    const entrants = Array.from({ length: 60 }, (_, i) => ({ participantId: randomUUID(), weight: 1 + (i % 5) }));
    const drawn = await sys.db.transaction((tx) => book.drawNow(tx, sys.workspaceId, draw.id, entrants));
    const detail = (await scoring().get(`${base}/${draw.id}`).set(as('ingest')).expect(200)).body;
    expect(detail).toMatchObject({ state: 'drawn', entrantCount: 60, entrantListHash: drawn.entrantListHash, winners: drawn.winners!.map(({ position, id }) => ({ position, id })) });

    const proof = (await scoring().get(`${base}/${draw.id}/proof`).set(as('viewer')).expect(200)).body as DrawProofV1;
    expect(proof.seed).toBe(drawn.seedHex);
    const file = path.join(dir, 'proof.json');
    await writeFile(file, JSON.stringify(proof, null, 2));
    const ok = await verifyDraw(file);
    expect(ok.out).toContain('VALID: the seed matches its commitment');
    expect(ok.code).toBe(0);

    // One entrant changed: another list hash, so the proof no longer holds.
    const tampered = JSON.parse(await readFile(file, 'utf8')) as DrawProofV1;
    tampered.entrants![17] = { ...tampered.entrants![17], weight: tampered.entrants![17].weight + 1 };
    const changedHash = entrantListHash(tampered.entrants!);
    expect(changedHash).not.toBe(proof.entrantListHash);
    const badFile = path.join(dir, 'tampered.json');
    await writeFile(badFile, JSON.stringify(tampered));
    const bad = await verifyDraw(badFile);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`the entrants hash to ${changedHash}, not the published ${proof.entrantListHash}`);
    expect(bad.out).toContain('NOT VALID');

    // Straight from the API, with a key of the workspace; without one the command cannot start.
    const url = `${sys.scoringUrl}${base}/${draw.id}/proof`;
    expect((await verifyDraw(url, { CANYU_API_KEY: keys.ingest })).code).toBe(0);
    const anonymous = await verifyDraw(url, { CANYU_API_KEY: '' });
    expect(anonymous.code).toBe(2);
    expect(anonymous.out).toContain('answered 401 AUTH.UNAUTHORIZED (set CANYU_API_KEY)');
    expect((await verifyDraw(path.join(dir, 'missing.json'))).code).toBe(2);
  });

  it("should answer 404 for another workspace's draws and for malformed ids, with the resource's code", async () => {
    const [draw] = (await scoring().get(`/v1/campaigns/${campaignId}/draws`).set(as('admin')).expect(200)).body.items;
    const code = async (url: string, role = 'admin') => {
      const res = await scoring().get(url).set(as(role)).expect(404);
      return res.body.error.code;
    };
    expect(await code(`/v1/campaigns/${campaignId}/draws`, 'stranger')).toBe('CAMPAIGN.NOT_FOUND');
    expect(await code(`/v1/campaigns/${campaignId}/draws/${draw.id}`, 'stranger')).toBe('DRAW.NOT_FOUND');
    expect(await code(`/v1/campaigns/${campaignId}/draws/${draw.id}/proof`, 'stranger')).toBe('DRAW.NOT_FOUND');
    expect(await code(`/v1/campaigns/${randomUUID()}/draws/${draw.id}/proof`)).toBe('DRAW.NOT_FOUND');
    expect(await code(`/v1/campaigns/${campaignId}/draws/not-a-draw/proof`)).toBe('DRAW.NOT_FOUND');
    expect(await code(`/v1/campaigns/not-a-campaign/draws`)).toBe('CAMPAIGN.NOT_FOUND');
    await scoring().get(`/v1/campaigns/${campaignId}/draws`).expect(401);
  });
});
