import { Duration } from 'luxon';
import { DomainError, ErrorCodes } from '../errors/domain-error';

/** Any one listed count reached opens the stage (each is an alternative, like the delay). */
export interface RolloutThreshold {
  /** Activities of the node (admitted entries, any state). */
  participations?: number;
  /** Inputs of the node judged and accepted (a verified post, an accepted entry). */
  verifiedPosts?: number;
}

/**
 * A stage as the admin API takes it and the node stores it (parseRollout keeps only the keys
 * given, so what is PUT is what is read back): `circles` or `everyone: true` (all not named
 * by an earlier stage); from stage 2, `after` (ISO 8601 duration after the previous stage
 * opened) or `opensAt` (an instant, never before the previous stage), and/or a threshold.
 */
export interface RolloutStage {
  circles?: string[];
  everyone?: true;
  after?: string;
  opensAt?: string;
  threshold?: RolloutThreshold;
}

/** The API input before parseRollout (nulls mean absent). */
export interface RolloutStageInput {
  circles?: string[] | null;
  everyone?: boolean | null;
  after?: string | null;
  opensAt?: string | null;
  threshold?: RolloutThreshold | null;
}

/** null: the everyone stage. */
export const stageCircles = (s: RolloutStage): string[] | null => (s.everyone ? null : (s.circles ?? []));

export const MAX_ROLLOUT_STAGES = 10;
/** Longest delay accepted between two stages: a rollout is a launch, not a season. */
export const MAX_ROLLOUT_DELAY_MS = 366 * 86_400_000;

const invalid = (code: string, stage: number, message: string) =>
  new DomainError(code, `rollout stage ${stage}: ${message}`, 'validation', { stage });

/**
 * Milliseconds of an ISO 8601 duration in weeks, days, hours, minutes and seconds, or null when
 * it is not one. Months and years are refused: their length varies, so "P1M" would be a guess.
 */
export function durationMs(iso: string): number | null {
  const d = Duration.fromISO(iso);
  return d.isValid && !d.years && !d.months && !d.quarters ? d.toMillis() : null;
}

