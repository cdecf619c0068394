import { Inject, Injectable } from '@nestjs/common';
import { WebhookEnv } from '@lib/config';
import { ChannelAdapter, OutboundDelivery } from '../channel-adapter';
import { resolveDestination } from './destination-guard';
import { HOST_RESOLVER, HostResolver } from './host-resolver';
import { postPinned } from './pinned-post';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signPayload, workspaceSigningKey } from './signature';

/**
 * POSTs each message to the workspace's webhook URL, signed with HMAC-SHA256 over
 * timestamp + body with the workspace's signing key (GET /v1/workspace/signing-key). The host
 * is resolved once, every address checked, and the socket connects to a checked address
 * (no second DNS answer can rebind it). A non-2xx answer, a timeout or a DNS failure throws
 * and BullMQ retries with backoff; a blocked destination is a DomainError and is not retried.
 * The receiver de-duplicates on `id`.
 */
@Injectable()
export class WebhookAdapter implements ChannelAdapter {
  readonly channel = 'webhook';

  constructor(
    private readonly env: WebhookEnv,
    @Inject(HOST_RESOLVER) private readonly resolver: HostResolver,
  ) {}

  async send(delivery: OutboundDelivery): Promise<void> {
    if (!delivery.endpoint) throw new Error('workspace has no webhook URL configured');
    const destination = await resolveDestination(delivery.endpoint, {
      allowPrivate: this.env.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      resolver: this.resolver,
      timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
    });
    const body = JSON.stringify({
      id: delivery.messageId,
      campaignId: delivery.campaignId,
      participantId: delivery.participantRef,
      purpose: delivery.purpose,
      message: delivery.body,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const status = await postPinned(destination, {
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signPayload(workspaceSigningKey(this.env.WEBHOOK_SIGNING_SECRET, delivery.workspaceId), timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
      },
      body,
      timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
    });
    if (status < 200 || status >= 300) throw new Error(`webhook answered ${status}`);
  }
}
