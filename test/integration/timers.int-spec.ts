import { DateTime } from 'luxon';
import request from 'supertest';
import { CampaignClock } from '../../apps/worker/src/maintenance/campaign-clock';
import { DeadlineHandler } from '../../apps/worker/src/mechanics/mechanic-runner';
import { SendMessageHandler } from '../../apps/worker/src/outreach/send-message.handler';
import { campaignBody, createLiveCampaign, eventBody, waitFor, waitForInvitation } from '@lib/testing';
import { useSystem } from '../support/system';

// Time-driven work: the campaign clock and mechanic deadlines, judged in business time.
describe('timers', () => {
  const sys = useSystem('Clockwork');

  it('should start a scheduled campaign at startsAt and end it at endsAt, with an audit record each', async () => {
    const api = request(sys.apiUrl);
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const id = (await api.post('/v1/campaigns').set(sys.auth()).send(campaignBody({ startsAt: iso(now - 60_000), endsAt: iso(now + 3_600_000) })).expect(201)).body.id;
    await api.post(`/v1/campaigns/${id}/status`).set(sys.auth()).send({ status: 'scheduled' }).expect(200);
    const clock = sys.worker.get(CampaignClock);

    expect(await clock.tick(new Date(now))).toEqual({ started: 1, ended: 0 });
    expect((await api.get(`/v1/campaigns/${id}`).set(sys.auth()).expect(200)).body.status).toBe('live');
    expect(await clock.tick(new Date(now))).toEqual({ started: 0, ended: 0 });
    expect(await clock.tick(new Date(now + 3_600_001))).toEqual({ started: 0, ended: 1 });
    expect((await api.get(`/v1/campaigns/${id}`).set(sys.auth()).expect(200)).body.status).toBe('ended');

    const audit = (await api.get('/v1/audit-log').set(sys.auth()).expect(200)).body.items.filter((a: { targetId: string; action: string }) => a.targetId === id && a.action === 'campaign.transition');
    expect(audit.map((a: { details: { to: string; by?: string } }) => [a.details.to, a.details.by])).toEqual([
      ['ended', 'schedule'],
      ['live', 'schedule'],
      ['scheduled', undefined],
    ]);
  });

  it('should expire an unanswered invitation at its deadline, yet count a post made before it that syncs late', async () => {
    await createLiveCampaign(sys.apiUrl, sys.key, { name: 'deadlines' }, { trigger: { eventType: 'purchase-deadline' } });
    await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send(eventBody('purchase-deadline', 'slow-poster')).expect(202);
    const invitation = await waitForInvitation(sys.apiUrl, sys.key, 'slow-poster');
    const activityId = invitation.body.invitationId;
    // The deadline passes (moved into the past here rather than waiting 72 hours).
    await sys.db.query(`UPDATE activity SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [activityId]);
    await sys.worker.get(DeadlineHandler).handle({ v: 1, workspaceId: sys.workspaceId, activityId });
    expect((await sys.db.query('SELECT state FROM activity WHERE id = $1', [activityId]))[0].state).toBe('expired');

    // The post was made two minutes before the deadline; the shop syncs it only now.
    const madeAt = new Date(Date.now() - 3 * 60_000).toISOString();
    const post = eventBody('post', 'slow-poster', { occurredAt: madeAt, channel: 'weibo', data: { postId: 'late-sync', invitationId: activityId, text: '#XiaomiTuesday#' } });
    await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send(post).expect(202);
    await waitFor(() => sys.db.query(`SELECT 1 FROM spread_event WHERE post_ref = 'late-sync' AND status = 'counted'`).then((r) => r.length > 0), 'the late post counted');
    expect((await sys.db.query('SELECT state FROM activity WHERE id = $1', [activityId]))[0].state).toBe('completed');
  });

  it('should not send an invitation held (quiet hours) until after its deadline, and say why the activity expired', async () => {
    const local = DateTime.now().setZone('Asia/Shanghai');
    const quietHours = { from: local.minus({ hours: 1 }).toFormat('HH:00'), to: local.plus({ hours: 2 }).toFormat('HH:00') };
    await createLiveCampaign(sys.apiUrl, sys.key, { name: 'held too long', quietHours }, { trigger: { eventType: 'purchase-held' } });
    const eventId = (await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send(eventBody('purchase-held', 'night-buyer')).expect(202)).body.results[0].eventId;
    const [held] = await waitFor(async () => {
      const rows = await sys.db.query(`SELECT m.id, m.activity_id FROM outbound_message m JOIN activity a ON a.id = m.activity_id WHERE a.trigger_event_id = $1 AND m.deferred_until IS NOT NULL`, [eventId]);
      return rows.length ? rows : null;
    }, 'the invitation held by quiet hours');
    // Time passes past the deadline while the message is held (moved here instead of waiting).
    await sys.db.query(`UPDATE outbound_message SET expires_at = now() - interval '1 minute' WHERE id = $1`, [held.id]);
    await sys.db.query(`UPDATE activity SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [held.activity_id]);
    await sys.worker.get(SendMessageHandler).handle({ v: 1, workspaceId: sys.workspaceId, messageId: held.id }, { job: {} as never });
    expect((await sys.db.query('SELECT status, sent_at, last_error FROM outbound_message WHERE id = $1', [held.id]))[0]).toEqual({ status: 'expired', sent_at: null, last_error: 'DEADLINE_PASSED_BEFORE_SEND' });
    await sys.worker.get(DeadlineHandler).handle({ v: 1, workspaceId: sys.workspaceId, activityId: held.activity_id });
    const explained = (await request(sys.apiUrl).get(`/v1/events/${eventId}/explain`).set(sys.auth()).expect(200)).body;
    expect(explained.nodes[0].activity).toMatchObject({ state: 'expired', reason: 'INVITATION_NOT_SENT_BEFORE_DEADLINE' });
  });
});
