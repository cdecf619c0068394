import { MAX_BATCH_IDS } from '../contracts/jobs';

/** Splits ids into batch-job-sized chunks. */
export function chunked<T>(items: readonly T[], size = MAX_BATCH_IDS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
