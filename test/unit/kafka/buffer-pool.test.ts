import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../../electron/core/kafka/buffer-pool';

describe('buffer pool', () => {
  it('reuses a buffer given back, also one that went to a worker and came back as its ArrayBuffer', () => {
    const pool = new BufferPool(1024, 4);
    const a = pool.take(100);
    expect(a.length).toBe(1024);
    expect(a.buffer.byteLength).toBe(1024); // its own ArrayBuffer: transferable whole
    pool.give(Buffer.from(a.buffer));
    expect(pool.kept).toBe(1);
    expect(pool.take(1024).buffer).toBe(a.buffer);
    expect(pool.kept).toBe(0);
  });

  it('keeps at most its count, and neither larger buffers nor views into others', () => {
    const pool = new BufferPool(1024, 2);
    const big = pool.take(5000);
    expect(big.length).toBe(5000);
    pool.give(big);
    pool.give(Buffer.alloc(2048).subarray(0, 1024));
    pool.give(Buffer.alloc(2048).subarray(1024));
    expect(pool.kept).toBe(0);
    for (const b of [pool.take(1), pool.take(1), pool.take(1)]) pool.give(b);
    expect(pool.kept).toBe(2);
    pool.clear();
    expect(pool.kept).toBe(0);
  });
});
