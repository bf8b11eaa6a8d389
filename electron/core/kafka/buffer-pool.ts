/**
 * Large buffers of one size, reused instead of allocated anew. Every new large buffer adds to V8's external
 * memory, and enough of it forces a full garbage collection: a 1M-record replay allocated about a gigabyte of
 * them (record batches, Produce requests), and collected garbage ~100 times. A buffer lent to a worker thread
 * (its ArrayBuffer transferred) comes back the same way, wrapped anew.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(
    readonly size: number,
    private readonly keep: number,
  ) {}

  /** A buffer of at least `min` bytes (not zeroed, its own ArrayBuffer): the pool's size when that is enough. */
  take(min: number): Buffer {
    if (min > this.size) return Buffer.allocUnsafeSlow(min);
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Gives a buffer back once nothing reads it any more (one the pool did not make is left to the collector). */
  give(buf: Buffer): void {
    if (buf.length !== this.size || buf.byteOffset !== 0 || buf.buffer.byteLength !== this.size || this.free.length >= this.keep) return;
    // Given twice, a buffer would be lent to two users at once.
    if (!this.free.some((b) => b.buffer === buf.buffer)) this.free.push(buf);
  }

  /** Buffers kept for reuse. */
  get kept(): number {
    return this.free.length;
  }

  /** Lets go of every buffer kept (a shutdown). */
  clear(): void {
    this.free.length = 0;
  }
}
