import 'reflect-metadata';
import { Request } from 'express';
import { DataSource } from 'typeorm';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER, workspaceSigningKey } from '@lib/channels';
import { IngestEnv, WebhookEnv } from '@lib/config';
import { DomainError, ErrorCodes } from '@lib/domain';
import { IngestService } from '../ingest/ingest.service';
import { CallbackReplayGuard } from './callback-replay-guard';
import { CallbacksController } from './callbacks.controller';

const WS = '0b6f7d3e-2c1a-4f3b-9a53-1f2e3d4c5b6a';
const webhookEnv = Object.assign(new WebhookEnv(), { WEBHOOK_SIGNING_SECRET: 'k'.repeat(40) });
const event = { type: 'follow', participantId: 'p-1', occurredAt: new Date(Date.now() - 1000).toISOString(), idempotencyKey: 'cb-1', channel: 'weibo', data: { parentPostId: 'wb-1' } };

/** A replay guard fake: remembers claims in memory, records releases. */
class FakeGuard {
  readonly claimed = new Set<string>();
  readonly released: string[] = [];
  async claim(_ws: string, signature: string): Promise<void> {
    if (this.claimed.has(signature)) throw new DomainError(ErrorCodes.WEBHOOK_REPLAYED, 'replayed', 'unauthorized');
    this.claimed.add(signature);
  }
  async release(_ws: string, signature: string): Promise<void> {
    this.released.push(signature);
    this.claimed.delete(signature);
  }
}

function setup(ingest: () => Promise<unknown>) {
  const guard = new FakeGuard();
  const db = { getRepository: () => ({ existsBy: async () => true }) } as unknown as DataSource;
  const ingestService = { ingest: jest.fn(ingest) } as unknown as IngestService & { ingest: jest.Mock };
  const controller = new CallbacksController(db, ingestService, guard as unknown as CallbackReplayGuard, webhookEnv, new IngestEnv());
  const body = JSON.stringify(event);
  const now = Math.floor(Date.now() / 1000);
  const signature = signPayload(workspaceSigningKey(webhookEnv.WEBHOOK_SIGNING_SECRET, WS), now, body);
  const headers: Record<string, string> = { [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: String(now) };
  const req = { header: (name: string) => headers[name], rawBody: Buffer.from(body) } as unknown as Request;
  return { guard, ingestService, signature, send: () => controller.callback(WS, req, JSON.parse(body)) };
}

describe('CallbacksController', () => {
  it('should ingest once and refuse the same signed request the second time', async () => {
    const { send, ingestService } = setup(async () => ({ accepted: 1 }));
    await expect(send()).resolves.toEqual({ accepted: 1 });
    await expect(send()).rejects.toMatchObject({ code: 'WEBHOOK.REPLAYED' });
    expect(ingestService.ingest).toHaveBeenCalledTimes(1);
  });

  it("should give the claim back when storing fails, so the sender's retry of the same request is accepted", async () => {
    let fail = true;
    const { send, guard, signature } = setup(async () => {
      if (fail) throw new Error('database down');
      return { accepted: 1 };
    });
    await expect(send()).rejects.toThrow('database down');
    expect(guard.released).toEqual([signature]);
    fail = false;
    await expect(send()).resolves.toEqual({ accepted: 1 });
  });
});
