import { Expected } from './outcome-model';

export interface BoardRow {
  participantId: string;
  score: number;
  achievedAt: string;
}

/** The campaign figures the outcomes endpoint reports, from the model's rows. */
export function campaignFigures(e: Expected) {
  const activities: Record<string, number> = {};
  for (const a of e.activities) activities[a.state] = (activities[a.state] ?? 0) + 1;
  const channels = new Map<string, { events: number; micro: number }>();
  for (const c of e.counted) {
    const ch = channels.get(c.channel) ?? { events: 0, micro: 0 };
    channels.set(c.channel, { events: ch.events + 1, micro: ch.micro + c.micro });
  }
  return {
    participants: e.participants,
    activities,
    posts: e.counted.filter((c) => c.kind === 'post').length,
    reposts: e.counted.filter((c) => c.kind === 'repost').length,
    newFollowers: e.newFollowers,
    uniqueReachExact: new Set(e.counted.map((c) => c.actor)).size,
    maxCascadeDepth: Math.max(0, ...e.counted.map((c) => c.depth)),
    totalScore: e.counted.reduce((s, c) => s + c.micro, 0) / 1e6,
    perChannel: [...channels.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([channel, v]) => ({ channel, events: v.events, score: v.micro / 1e6 })),
    rejectedSpread: e.campaignRejected,
  };
}

/** Everyone with a counted spread event: the sum of their weights and their latest counted time. */
export function expectedBoard(e: Expected): BoardRow[] {
  const by = new Map<string, { micro: number; at: number }>();
  for (const c of e.counted) {
    const row = by.get(c.actor) ?? { micro: 0, at: 0 };
    by.set(c.actor, { micro: row.micro + c.micro, at: Math.max(row.at, c.at) });
  }
  return [...by.entries()]
    .map(([participantId, v]) => ({ participantId, score: v.micro / 1e6, achievedAt: new Date(v.at).toISOString() }))
    .sort(byRank);
}

/** The tie rule without the internal id: score descending, then the earlier achievement. */
export function byRank(a: BoardRow, b: BoardRow): number {
  return b.score - a.score || a.achievedAt.localeCompare(b.achievedAt);
}
