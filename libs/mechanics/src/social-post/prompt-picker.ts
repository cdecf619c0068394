import { createHash } from 'node:crypto';

/**
 * Picks `count` distinct prompts, deterministically from a seed (the activity id), so a
 * retried activation shows the same prompts as the first attempt.
 */
export function pickPrompts(prompts: readonly string[], count: number, seed: string): string[] {
  const ranked = prompts.map((prompt, index) => ({
    prompt,
    rank: createHash('sha256').update(`${seed}:${index}`).digest().readUInt32BE(0),
  }));
  ranked.sort((a, b) => a.rank - b.rank);
  return ranked.slice(0, Math.min(count, prompts.length)).map((r) => r.prompt);
}
