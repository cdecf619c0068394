import request from 'supertest';
import { campaignBody, socialPostNodeBody } from './factories';
import { waitFor } from './system';

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

/** Creates a campaign with one node through the admin API and takes it live; returns its id. */
export async function createLiveCampaign(
  apiUrl: string,
  key: string,
  campaign: Record<string, unknown> = {},
  node: Record<string, unknown> = {},
): Promise<string> {
  const api = request(apiUrl);
  const trigger = (node.trigger as { eventType?: string } | undefined)?.eventType;
  if (trigger) await declareEventType(apiUrl, key, trigger);
  const id = (await api.post('/v1/campaigns').set(auth(key)).send(campaignBody(campaign)).expect(201)).body.id as string;
  await api.post(`/v1/campaigns/${id}/nodes`).set(auth(key)).send(socialPostNodeBody(node)).expect(201);
  await api.post(`/v1/campaigns/${id}/status`).set(auth(key)).send({ status: 'scheduled' }).expect(200);
  await api.post(`/v1/campaigns/${id}/status`).set(auth(key)).send({ status: 'live' }).expect(200);
  return id;
}

/** Declares a custom event type (no field rules) unless it is built in or declared already. */
export async function declareEventType(apiUrl: string, key: string, name: string, fields: Record<string, unknown>[] = []): Promise<void> {
  const res = await request(apiUrl).post('/v1/event-types').set(auth(key)).send({ name, fields });
  if (![201, 409].includes(res.status)) throw new Error(`declaring event type ${name}: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface SentMessage {
  id: string;
  purpose: string;
  body: { invitationId: string; topic: string; prompts: string[] } & Record<string, unknown>;
}

/** Waits for the first sent sandbox message to a participant (their invitation). */
export function waitForInvitation(apiUrl: string, key: string, participantId: string): Promise<SentMessage> {
  return waitFor(async () => {
    const page = (await request(apiUrl).get('/v1/messages').query({ participantId, status: 'sent' }).set(auth(key))).body;
    return (page.items?.[0] as SentMessage | undefined) ?? null;
  }, `the invitation to ${participantId}`);
}

export interface NodeVerdictView {
  nodeName: string;
  matched: boolean;
  reason?: string;
}

/** Waits until the router has recorded its verdicts for an event, and returns them. */
export function waitForVerdicts(apiUrl: string, key: string, eventId: string): Promise<NodeVerdictView[]> {
  return waitFor(async () => {
    const body = (await request(apiUrl).get(`/v1/events/${eventId}/explain`).set(auth(key))).body;
    return body.basis === 'recorded' ? (body.nodes as NodeVerdictView[]) : null;
  }, `the routing verdicts of ${eventId}`);
}
