/** Lifecycle of one run of a mechanic for one participant. */
export enum ActivityState {
  Pending = 'pending',
  Invited = 'invited',
  Completed = 'completed',
  Expired = 'expired',
  Failed = 'failed',
}

const FINAL = new Set([ActivityState.Completed, ActivityState.Expired, ActivityState.Failed]);

export function isFinal(state: ActivityState): boolean {
  return FINAL.has(state);
}
