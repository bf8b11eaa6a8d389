/** The most events a client may take unacknowledged; a larger window asked for is cut to this. */
export const MAX_STREAM_WINDOW = 1024;

/**
 * Credit-based flow control of one stream on the server side. The client says in its call how many events it takes
 * unacknowledged (its window) and acknowledges, by count, each event it has consumed. An event is sent at once
 * (nothing waits in a queue here); what the handler awaits is room: `sent()` resolves while fewer than `window`
 * events are unacknowledged, else once an ack makes room or the call ends (cancel, close). So a producer that
 * awaits it never has more than `window` events between itself and the consumer, whatever the transport buffers.
 * Without a window (a client that does not ask for flow control) every `sent()` resolves at once.
 */
export class StreamCredit {
  private sentCount = 0;
  private ackedCount = 0;
  private waiters: (() => void)[] = [];
  private readonly window: number | null;
  private ended = false;

  constructor(window: unknown) {
    this.window = typeof window === 'number' && Number.isInteger(window) && window >= 1 ? Math.min(window, MAX_STREAM_WINDOW) : null;
  }

  /** Events sent and not acknowledged yet. */
  get unacknowledged(): number {
    return this.sentCount - this.ackedCount;
  }

  /** Counts one event as sent; resolves when the consumer has room for the next one. */
  sent(): Promise<void> {
    this.sentCount++;
    if (this.hasRoom()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The client has consumed `count` events in all (cumulative, so a repeated or reordered ack does no harm). */
  ack(count: unknown): void {
    if (typeof count !== 'number' || !Number.isInteger(count)) return;
    this.ackedCount = Math.max(this.ackedCount, Math.min(count, this.sentCount));
    if (this.hasRoom()) this.release();
  }

  /** The call is over: nobody waits for room any more. */
  end(): void {
    this.ended = true;
    this.release();
  }

  private hasRoom(): boolean {
    return this.ended || this.window === null || this.unacknowledged < this.window;
  }

  private release(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}
