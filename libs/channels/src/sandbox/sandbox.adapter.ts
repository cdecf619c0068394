import { Injectable } from '@nestjs/common';
import { ChannelAdapter, OutboundDelivery } from '../channel-adapter';

/**
 * Delivers nowhere: the message row in Postgres is the delivery, readable at
 * GET /v1/messages. The default channel for the demo and tests.
 */
@Injectable()
export class SandboxAdapter implements ChannelAdapter {
  readonly channel = 'sandbox';

  async send(_delivery: OutboundDelivery): Promise<void> {
    // Nothing to do beyond the status change the sender records.
  }
}