function thresholdOf(t: RolloutThreshold): RolloutThreshold | null {
  const out: RolloutThreshold = {
    ...(t.participations != null ? { participations: t.participations } : {}),
    ...(t.verifiedPosts != null ? { verifiedPosts: t.verifiedPosts } : {}),
  };
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * Checks a rollout and returns it normalised. Stage 1 opens with the node, so it takes no
 * timing; every later stage needs a way to open (a delay, an instant or a threshold) and at
 * most one of `after` / `opensAt`. A circle belongs to one stage; `everyone` is the last one.
 */
export function parseRollout(input: RolloutStageInput[]): RolloutStage[] {
  if (input.length === 0) throw invalid(ErrorCodes.ROLLOUT_INVALID_STAGE, 1, 'a rollout needs at least one stage (omit it or send null for none)');
  if (input.length > MAX_ROLLOUT_STAGES) throw invalid(ErrorCodes.ROLLOUT_INVALID_STAGE, MAX_ROLLOUT_STAGES + 1, `at most ${MAX_ROLLOUT_STAGES} stages`);
  const seen = new Map<string, number>();
  return input.map((s, i) => {
    const n = i + 1;
    const everyone = s.everyone === true;
    const circles = s.circles ?? null;
    if (everyone === (circles !== null)) throw invalid(ErrorCodes.ROLLOUT_INVALID_STAGE, n, 'give either circles (one or more) or everyone: true');
    if (circles && circles.length === 0) throw invalid(ErrorCodes.ROLLOUT_INVALID_STAGE, n, 'circles must not be empty');
    if (everyone && n !== input.length) throw invalid(ErrorCodes.ROLLOUT_INVALID_STAGE, n, 'the everyone stage must be the last one');
    for (const c of circles ?? []) {
      const first = seen.get(c);
      if (first !== undefined) throw invalid(ErrorCodes.ROLLOUT_DUPLICATE_CIRCLE, n, `circle '${c}' is already in stage ${first}`);
      seen.set(c, n);
    }
    const after = s.after ?? null;
    const opensAt = s.opensAt ?? null;
    const threshold = s.threshold ? thresholdOf(s.threshold) : null;
    if (s.threshold && !threshold) throw invalid(ErrorCodes.ROLLOUT_INVALID_STAGE, n, 'a threshold needs participations and/or verifiedPosts');
    if (threshold && Object.values(threshold).some((v) => !Number.isInteger(v) || v < 1)) {
      throw invalid(ErrorCodes.ROLLOUT_INVALID_STAGE, n, 'threshold counts are whole numbers of at least 1');
    }
    if (n === 1) {
      if (after !== null || opensAt !== null || s.threshold) throw invalid(ErrorCodes.ROLLOUT_INVALID_STAGE, n, 'the first stage opens with the node: no after, opensAt or threshold');
    } else {
      if (after !== null && opensAt !== null) throw invalid(ErrorCodes.ROLLOUT_INVALID_STAGE, n, 'give after or opensAt, not both');
      if (after === null && opensAt === null && threshold === null) throw invalid(ErrorCodes.ROLLOUT_INVALID_STAGE, n, 'needs after, opensAt or a threshold to open');
    }
    if (after !== null) {
      const ms = durationMs(after);
      if (ms === null) throw invalid(ErrorCodes.ROLLOUT_INVALID_DELAY, n, `after '${after}' is not an ISO 8601 duration in days/hours/minutes such as PT48H or P3D`);
      if (ms <= 0) throw invalid(ErrorCodes.ROLLOUT_INVALID_DELAY, n, 'after must be a positive duration');
      if (ms > MAX_ROLLOUT_DELAY_MS) throw invalid(ErrorCodes.ROLLOUT_INVALID_DELAY, n, 'after must be at most 366 days');
    }
    return {
      ...(circles ? { circles: [...new Set(circles)] } : { everyone: true as const }),
      ...(after !== null ? { after } : {}),
      ...(opensAt !== null ? { opensAt: new Date(opensAt).toISOString() } : {}),
      ...(threshold ? { threshold } : {}),
    };
  });
}

/** A stage opening recorded by the worker (a done `rollout:<n>` phase). */
export interface RecordedOpening {
  stage: number;
  openedAt: Date;
  reason: 'DELAY' | 'THRESHOLD';
}

export type OpeningReason = 'NODE_OPEN' | 'DELAY' | 'THRESHOLD';

export interface StageTiming {
  stage: number;
  circles: string[] | null;
  /** When the stage opens or opened: recorded, else by its delay once known; null while only a threshold can open it. */
  at: Date | null;
  reason: OpeningReason | null;
  /** True when `at` is a recorded opening (or the node's own opening for stage 1). */
  recorded: boolean;
  threshold: RolloutThreshold | null;
}

/** The instant a stage's delay opens it, given the previous stage's opening. */
export function delayInstant(stage: RolloutStage, previousAt: Date): Date | null {
  if (stage.opensAt) return new Date(Math.max(new Date(stage.opensAt).getTime(), previousAt.getTime()));
  if (stage.after) return new Date(previousAt.getTime() + (durationMs(stage.after) ?? 0));
  return null;
}

/**
 * When each stage opens. Stage 1 opens with the node (`nodeOpenedAt`, null while the node has
 * not opened); a later stage opens at its recorded opening, else at its delay after the
 * previous stage's opening. The delay is a pure function of the config, so routing never
 * waits for the worker to record it; a threshold opening exists only once recorded.
 */
export function stageTimings(stages: RolloutStage[], nodeOpenedAt: Date | null, recorded: RecordedOpening[]): StageTiming[] {
  const byStage = new Map(recorded.map((r) => [r.stage, r]));
  const out: StageTiming[] = [];
  let previous: Date | null = nodeOpenedAt;
  stages.forEach((s, i) => {
    const n = i + 1;
    const base = { stage: n, circles: stageCircles(s), threshold: s.threshold ?? null };
    const rec = n === 1 ? undefined : byStage.get(n);
    let timing: StageTiming;
    if (n === 1) timing = { ...base, at: nodeOpenedAt, reason: nodeOpenedAt ? 'NODE_OPEN' : null, recorded: nodeOpenedAt !== null };
    else if (rec) timing = { ...base, at: rec.openedAt, reason: rec.reason, recorded: true };
    else {
      const at = previous ? delayInstant(s, previous) : null;
      timing = { ...base, at, reason: at ? 'DELAY' : null, recorded: false };
    }
    out.push(timing);
    previous = timing.at;
  });
  return out;
}

/** The stage a participant's circle belongs to: the first naming it, else the everyone stage. */
export function stageOf(timings: StageTiming[], circle: string | null): StageTiming | null {
  return timings.find((t) => circle !== null && t.circles?.includes(circle)) ?? timings.find((t) => t.circles === null) ?? null;
}

/** Open at business time `at`: start inclusive. */
export const isOpenAt = (t: StageTiming, at: Date): boolean => t.at !== null && at.getTime() >= t.at.getTime();
