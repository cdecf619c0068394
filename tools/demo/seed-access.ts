// The access half of the demo, through the public API: fan circles as rings with a seeded inner
// ring, F-codes for core fans behind a Tuesday purchase gate, and a bring-a-friend referral
// node with two generations of sign-ups. Called by seed-demo.ts once its campaign is live.
type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function seedAccess(call: Call, campaignId: string): Promise<void> {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  await call('POST', '/v1/circles', { name: 'honorary-developers', position: 1, phases: [{ opensAt: yesterday, seats: 10 }] });
  await call('POST', '/v1/circles', { name: 'core-fans', position: 2, promotion: { mode: 'rule', match: 'any', minPoints: 3, minSpreadScore: 5 }, demoteAfterInactiveDays: 90 });
  await call('POST', '/v1/circles', { name: 'fans', position: 3, promotion: { mode: 'rule', minPoints: 1 } });
  // Fourteen ask for the ten seats of the inner ring: ten are in, four wait in line.
  for (let i = 0; i < 14; i++) await call('POST', '/v1/circles/honorary-developers/admissions', { participantId: `buyer-${1000 + i}` });
  const coreFans = Array.from({ length: 10 }, (_, i) => `buyer-${1020 + i}`);
  for (const id of coreFans) await call('PUT', `/v1/participants/${id}`, { circle: 'core-fans' });
  console.log('  fan circles: honorary-developers (10 seats, 4 waiting), core-fans (10), fans');

  // Outside Tuesday's open purchase the phone needs an F-code; core fans get one each.
  await call('PUT', `/v1/campaigns/${campaignId}/purchase-gate`, { skus: ['mi-phone'], openPurchase: [{ days: [2], from: '10:00', to: '22:00' }] });
  const pool = await call<{ id: string }>('POST', `/v1/campaigns/${campaignId}/code-pools`, {
    name: 'Mi phone F-codes', circles: ['core-fans'], perParticipantLimit: 2, skus: ['mi-phone'], holdSeconds: 900, capacity: 1000,
  });
  for (const id of coreFans) await call('POST', `/v1/campaigns/${campaignId}/code-pools/${pool.id}/allocations`, { participantId: id, count: 1 });
  console.log('  purchase gate: mi-phone on Tuesdays 10:00–22:00 (Asia/Shanghai) or with an F-code; 10 codes allocated');

  // Bring a friend: five first sign-ups get codes; each brings two friends.
  await call('POST', `/v1/campaigns/${campaignId}/nodes`, {
    name: 'Bring a friend',
    trigger: { eventType: 'signup' },
    reentry: 'once',
    mechanic: { kind: 'referral', config: { linkTemplate: 'https://shop.example/r/{code}' } },
  });
  const at = new Date().toISOString();
  const seeds = Array.from({ length: 5 }, (_, i) => `friend-seed-${i}`);
  await call('POST', '/v1/events', { events: seeds.map((id) => ({ type: 'signup', participantId: id, occurredAt: at, idempotencyKey: `demo-signup-${id}`, data: {} })) });
  const codes: string[] = [];
  for (let tries = 0; tries < 100 && codes.length < seeds.length; tries++) {
    codes.length = 0;
    for (const id of seeds) {
      const page = await call<{ items: { body: { kind?: string; code?: string } }[] }>('GET', `/v1/messages?participantId=${id}&limit=5`);
      const code = page.items.find((m) => m.body.kind === 'referral.code')?.body.code;
      if (code) codes.push(code);
    }
    if (codes.length < seeds.length) await sleep(200);
  }
  const friends = codes.flatMap((code, i) => [0, 1].map((f) => ({
    type: 'signup', participantId: `friend-${i}-${f}`, occurredAt: new Date().toISOString(), idempotencyKey: `demo-signup-friend-${i}-${f}`, data: { referralCode: code },
  })));
  if (friends.length > 0) await call('POST', '/v1/events', { events: friends });
  console.log(`  referrals: ${seeds.length} first sign-ups, ${friends.length} friends they brought`);
}
