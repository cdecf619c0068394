import { Injectable } from '@nestjs/common';
import { WebhookEnv } from '@lib/config';
import { ChannelAdapter, OutboundDelivery } from '../channel-adapter';
import { assertPublicDestination } from './destination-guard';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signPayload, workspaceSigningKey } from './signature';

/**
 * POSTs each message to the workspace's webhook URL, signed with HMAC-SHA256 over
 * timestamp + body with the workspace's signing key (GET /v1/workspace/signing-key). A non-2xx answer or a timeout throws, and BullMQ retries with
 * exponential backoff; the receiver de-duplicates on `id`.
 */
@Injectable()
export class WebhookAdapter implements ChannelAdapter {
  readonly channel = 'webhook';

  constructor(private readonly env: WebhookEnv) {}

  async send(delivery: OutboundDelivery): Promise<void> {
    if (!delivery.endpoint) throw new Error('workspace has no webhook URL configured');
    await assertPublicDestination(delivery.endpoint, this.env.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    const body = JSON.stringify({
      id: delivery.messageId,
      campaignId: delivery.campaignId,
      participantId: delivery.participantRef,
      purpose: delivery.purpose,
      message: delivery.body,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(delivery.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signPayload(workspaceSigningKey(this.env.WEBHOOK_SIGNING_SECRET, delivery.workspaceId), timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
      },
      body,
      signal: AbortSignal.timeout(this.env.WEBHOOK_TIMEOUT_MS),
      redirect: 'error', // a redirect could lead past the destination check
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}
