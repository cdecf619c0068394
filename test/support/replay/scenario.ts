import { DateTime } from 'luxon';
import { Prng } from './prng';

export const ZONE = 'Asia/Shanghai';
export const TOPIC = '小米 星期二';
export const CHANNELS = ['wechat', 'qq_zone', 'forum', 'weibo', 'sandbox'] as const;

/** How an instant is written on the wire: its zone offset and whether it shows milliseconds. */
export interface Spelling {
  zone: 'Asia/Shanghai' | 'UTC' | 'UTC-5';
  ms: boolean;
}

interface Base {
  key: string;
  actor: string;
  at: DateTime; // UTC
  spelling: Spelling;
  channel?: string;
}
export interface Purchase extends Base {
  kind: 'purchase';
  orderId: string;
  amount: number;
}
export interface Post extends Base {
  kind: 'post';
  postId: string;
  /** The purchase whose activity id goes into data.invitationId (none: found by topic). */
  invitationOf?: string;
  text?: string;
  topics?: string[];
  /** Found by its topic and sent with the purchases, before its activity opens. */
  early?: boolean;
}
export interface Repost extends Base {
  kind: 'repost';
  postId: string;
  parentPostId: string;
  /** Sent with the purchases, before its parent exists. */
  early: boolean;
}
export interface Follow extends Base {
  kind: 'follow';
  early: boolean;
}
export type Fact = Purchase | Post | Repost | Follow;

export interface Scenario {
  now: DateTime;
  startsAt: DateTime;
  purchases: Purchase[];
  posts: Post[];
  reposts: Repost[];
  follows: Follow[];
}

const HOUR = 3_600_000;
const TEXTS = [`买了！#${TOPIC}# 多加蛋`, `＃${TOPIC}＃ 好吃`, `#小米　星期二# 全角空格`, `Got it #${TOPIC}#!`];

