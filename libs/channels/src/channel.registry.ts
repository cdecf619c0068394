import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes } from '@lib/domain';
import { CHANNEL_ADAPTERS, ChannelAdapter } from './channel-adapter';

@Injectable()
export class ChannelRegistry {
  private readonly byName = new Map<string, ChannelAdapter>();

  constructor(@Inject(CHANNEL_ADAPTERS) adapters: ChannelAdapter[]) {
    for (const adapter of adapters) {
      if (this.byName.has(adapter.channel)) throw new Error(`channel adapter '${adapter.channel}' is registered twice`);
      this.byName.set(adapter.channel, adapter);
    }
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  get(name: string): ChannelAdapter {
    const adapter = this.byName.get(name);
    if (!adapter) throw new DomainError(ErrorCodes.VALIDATION_FAILED, `unknown channel '${name}'`, 'validation', { known: this.names() });
    return adapter;
  }
}
