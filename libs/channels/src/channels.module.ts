import { Module } from '@nestjs/common';
import { CHANNEL_ADAPTERS, ChannelAdapter } from './channel-adapter';
import { ChannelRegistry } from './channel.registry';
import { SandboxAdapter } from './sandbox/sandbox.adapter';
import { HOST_RESOLVER, systemResolver } from './webhook/host-resolver';
import { WebhookAdapter } from './webhook/webhook.adapter';

/** Every channel adapter; Weibo/WeChat/QQ adapters plug in here through the same interface. */
export const CHANNEL_ADAPTER_CLASSES = [SandboxAdapter, WebhookAdapter];
export const CHANNEL_NAMES = ['sandbox', 'webhook'] as const;

@Module({
  providers: [
    { provide: HOST_RESOLVER, useValue: systemResolver },
    ...CHANNEL_ADAPTER_CLASSES,
    { provide: CHANNEL_ADAPTERS, inject: CHANNEL_ADAPTER_CLASSES, useFactory: (...a: ChannelAdapter[]) => a },
    ChannelRegistry,
  ],
  exports: [ChannelRegistry],
})
export class ChannelsModule {}
