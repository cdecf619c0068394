import { OutboundMessageEntity } from '@lib/persistence';

/** A message as the API shows it: the participant by the caller's own (external) id. */
export interface MessageView {
  id: string;
  workspaceId: string;
  campaignId: string;
  activityId: string;
  participantId: string | null;
  channel: string;
  purpose: string;
  body: Record<string, unknown>;
  status: string;
  deferredUntil: Date | null;
  attempts: number;
  sentAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

// Fields are listed, not spread, so a new internal column is not published by accident.
export function toMessageView(m: OutboundMessageEntity, externalIds: ReadonlyMap<string, string>): MessageView {
  return {
    id: m.id,
    workspaceId: m.workspaceId,
    campaignId: m.campaignId,
    activityId: m.activityId,
    participantId: externalIds.get(m.participantId) ?? null,
    channel: m.channel,
    purpose: m.purpose,
    body: m.body,
    status: m.status,
    deferredUntil: m.deferredUntil,
    attempts: m.attempts,
    sentAt: m.sentAt,
    lastError: m.lastError,
    createdAt: m.createdAt,
  };
}
