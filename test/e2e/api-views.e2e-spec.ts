import request from 'supertest';
import { campaignBody, createLiveCampaign, eventBody, waitFor, waitForInvitation } from '@lib/testing';
import { useSystem } from '../support/system';

// What the admin API shows: messages by the caller's own participant ids and filtered by
// purpose; campaigns with the scoring weights in effect beside the overrides set.
describe('admin API views', () => {
  const sys = useSystem('Views');
  const api = () => request(sys.apiUrl);

  describe('GET /v1/messages', () => {
    let campaignId: string;

    beforeAll(async () => {
      campaignId = await createLiveCampaign(sys.apiUrl, sys.key, {}, {
        mechanic: { kind: 'social-post', config: { prompts: ['加蛋还是加肠?'], topic: '小米 星期二', reward: { description: 'free soy milk' } } },
      });
      const purchase = eventBody('purchase', 'view-buyer', { data: { orderId: `view-order-${Date.now()}`, amount: 12, currency: 'CNY' } });
      await api().post('/v1/events').set(sys.auth()).send(purchase).expect(202);
      const invitation = await waitForInvitation(sys.apiUrl, sys.key, 'view-buyer');
      expect(invitation.body.topic).toBe('#小米 星期二#');
      // Typed with a Chinese input method: full-width marks and a double space.
      const post = eventBody('post', 'view-buyer', { channel: 'weibo', data: { postId: 'view-1', invitationId: invitation.body.invitationId, text: '好吃＃小米  星期二＃' } });
      await api().post('/v1/events').set(sys.auth()).send(post).expect(202);
      await waitFor(async () => {
        const items = (await api().get('/v1/messages').query({ campaignId }).set(sys.auth())).body.items as { status: string }[];
        return items.length === 2 && items.every((m) => m.status === 'sent');
      }, 'the invitation and the thanks sent');
    });

    it('should show the external participant id, never the internal uuid', async () => {
      const [{ id: internalId }] = await sys.db.query(`SELECT id FROM participant WHERE external_id = 'view-buyer'`);
      for (const query of [{ participantId: 'view-buyer' }, { campaignId }]) {
        const res = await api().get('/v1/messages').query(query).set(sys.auth()).expect(200);
        expect(res.body.items.map((m: { participantId: string }) => m.participantId)).toEqual(['view-buyer', 'view-buyer']);
        expect(JSON.stringify(res.body)).not.toContain(internalId);
      }
      const [thanks] = (await api().get('/v1/messages').query({ participantId: 'view-buyer' }).set(sys.auth())).body.items;
      expect(thanks).toEqual({
        id: expect.any(String),
        workspaceId: sys.workspaceId,
        campaignId,
        activityId: expect.any(String),
        participantId: 'view-buyer',
        channel: 'sandbox',
        purpose: 'thanks',
        body: expect.objectContaining({ kind: 'social-post.thanks', reward: 'free soy milk' }),
        status: 'sent',
        deferredUntil: null,
        attempts: 1,
        sentAt: expect.any(String),
        lastError: null,
        createdAt: expect.any(String),
      });
    });

    it('should filter by purpose', async () => {
      const purposes = async (purpose: string) =>
        (await api().get('/v1/messages').query({ participantId: 'view-buyer', purpose }).set(sys.auth()).expect(200)).body.items.map((m: { purpose: string }) => m.purpose);
      expect(await purposes('invitation')).toEqual(['invitation']);
      expect(await purposes('thanks')).toEqual(['thanks']);
      expect(await purposes('reminder.v2')).toEqual([]);
    });

    it('should refuse a purpose that is not lowercase word characters, dots and dashes, up to 64', async () => {
      for (const purpose of ['Thanks', 'thanks!', 'a b', 'x'.repeat(65)]) {
        const res = await api().get('/v1/messages').query({ purpose }).set(sys.auth());
        expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 400, code: 'REQUEST.VALIDATION_FAILED' });
      }
      await api().get('/v1/messages').query({ purpose: 'x'.repeat(64) }).set(sys.auth()).expect(200);
    });
  });

  describe('campaign scoring', () => {
    const defaults = {
      base: { post: 1, repost: 1, referral: 2, follow: 0.5 },
      tie: { wechat: 1, qq_zone: 0.6, forum: 0.6, weibo: 0.3, sandbox: 1, webhook: 1 },
      depthDecay: 0.8,
    };

    it('should show the weights in effect as scoring and the overrides as scoringOverrides on every endpoint', async () => {
      const overrides = { tie: { weibo: 0.5 }, depthDecay: 0.7 };
      const inEffect = { ...defaults, tie: { ...defaults.tie, weibo: 0.5 }, depthDecay: 0.7 };
      const created = (await api().post('/v1/campaigns').set(sys.auth()).send(campaignBody({ name: 'Weighted', scoring: overrides })).expect(201)).body;
      expect(created).toMatchObject({ scoring: inEffect, scoringOverrides: overrides });
      const id = created.id as string;

      const got = (await api().get(`/v1/campaigns/${id}`).set(sys.auth()).expect(200)).body;
      expect(got).toMatchObject({ id, name: 'Weighted', status: 'draft', scoring: inEffect, scoringOverrides: overrides });
      const listed = (await api().get('/v1/campaigns').set(sys.auth()).expect(200)).body.items.find((c: { id: string }) => c.id === id);
      expect(listed).toMatchObject({ scoring: inEffect, scoringOverrides: overrides });

      // PATCH still sets the overrides: the new set replaces the old one.
      const patched = (await api().patch(`/v1/campaigns/${id}`).set(sys.auth()).send({ scoring: { base: { follow: 1 } } }).expect(200)).body;
      expect(patched).toMatchObject({ scoring: { ...defaults, base: { ...defaults.base, follow: 1 } }, scoringOverrides: { base: { follow: 1 } } });

      const moved = (await api().post(`/v1/campaigns/${id}/status`).set(sys.auth()).send({ status: 'scheduled' }).expect(200)).body;
      expect(moved).toMatchObject({ status: 'scheduled', scoring: { ...defaults, base: { ...defaults.base, follow: 1 } }, scoringOverrides: { base: { follow: 1 } } });
    });

    it('should show the defaults in effect and no overrides when none were set', async () => {
      const created = (await api().post('/v1/campaigns').set(sys.auth()).send(campaignBody({ name: 'Plain' })).expect(201)).body;
      expect(created.scoring).toEqual(defaults);
      expect(created.scoringOverrides).toEqual({});
      expect((await api().get(`/v1/campaigns/${created.id}`).set(sys.auth()).expect(200)).body.scoring).toEqual(defaults);
    });
  });
});
