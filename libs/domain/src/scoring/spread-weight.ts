import { Channel } from '../channel/channel';

export type SpreadKind = 'post' | 'repost' | 'referral' | 'follow';
export const SPREAD_KINDS: readonly SpreadKind[] = ['post', 'repost', 'referral', 'follow'];

/**
 * Event types that become spread events, and the kind each records as: each kind arrives as
 * the type of the same name, and a contest `entry` is a cascade root like a post. A `signup`
 * is placed by its referral mechanic (the verdict's `detail.spread`: a seed's root or a
 * referee's `referral` under the referrer), see PLACED_BY_MECHANIC.
 */
export const SPREAD_EVENT_TYPES: ReadonlyMap<string, SpreadKind> = new Map<string, SpreadKind>([...SPREAD_KINDS.map((k): [string, SpreadKind] => [k, k]), ['entry', 'post'], ['signup', 'post']]);

/** Event types whose cascade place (kind, post id, parent) comes from the mechanic's verdict, not from `data`. */
export const PLACED_BY_MECHANIC: ReadonlySet<string> = new Set(['signup']);

/** Per-campaign scoring weights; every field optional, defaults below. */
export interface ScoringWeights {
  base?: Partial<Record<SpreadKind, number>>;
  tie?: Partial<Record<Channel, number>>;
  depthDecay?: number;
}

// Tie strength: WeChat is one-to-one among contacts (strong), QQ Zone and forums are
// one-to-many among acquaintances (medium), Weibo followers are mostly strangers (weak).
export const DEFAULT_WEIGHTS: Required<{ [K in keyof ScoringWeights]-?: NonNullable<ScoringWeights[K]> }> = {
  base: { post: 1, repost: 1, referral: 2, follow: 0.5 },
  tie: {
    [Channel.WeChat]: 1,
    [Channel.QqZone]: 0.6,
    [Channel.Forum]: 0.6,
    [Channel.Weibo]: 0.3,
    [Channel.Sandbox]: 1,
    [Channel.Webhook]: 1,
  },
  depthDecay: 0.8,
};

/** Every weight a campaign scores with: its overrides over DEFAULT_WEIGHTS. */
export interface EffectiveWeights {
  base: Record<SpreadKind, number>;
  tie: Record<Channel, number>;
  depthDecay: number;
}

export function effectiveWeights(overrides: ScoringWeights = {}): EffectiveWeights {
  return {
    base: { ...(DEFAULT_WEIGHTS.base as Record<SpreadKind, number>), ...overrides.base },
    tie: { ...(DEFAULT_WEIGHTS.tie as Record<Channel, number>), ...overrides.tie },
    depthDecay: overrides.depthDecay ?? DEFAULT_WEIGHTS.depthDecay,
  };
}

/** score = base(kind) × tie(channel) × decay^depth, rounded to 6 places so sums are stable. */
export function spreadWeight(kind: SpreadKind, channel: Channel, depth: number, weights: ScoringWeights = {}): number {
  const base = weights.base?.[kind] ?? DEFAULT_WEIGHTS.base[kind] ?? 1;
  const tie = weights.tie?.[channel] ?? DEFAULT_WEIGHTS.tie[channel] ?? 1;
  const decay = weights.depthDecay ?? DEFAULT_WEIGHTS.depthDecay;
  return Math.round(base * tie * Math.pow(decay, depth) * 1e6) / 1e6;
}

/**
 * Viral coefficient per generation: participants first seen at depth d+1 divided by those
 * first seen at depth d. The overall figure is recruited (depth ≥ 1) over seeds (depth 0).
 */
export function kFactors(firstDepthCounts: ReadonlyMap<number, number>): { overall: number; byGeneration: { depth: number; participants: number; k: number | null }[] } {
  const maxDepth = Math.max(-1, ...firstDepthCounts.keys());
  const byGeneration = [];
  for (let d = 0; d <= maxDepth; d++) {
    const here = firstDepthCounts.get(d) ?? 0;
    const next = firstDepthCounts.get(d + 1) ?? 0;
    byGeneration.push({ depth: d, participants: here, k: here > 0 ? round(next / here) : null });
  }
  const seeds = firstDepthCounts.get(0) ?? 0;
  let recruited = 0;
  for (const [depth, count] of firstDepthCounts) if (depth > 0) recruited += count;
  return { overall: seeds > 0 ? round(recruited / seeds) : 0, byGeneration };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
