/** What an adapter needs to deliver one message; the body never holds contact data. */
export interface OutboundDelivery {
  messageId: string;
  workspaceId: string;
  campaignId: string;
  /** The participant's external id: the receiving system maps it to a person. */
  participantRef: string;
  purpose: string;
  body: Record<string, unknown>;
  /** Destination configured for the workspace (webhook URL), when the adapter needs one. */
  endpoint: string | null;
}

export interface ChannelAdapter {
  /** Adapter name stored on nodes and messages: a wire contract. */
  readonly channel: string;
  /** Delivers, or throws to be retried with backoff. Must tolerate repeats of the same message id. */
  send(delivery: OutboundDelivery): Promise<void>;
}

export const CHANNEL_ADAPTERS = Symbol('CHANNEL_ADAPTERS');
