import { sleep } from '../util/sleep';

/** How far behind its schedule a job may fall before the schedule starts again instead of being caught up. */
const STALL_MS = 1000;

/**
 * Holds a job at `rate` records/s: after each transaction it waits until the records sent so far are due. The
 * schedule starts with the first transaction, and again after a stall (a transaction in doubt waited for, a broker
 * away, a slow commit): a rate is a ceiling the target relies on, and a job that caught up after one sent the rest
 * at full speed (a resume that waited a minute for a transaction in doubt, then ~360k records at once at 6,000/s).
 */
export class RatePace {
  private since: number | null = null;
  private sent = 0;

  constructor(private readonly rate: number) {}

  /** Counts `records` as sent now, and waits until they are due. */
  async after(records: number, signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    this.since ??= now;
    this.sent += records;
    const due = (this.sent / this.rate) * 1000 - (now - this.since);
    if (due > 0) return sleep(due, signal);
    if (due < -STALL_MS) {
      this.since = now;
      this.sent = 0;
    }
  }
}
