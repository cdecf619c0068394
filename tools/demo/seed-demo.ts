// Seeds the demo through the public HTTP API, as a shop would: a "Tuesday open purchase"
// campaign with a post-after-purchase node, then a few hundred simulated events.
// Usage: node dist/tools/demo/seed-demo.js <apiUrl> <adminKey>
import { DateTime } from 'luxon';
import { seedAccess } from './seed-access';

const [apiUrl, key] = process.argv.slice(2);
const BUYERS = 120;
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res = await fetch(`${apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  // Admin writes are rate limited per key (RATE_LIMIT_WRITES_PER_KEY): wait as told, like any client.
  for (let tries = 0; res.status === 429 && tries < 30; tries++) {
    await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
    res = await fetch(`${apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }
  const json = (await res.json()) as T & { error?: { code: string; message: string } };
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${json.error?.code}: ${json.error?.message}`);
  return json;
}

function bar(label: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(`\r  ${label.padEnd(22)} [${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stdout.write('\n');
}

// Business time: the most recent Tuesday 10:00–22:00 in Shanghai that is already past.
function lastTuesdayMoments(count: number): string[] {
  let day = DateTime.now().setZone('Asia/Shanghai').startOf('day');
  while (day.weekday !== 2 || day.set({ hour: 10 }) > DateTime.now()) day = day.minus({ days: 1 });
  const end = DateTime.min(day.set({ hour: 22 }), DateTime.now().minus({ minutes: 1 }));
  const span = end.toMillis() - day.set({ hour: 10 }).toMillis();
  return Array.from({ length: count }, (_, i) => day.set({ hour: 10 }).plus({ milliseconds: Math.floor((span * i) / count) }).toISO()!);
}

async function main(): Promise<void> {
  const existing = await call<{ items: { name: string }[] }>('GET', '/v1/campaigns?limit=200');
  if (existing.items.some((c) => c.name === 'Tuesday open purchase')) {
    console.log('  demo campaign already there; not seeding again');
    return;
  }
  const campaign = await call<{ id: string }>('POST', '/v1/campaigns', {
    name: 'Tuesday open purchase',
    description: 'On Tuesdays anyone may buy without a reservation code; every buyer is invited to post with topic prompts.',
    timezone: 'Asia/Shanghai',
    // It began the day before the Tuesday the demo replays, so those sales fall inside it.
    startsAt: DateTime.fromISO(lastTuesdayMoments(1)[0]).minus({ days: 1 }).toISO(),
    quietHours: { from: '23:30', to: '07:00' },
    frequencyCap: { max: 5, perHours: 24 },
  });
  await call('POST', `/v1/campaigns/${campaign.id}/nodes`, {
    name: 'Post a Weibo after an open purchase',
    trigger: { eventType: 'purchase', conditions: [{ field: 'openPurchase', op: 'eq', value: true }] },
    window: { weekly: [{ days: [2], from: '10:00', to: '22:00' }] },
    reentry: 'once_per_window',
    // The replayed Tuesday may be up to a week old: accept sales synced that late.
    maxLatenessHours: 240,
    mechanic: {
      kind: 'social-post',
      config: {
        prompts: ['More egg or more pancake?', 'More chili sauce or less?', 'Which colour did you pick?', 'Who will you lend it to first?'],
        promptsToShow: 2,
        topic: 'XiaomiTuesday',
        deadlineHours: 240,
        reward: { description: 'a fan badge and a sticker pack' },
      },
    },
  });
  await call('POST', `/v1/campaigns/${campaign.id}/status`, { status: 'scheduled' });
  await call('POST', `/v1/campaigns/${campaign.id}/status`, { status: 'live' });

  const moments = lastTuesdayMoments(BUYERS);
  const purchases = moments.map((occurredAt, i) => ({
    type: 'purchase',
    participantId: `buyer-${1000 + i}`,
    occurredAt,
    idempotencyKey: `demo-order-${i}`,
    data: { orderId: `demo-order-${i}`, currency: 'CNY', sku: i % 3 === 0 ? 'mi-band' : 'mi-phone', openPurchase: true, amount: i % 3 === 0 ? 199 : 1999 },
  }));
  for (let i = 0; i < purchases.length; i += 40) {
    await call('POST', '/v1/events', { events: purchases.slice(i, i + 40) });
    bar('purchases', Math.min(i + 40, purchases.length), purchases.length);
  }

  // Each buyer answers their own invitation (the id arrives in the sandbox message).
  const invitations: string[] = [];
  for (let tries = 0; tries < 200; tries++) {
    const missing = purchases.map((p, i) => (invitations[i] ? null : { p, i })).filter((x) => x !== null);
    if (missing.length === 0) break;
    for (const { p, i } of missing.slice(0, 40)) {
      const page = await call<{ items: { body: { invitationId: string } }[] }>('GET', `/v1/messages?participantId=${p.participantId}&limit=1`);
      if (page.items[0]) invitations[i] = page.items[0].body.invitationId;
    }
    bar('invitations sent', invitations.filter(Boolean).length, BUYERS);
    await new Promise((r) => setTimeout(r, 100));
  }

  const now = new Date().toISOString();
  const spread: Record<string, unknown>[] = [];
  let n = 0;
  invitations.forEach((invitationId, i) => {
    if (!invitationId || i % 5 === 4) return; // a fifth never post
    const text = i % 7 === 0 ? 'Bought it!' : 'Got mine on ＃XiaomiTuesday＃ — more egg, less chili!';
    // Every third buyer posts without the invitation link: the post is found by its topic.
    const ref = i % 3 === 0 ? {} : { invitationId };
    spread.push({ type: 'post', participantId: `buyer-${1000 + i}`, occurredAt: now, idempotencyKey: `demo-post-${i}`, channel: 'weibo', data: { postId: `wb-${i}`, text, ...ref } });
    // Some fans follow the brand directly (a new follower of every running campaign).
    if (i % 4 === 1) spread.push({ type: 'follow', participantId: `brand-fan-${i}`, occurredAt: now, idempotencyKey: `demo-bf-${i}`, channel: 'weibo', data: {} });
    const fans = 1 + (i % 4);
    for (let f = 0; f < fans; f++) {
      const channel = ['weibo', 'wechat', 'qq_zone', 'forum'][(i + f) % 4];
      const child = `wb-${i}-${f}`;
      spread.push({ type: 'repost', participantId: `fan-${n++}`, occurredAt: now, idempotencyKey: `demo-rp-${child}`, channel, data: { postId: child, parentPostId: `wb-${i}` } });
      if (f === 0 && i % 2 === 0) {
        spread.push({ type: 'repost', participantId: `fan-${n++}`, occurredAt: now, idempotencyKey: `demo-rp-${child}-x`, channel: 'wechat', data: { postId: `${child}-x`, parentPostId: child } });
        spread.push({ type: 'follow', participantId: `fan-${n++}`, occurredAt: now, idempotencyKey: `demo-fo-${child}`, channel: 'weibo', data: { parentPostId: child } });
      }
    }
  });
  for (let i = 0; i < spread.length; i += 50) {
    await call('POST', '/v1/events', { events: spread.slice(i, i + 50) });
    bar('posts and reposts', Math.min(i + 50, spread.length), spread.length);
  }
  console.log(`  seeded ${purchases.length + spread.length} events into campaign ${campaign.id}`);
  await seedAccess(call, campaign.id);
}

main().catch((err: Error) => {
  console.error(`\n  seeding failed: ${err.message}`);
  process.exit(1);
});
