/**
 * Large buffers of one size, reused instead of allocated anew. Every new large buffer adds to V8's external
 * memory, and enough of it forces a full garbage collection: a 1M-record replay allocated about a gigabyte of
 * them (record batches, Produce requests), and collected garbage ~100 times.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(
    readonly size: number,
    private readonly keep: number,
  ) {}

  /** A buffer of at least `min` bytes (not zeroed): the pool's size when that is enough. */
  take(min: number): Buffer {
    if (min > this.size) return Buffer.allocUnsafe(min);
    return this.free.pop() ?? Buffer.allocUnsafe(this.size);
  }

  /** Gives a buffer back once nothing reads it any more (one the pool did not make is left to the collector). */
  give(buf: Buffer): void {
    if (buf.length === this.size && buf.byteOffset === 0 && this.free.length < this.keep) this.free.push(buf);
  }
}
