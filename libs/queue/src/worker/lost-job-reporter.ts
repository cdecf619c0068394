/** What the reporter logs through (Nest's Logger in production). */
export interface WarnSink {
  warn(message: object): void;
}

// BullMQ's errors for a running job whose Redis keys or lock disappeared under it.
const LOST_JOB = /^(Missing key for job|Missing lock for job|Lock mismatch for job|could not renew lock for job)/;

/**
 * Turns a BullMQ Worker's 'error' events into log lines. When Redis loses its contents, every
 * job that was running fails to finish ("Missing key for job …"), although its Postgres work
 * committed: that is one warning per queue per loss (a loss ends after `quietMs` without
 * such errors), not a stack trace per job. Other errors are logged without stack, at most
 * every `quietMs`.
 */
export class LostJobReporter {
  private lossAt = 0;
  private lostInLoss = 0;
  private otherAt = 0;

  constructor(
    private readonly queue: string,
    private readonly sink: WarnSink,
    private readonly quietMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  report(err: Error): void {
    const now = this.now();
    if (LOST_JOB.test(err.message)) {
      const newLoss = now - this.lossAt > this.quietMs;
      this.lossAt = now;
      this.lostInLoss = newLoss ? 1 : this.lostInLoss + 1;
      if (newLoss) {
        this.sink.warn({
          msg: 'running jobs lost their Redis keys (did Redis lose its contents?); committed work stands and the sweeper re-offers what is still owed',
          queue: this.queue,
          error: err.message,
        });
      }
      return;
    }
    if (now - this.otherAt < this.quietMs) return;
    this.otherAt = now;
    this.sink.warn({ msg: 'queue worker error', queue: this.queue, error: err.message });
  }

  /** Jobs that lost their keys in the current (or last) loss. */
  get lostJobs(): number {
    return this.lostInLoss;
  }
}