/** The facts of a seeded multi-day campaign, every instant in the past. */
export function generateScenario(seed: number, buyers: number, now = DateTime.utc().startOf('second')): Scenario {
  const r = new Prng(seed);
  const spelling = (): Spelling => ({ zone: r.pick(['Asia/Shanghai', 'UTC', 'UTC-5'] as const), ms: r.chance(0.5) });
  const instant = (at: DateTime) => (r.chance(0.5) ? at.set({ millisecond: r.int(1, 999) }) : at);
  const s: Scenario = { now, startsAt: now.minus({ days: 9 }), purchases: [], posts: [], reposts: [], follows: [] };
  const today = now.setZone(ZONE).startOf('day');
  for (let b = 0; b < buyers; b++) {
    for (let d = 0; d <= 7; d++) {
      if (!r.chance(0.6)) continue;
      const inSlot = r.chance(0.8);
      const minute = inSlot ? r.int(600, 1318) : r.pick([r.int(0, 598), r.int(1321, 1439)]);
      const at = instant(today.minus({ days: d }).plus({ minutes: minute, seconds: r.int(0, 59) })).toUTC();
      const age = now.diff(at).as('hours');
      if (age < 0.5 || (age > 47 && age < 49)) continue; // keep clear of "now" and of the 48 h edge
      s.purchases.push({ kind: 'purchase', key: `p-${b}-${d}`, actor: `buyer-${b}`, at, spelling: spelling(), orderId: `o-${b}-${d}`, amount: r.int(1, 5000) / 10 });
    }
  }
  const slot = (p: Purchase) => { const h = p.at.setZone(ZONE).hour; return h >= 10 && h < 22; };
  const entered = s.purchases.filter(slot);
  let n = 0;
  const post = (p: Purchase, at: DateTime, extra: Partial<Post>): Post => {
    const made: Post = { kind: 'post', key: `post-${++n}`, actor: p.actor, at: instant(at), spelling: spelling(), postId: `wb-${n}`, channel: r.chance(0.3) ? undefined : r.pick(CHANNELS), ...extra };
    s.posts.push(made);
    return made;
  };
  const text = () => (r.chance(0.2) ? { text: 'photo only', topics: [r.chance(0.5) ? TOPIC : `#${TOPIC}#`] } : { text: r.pick(TEXTS) });
  const inWindow = (p: Purchase, at: DateTime) => at >= p.at && at.toMillis() <= p.at.toMillis() + 48 * HOUR;
  const alone = (p: Purchase, at: DateTime) => !entered.some((o) => o !== p && o.actor === p.actor && inWindow(o, at));
  const latest = now.minus({ minutes: 2 });
  for (const p of entered) {
    const room = Math.min(47 * HOUR, latest.toMillis() - p.at.toMillis());
    const at = p.at.plus({ milliseconds: r.int(5 * 60_000, Math.max(5 * 60_000, room)) });
    if (at > latest) continue;
    const roll = r.next();
    if (roll < 0.45) post(p, at, { invitationOf: p.key, ...text() });
    else if (roll < 0.8 && alone(p, at)) post(p, at, { ...text(), early: r.chance(0.3) });
  }
  const regular = s.posts.length;
  // One invited post without the topic, one answer after the deadline of an expired activity.
  // Activities nobody answers yet (so the verdict is not ALREADY_COMPLETED, whatever the arrival order).
  const unanswered = (p: Purchase) => !s.posts.some((x) => x.invitationOf === p.key || (x.actor === p.actor && !x.invitationOf && inWindow(p, x.at)));
  const invitedOnes = entered.filter((p) => now.diff(p.at).as('hours') < 47 && unanswered(p));
  const expiredOnes = entered.filter((p) => now.diff(p.at).as('hours') > 60 && unanswered(p));
  if (invitedOnes[0]) post(invitedOnes[0], invitedOnes[0].at.plus({ minutes: 7 }), { invitationOf: invitedOnes[0].key, text: '买了，好吃 #小米#' });
  for (const p of expiredOnes.slice(0, 2)) post(p, p.at.plus({ hours: 49 }), { invitationOf: p.key, text: `迟到了 #${TOPIC}#` });
  // A post nobody invited: it waits for ever, and so does its repost.
  const lurker: Purchase = { kind: 'purchase', key: 'none', actor: 'lurker-1', at: now.minus({ hours: 5 }), spelling: spelling(), orderId: '', amount: 0 };
  post(lurker, lurker.at, { text: `#${TOPIC}# 路过` });

  let m = 0;
  const repost = (parent: Post | Repost, depth: number) => {
    const room = Math.min(6 * HOUR, latest.toMillis() - parent.at.toMillis() - 1000);
    if (room < 60_000) return;
    const at = instant(parent.at.plus({ milliseconds: r.int(60_000, room) }).startOf('second'));
    const actor = r.chance(0.7) ? `fan-${r.int(0, 39)}` : `buyer-${r.int(0, buyers - 1)}`;
    const made: Repost = { kind: 'repost', key: `rp-${++m}`, actor, at, spelling: spelling(), postId: `rp-${m}`, parentPostId: parent.postId, early: r.chance(0.2), channel: r.chance(0.4) ? undefined : r.pick(CHANNELS) };
    s.reposts.push(made);
    if (depth < 2 && r.chance(0.35)) for (let k = r.int(1, 2); k > 0; k--) repost(made, depth + 1);
  };
  const special = new Set(s.posts.slice(regular)); // rejected or waiting posts: always reposted
  for (const p of [...s.posts]) if (special.has(p) || r.chance(0.75)) for (let k = r.int(1, 4); k > 0; k--) repost(p, 1);

  let f = 0;
  const follow = (actor: string, at: DateTime) => s.follows.push({ kind: 'follow', key: `f-${++f}`, actor, at: instant(at), spelling: spelling(), channel: 'weibo', early: r.chance(0.5) });
  for (let i = 0; i < 12; i++) follow(`follower-${i}`, now.minus({ minutes: r.int(10, 8 * 24 * 60) }));
  // Again later (sent first, sometimes): ALREADY_FOLLOWING. One before the campaign: no campaign runs.
  for (const first of s.follows.slice(0, 3)) follow(first.actor, first.at.plus({ hours: 1 }) < latest ? first.at.plus({ hours: 1 }) : latest);
  follow('early-bird', s.startsAt.minus({ hours: 12 }));
  // Following again once the campaign runs makes no new follower: the first follow came before it.
  follow('early-bird', s.startsAt.plus({ days: 2 }));
  return s;
}
