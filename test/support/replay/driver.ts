import request from 'supertest';
import { Prng } from './prng';
import { Sent } from './ingest-model';

export interface Wire {
  apiUrl: string;
  scoringUrl: string;
  auth(): { authorization: string };
}
export interface LineResult {
  index: number;
  idempotencyKey?: string;
  status: string;
  eventId?: string;
  reason?: string;
  field?: string;
}

/** Shuffles lines and puts each follower (a resend) somewhere after its original. */
export function arrange(r: Prng, lines: Sent[], resends: { of: Sent; line: Sent }[]): Sent[] {
  const out = r.shuffle(lines);
  for (const { of, line } of resends) out.splice(r.int(out.indexOf(of) + 1, out.length), 0, line);
  return out;
}

/** Cuts lines into batches of 20-100. */
export function batches(r: Prng, lines: Sent[]): Sent[][] {
  const out: Sent[][] = [];
  for (let i = 0; i < lines.length; ) {
    const size = r.int(20, 100);
    out.push(lines.slice(i, i + size));
    i += size;
  }
  return out;
}

/** Sends batches one after the other; every line's verdict, in sending order. */
export async function send(w: Wire, sent: Sent[][]): Promise<LineResult[]> {
  const out: LineResult[] = [];
  for (const batch of sent) {
    const res = await request(w.apiUrl).post('/v1/events').set(w.auth()).send({ events: batch.map((l) => l.body) });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    out.push(...(res.body.results as LineResult[]));
  }
  return out;
}

export interface Snapshot {
  outcomes: Record<string, unknown> & { activities: Record<string, number>; messages: Record<string, number> };
  notCounted: Record<string, number>;
}

export async function snapshot(w: Wire, campaignId: string): Promise<Snapshot> {
  const scoring = request(w.scoringUrl);
  const [o, n] = await Promise.all([
    scoring.get(`/v1/campaigns/${campaignId}/outcomes`).set(w.auth()).expect(200),
    scoring.get('/v1/outcomes/not-counted').set(w.auth()).expect(200),
  ]);
  return { outcomes: o.body, notCounted: n.body.notCounted };
}

/**
 * Polls until the figures are what `ready` waits for and have not moved for `quietMs`, or
 * until the timeout; returns the last snapshot either way, so a shortfall shows as a diff.
 */
export async function settle(w: Wire, campaignId: string, ready: (s: Snapshot) => boolean, quietMs = 1500, timeoutMs = 40_000): Promise<Snapshot> {
  const until = Date.now() + timeoutMs;
  let last = await snapshot(w, campaignId);
  let stableSince = Date.now();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 150));
    const next = await snapshot(w, campaignId);
    if (JSON.stringify(next) !== JSON.stringify(last)) stableSince = Date.now();
    last = next;
    if (ready(last) && Date.now() - stableSince >= quietMs) return last;
  }
  return last;
}

/** The whole leaderboard, page by page. */
export async function board(w: Wire, campaignId: string): Promise<{ rank: number; participantId: string; score: number; achievedAt: string }[]> {
  const rows = [];
  for (let offset = 0; ; offset += 100) {
    const page = (await request(w.scoringUrl).get(`/v1/campaigns/${campaignId}/leaderboard`).query({ limit: 100, offset }).set(w.auth()).expect(200)).body.items;
    rows.push(...page);
    if (page.length < 100) return rows;
  }
}
