import { randomUUID } from 'node:crypto';
import { BoardSpec, RankUpdate } from '@lib/ranking';

/** The documented rule, computed independently of Redis: by score, then tie time, then id bytes. */
export function expectedBoard(spec: BoardSpec, updates: readonly RankUpdate[]) {
  const by = new Map<string, { score: number; at: number }>();
  for (const u of updates) {
    const ms = u.at.getTime();
    const prev = by.get(u.member);
    const score = u.set !== undefined ? Number(u.set) : (prev?.score ?? 0) + Number(u.delta ?? 0);
    const at = !prev || spec.tieTime === 'explicit' ? ms : spec.tieTime === 'latest' ? Math.max(prev.at, ms) : Math.min(prev.at, ms);
    by.set(u.member, { score, at });
  }
  const sign = (spec.order ?? 'desc') === 'desc' ? -1 : 1;
  return [...by]
    .sort(([a, x], [b, y]) => sign * (x.score - y.score) || x.at - y.at || Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map(([member, e], i) => ({ member, score: e.score, rank: i + 1, at: new Date(e.at) }));
}

/** A board under a fresh hash-tagged base, recorded for cleanup. */
export function boardFactory(bases: string[]) {
  return (spec: Omit<BoardSpec, 'base'>): BoardSpec => {
    const base = `canyu:test:ranking:{${randomUUID()}}`;
    bases.push(base);
    return { ...spec, base };
  };
}
