import { getRepositoryToken } from '@nestjs/typeorm';
import request from 'supertest';
import { Repository } from 'typeorm';
import { ApiKeyService } from '@lib/access';
import { ApiKeyEntity } from '@lib/persistence';
import { waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// API keys across the two HTTP apps: revocation seen at once everywhere, expiry, negative cache.
describe('API key lifecycle', () => {
  const sys = useSystem('Key lifecycle');
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const issue = async (body: Record<string, unknown>) =>
    (await request(sys.apiUrl).post('/v1/api-keys').set(sys.auth()).send(body).expect(201)).body as { id: string; key: string; expiresAt: string | null };
  const keyLookups = (app: 'api' | 'scoring') => jest.spyOn(sys[app].get<Repository<ApiKeyEntity>>(getRepositoryToken(ApiKeyEntity)), 'findOne');

  afterEach(() => jest.restoreAllMocks());

  it('should refuse a revoked key on the scoring app at the very next request, though both apps had it cached', async () => {
    const viewer = await issue({ name: 'dashboard', role: 'viewer' });
    const campaign = (await request(sys.apiUrl).post('/v1/campaigns').set(sys.auth()).send({ name: 'c', timezone: 'Asia/Shanghai' }).expect(201)).body;
    const outcomes = `/v1/campaigns/${campaign.id}/outcomes`;
    await request(sys.apiUrl).get('/v1/campaigns').set(bearer(viewer.key)).expect(200);
    await request(sys.scoringUrl).get(outcomes).set(bearer(viewer.key)).expect(200);
    const scoringLookups = keyLookups('scoring');
    await request(sys.scoringUrl).get(outcomes).set(bearer(viewer.key)).expect(200);
    expect(scoringLookups).not.toHaveBeenCalled(); // served from scoring's cache

    await request(sys.apiUrl).delete(`/v1/api-keys/${viewer.id}`).set(sys.auth()).expect(204);

    const onScoring = await request(sys.scoringUrl).get(outcomes).set(bearer(viewer.key));
    expect([onScoring.status, onScoring.body.error?.code]).toEqual([401, 'AUTH.UNAUTHORIZED']);
    const onApi = await request(sys.apiUrl).get('/v1/campaigns').set(bearer(viewer.key));
    expect([onApi.status, onApi.body.error?.code]).toEqual([401, 'AUTH.UNAUTHORIZED']);
    // Other keys keep working, and are cached again after one lookup.
    await request(sys.scoringUrl).get('/v1/campaigns').set(sys.auth()).expect(200);
  });

  it('should issue keys that expire, list expiresAt, and refuse an expired key even while it is cached', async () => {
    const soon = new Date(Date.now() + 1500);
    const shortLived = await issue({ name: 'short', role: 'viewer', expiresAt: soon.toISOString().replace('Z', '+00:00') });
    expect(new Date(shortLived.expiresAt!).getTime()).toBe(soon.getTime());
    const ninety = await issue({ name: 'quarter', role: 'ingest', expiresInDays: 90 });
    expect(new Date(ninety.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    const forever = await issue({ name: 'forever', role: 'viewer' });
    expect(forever.expiresAt).toBeNull();
    const listed = (await request(sys.apiUrl).get('/v1/api-keys').set(sys.auth()).expect(200)).body.items as { id: string; expiresAt: string | null }[];
    expect(listed.find((k) => k.id === shortLived.id)?.expiresAt).toBe(soon.toISOString());
    expect(listed.find((k) => k.id === forever.id)?.expiresAt).toBeNull();

    await request(sys.scoringUrl).get('/v1/campaigns').set(bearer(shortLived.key)).expect(200);
    const lookups = keyLookups('scoring');
    const refused = await waitFor(async () => {
      const res = await request(sys.scoringUrl).get('/v1/campaigns').set(bearer(shortLived.key));
      return res.status === 200 ? null : res;
    }, 'the key to expire', 5_000);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'AUTH.KEY_EXPIRED']);
    expect(lookups).not.toHaveBeenCalled(); // refused from the cached row, not a fresh read
    await request(sys.scoringUrl).get('/v1/campaigns').set(bearer(forever.key)).expect(200);
  });

  it.each([
    [{ expiresAt: '2030-01-01T00:00:00+08:00', expiresInDays: 5 }, 'not both'],
    [{ expiresAt: '2020-01-01T00:00:00Z' }, 'in the future'],
    [{ expiresAt: '2030-01-01T00:00:00' }, 'zone offset'],
    [{ expiresInDays: 0 }, 'expiresInDays'],
    [{ expiresInDays: 3651 }, 'expiresInDays'],
  ])('should refuse an expiry of %j with REQUEST.VALIDATION_FAILED', async (expiry, problem) => {
    const res = await request(sys.apiUrl).post('/v1/api-keys').set(sys.auth()).send({ name: 'bad', role: 'viewer', ...expiry });
    expect([res.status, res.body.error.code]).toEqual([400, 'REQUEST.VALIDATION_FAILED']);
    expect(JSON.stringify(res.body.error.details)).toContain(problem);
  });

  it('should look an unknown key prefix up in Postgres once, however often it is tried', async () => {
    const lookups = keyLookups('scoring');
    const unknown = `cyu_${'ab12'.repeat(3)}_${'x'.repeat(43)}`;
    for (let i = 0; i < 5; i++) {
      const res = await request(sys.scoringUrl).get('/v1/campaigns').set(bearer(unknown));
      expect([res.status, res.body.error.code]).toEqual([401, 'AUTH.UNAUTHORIZED']);
    }
    expect(lookups).toHaveBeenCalledTimes(1);
    await request(sys.scoringUrl).get('/v1/campaigns').set(bearer(unknown.replace('ab12', 'cd34'))).expect(401);
    expect(lookups).toHaveBeenCalledTimes(2);
  });

  it('should not let the negative cache block a key this process issues later under a remembered prefix', async () => {
    const keys = sys.api.get(ApiKeyService);
    const prefix = 'fe'.repeat(6);
    await request(sys.apiUrl).get('/v1/campaigns').set(bearer(`cyu_${prefix}_${'y'.repeat(43)}`)).expect(401); // now remembered as unknown
    const secret = Buffer.alloc(32, 7).toString('base64url');
    const crypto = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    jest.spyOn(crypto, 'randomBytes').mockImplementationOnce(() => Buffer.from(prefix, 'hex')).mockImplementationOnce(() => Buffer.from(secret, 'base64url'));
    const { plaintext } = await keys.issue(sys.workspaceId, 'same prefix', 'viewer');
    jest.restoreAllMocks();
    expect(plaintext).toBe(`cyu_${prefix}_${secret}`);
    await request(sys.apiUrl).get('/v1/campaigns').set(bearer(plaintext)).expect(200);
  });
});
