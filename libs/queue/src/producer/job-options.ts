import { createHash } from 'node:crypto';
import { JobsOptions } from 'bullmq';
import { JobData, JobName } from '../contracts/jobs';

// Redis runs with noeviction, so every job is removed in the end: completed ones after 1 h or
// past the newest 5000 per queue, failed ones (kept for operators) after 7 days or past 20000.
const KEEP = { removeOnComplete: { age: 3600, count: 5000 }, removeOnFail: { age: 7 * 24 * 3600, count: 20_000 } };
const RETRY = { attempts: 8, backoff: { type: 'exponential', delay: 500 } };

// A batch job's id is derived from its content, so offering the same batch twice adds it once.
const batchId = (ids: string[]): string => createHash('sha256').update([...ids].sort().join(',')).digest('hex').slice(0, 32);

type OptionsFor = { [N in JobName]: (data: JobData<N>) => JobsOptions };

/**
 * The one place for job ids, retries and retention. Each job id is derived from the row it
 * acts on, so enqueueing the same work twice (fast path + sweeper, retries, replays) adds
 * it once while it is in Redis; handlers are idempotent for the times it is not.
 */
const OPTIONS: OptionsFor = {
  'event.received': (d) => ({ jobId: `evt.${d.eventId}`, ...RETRY, ...KEEP }),
  'event.batch-received': (d) => ({ jobId: `evb.${batchId(d.eventIds)}`, ...RETRY, ...KEEP }),
  'mechanic.node-activated': (d) => ({ jobId: `act.${d.activityId}`, ...RETRY, ...KEEP }),
  'mechanic.input-received': (d) => ({ jobId: `inp.${d.activityId}.${d.eventId}`, ...RETRY, ...KEEP }),
  // The revision counts re-openings: an input judged again (its entry appeared) is new work.
  'mechanic.input': (d) => ({ jobId: `inp.${d.inputId}.${d.revision}`, ...RETRY, ...KEEP }),
  'mechanic.phase-due': (d) => ({ jobId: `phs.${d.phaseId}`, ...RETRY, ...KEEP }),
  'mechanic.review': (d) => ({ jobId: `rev.${d.reviewId}`, ...RETRY, ...KEEP }),
  'mechanic.analyse': (d) => ({ jobId: `ana.${d.inputId}`, attempts: 3, backoff: { type: 'exponential', delay: 2000 }, ...KEEP }),
  'mechanic.deadline-reached': (d) => ({ jobId: `ddl.${d.activityId}`, ...RETRY, ...KEEP }),
  'outreach.send': (d) => ({ jobId: `msg.${d.messageId}`, attempts: 10, backoff: { type: 'exponential', delay: 1000 }, ...KEEP }),
  'scoring.record-spread': (d) => ({ jobId: d.afterVerdict ? `spv.${d.eventId}.${d.revision ?? 0}` : `spr.${d.eventId}`, ...RETRY, ...KEEP }),
  'scoring.record-spread-batch': (d) => ({ jobId: `spb.${batchId(d.eventIds)}`, ...RETRY, ...KEEP }),
  'scoring.credit-spread': (d) => ({ jobId: `crd.${d.spreadEventId}`, ...RETRY, ...KEEP }),
  // Unused: the worker's own timer drives the sweep now. Kept because job names are a wire contract.
  'maintenance.sweep': () => ({ attempts: 1, removeOnComplete: { age: 3600, count: 10 }, removeOnFail: { age: 24 * 3600, count: 100 } }),
};

export function jobOptionsFor<N extends JobName>(name: N, data: JobData<N>): JobsOptions {
  return (OPTIONS[name] as (d: JobData<N>) => JobsOptions)(data);
}
