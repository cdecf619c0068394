import { Post, Purchase, Repost, Scenario, TOPIC, ZONE } from './scenario';

/**
 * The expected outcomes of a scenario, from the written rules alone (luxon and arithmetic;
 * nothing of the production code): who entered, what each post and repost is worth.
 */
const HOUR = 3_600_000;
const TIE: Record<string, number> = { wechat: 1, qq_zone: 0.6, forum: 0.6, weibo: 0.3, sandbox: 1 };
const POST_CHANNEL = 'weibo';
const BASE = { post: 1, repost: 1 };

export interface ModelActivity {
  purchase: Purchase;
  deadline: number;
  state: 'invited' | 'expired' | 'completed';
  /** Its deadline was still ahead at ingest, so an invitation went out. */
  invited: boolean;
}
export interface Counted {
  actor: string;
  kind: 'post' | 'repost';
  channel: string;
  depth: number;
  micro: number;
  at: number;
}
export interface Expected {
  activities: ModelActivity[];
  counted: Counted[];
  campaignRejected: Record<string, number>;
  workspaceNotCounted: Record<string, number>;
  newFollowers: number;
  participants: number;
}

/** The written topic rule: `#topic#` in the text (＃ counts as #, case and width folded) or in data.topics. */
export function carriesTopicByRule(p: Post): boolean {
  const fold = (v: string) => v.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ');
  const t = fold(TOPIC);
  if ((p.topics ?? []).some((x) => fold(x).replace(/^#|#$/g, '').trim() === t)) return true;
  return p.text !== undefined && fold(p.text).includes(`#${t}#`);
}

const inSlot = (p: Purchase) => {
  const local = p.at.setZone(ZONE);
  return local.hour >= 10 && local.hour < 22;
};

export function expectOutcomes(s: Scenario): Expected {
  const running = (ms: number) => ms >= s.startsAt.toMillis();
  const now = s.now.toMillis();
  const activities: ModelActivity[] = s.purchases
    .filter((p) => running(p.at.toMillis()) && now - p.at.toMillis() <= 240 * HOUR && inSlot(p))
    .map((p) => {
      const deadline = p.at.toMillis() + 48 * HOUR;
      return { purchase: p, deadline, state: deadline <= now ? 'expired' : 'invited', invited: deadline > now };
    });

  const campaignRejected: Record<string, number> = {};
  const workspace: Record<string, number> = {};
  const bump = (o: Record<string, number>, k: string) => (o[k] = (o[k] ?? 0) + 1);
  // postId → what its row became, for the reposts under it.
  const status = new Map<string, { state: 'counted' | 'rejected' | 'waiting'; channel: string; depth: number }>();
  const counted: Counted[] = [];
  const weight = (kind: 'post' | 'repost', channel: string, depth: number) => Math.round(BASE[kind] * TIE[channel] * 0.8 ** depth * 1e6);

  for (const p of [...s.posts].sort((a, b) => a.at.toMillis() - b.at.toMillis())) {
    const at = p.at.toMillis();
    const open = (a: ModelActivity) => a.state !== 'completed';
    const activity = p.invitationOf
      ? activities.find((a) => a.purchase.key === p.invitationOf)
      : activities.find((a) => a.purchase.actor === p.actor && open(a) && a.purchase.at.toMillis() <= at && at <= a.deadline && carriesTopicByRule(p));
    const channel = p.channel ?? POST_CHANNEL;
    let reason: string | null = null;
    if (!activity) {
      bump(workspace, 'WAITING_FOR_INVITATION');
      status.set(p.postId, { state: 'waiting', channel, depth: 0 });
      continue;
    }
    if (activity.state === 'completed') reason = 'ALREADY_COMPLETED';
    else if (at > activity.deadline) reason = 'AFTER_DEADLINE';
    else if (!carriesTopicByRule(p)) reason = 'TOPIC_MISSING';
    if (reason) {
      bump(campaignRejected, reason);
      status.set(p.postId, { state: 'rejected', channel, depth: 0 });
      continue;
    }
    activity.state = 'completed';
    status.set(p.postId, { state: 'counted', channel, depth: 0 });
    counted.push({ actor: p.actor, kind: 'post', channel, depth: 0, micro: weight('post', channel, 0), at });
  }
  // Reposts in any arrival order: settle parents first (a parent precedes its children in time).
  for (const r of [...s.reposts].sort((a, b) => a.at.toMillis() - b.at.toMillis()) as Repost[]) {
    const parent = status.get(r.parentPostId)!;
    const channel = r.channel ?? parent.channel;
    if (parent.state === 'waiting') {
      bump(workspace, 'WAITING_FOR_PARENT');
      status.set(r.postId, { state: 'waiting', channel, depth: 0 });
    } else if (parent.state === 'rejected') {
      bump(campaignRejected, 'PARENT_REJECTED');
      status.set(r.postId, { state: 'rejected', channel, depth: 0 });
    } else {
      const depth = parent.depth + 1;
      status.set(r.postId, { state: 'counted', channel, depth });
      counted.push({ actor: r.actor, kind: 'repost', channel, depth, micro: weight('repost', channel, depth), at: r.at.toMillis() });
    }
  }
  // Brand follows: the earliest follow per person makes a new follower of the running campaign.
  const byActor = new Map<string, number[]>();
  for (const f of s.follows) byActor.set(f.actor, [...(byActor.get(f.actor) ?? []), f.at.toMillis()]);
  let newFollowers = 0;
  for (const times of byActor.values()) {
    const [first, ...later] = times.sort((a, b) => a - b);
    if (running(first)) newFollowers++;
    else bump(workspace, 'NO_CAMPAIGN_RUNNING');
    for (const t of later) {
      bump(workspace, 'ALREADY_FOLLOWING');
      if (running(t)) bump(campaignRejected, 'ALREADY_FOLLOWING');
    }
  }
  const people = new Set([...activities.map((a) => a.purchase.actor), ...counted.map((c) => c.actor)]);
  return { activities, counted, campaignRejected, workspaceNotCounted: workspace, newFollowers, participants: people.size };
}
