import { afterEach, describe, expect, it } from 'vitest';
import { dropChunkBuffers, freeChunkBufferBytes, giveChunkBuffer, takeChunkBuffer } from '../../../electron/core/messages/chunk-buffers';

afterEach(dropChunkBuffers);

describe('chunk buffers', () => {
  it('gives a power-of-two buffer of at least 64 KiB and reuses one given back', () => {
    const a = takeChunkBuffer(100);
    expect(a.byteLength).toBe(64 << 10);
    const b = takeChunkBuffer(300_000);
    expect(b.byteLength).toBe(512 << 10);
    giveChunkBuffer(a);
    giveChunkBuffer(b);
    expect(freeChunkBufferBytes()).toBe((64 << 10) + (512 << 10));
    expect(takeChunkBuffer(400_000)).toBe(b);
    expect(takeChunkBuffer(1)).toBe(a);
    expect(freeChunkBufferBytes()).toBe(0);
  });

  it('keeps at most 24 MiB free, and neither huge buffers nor ones it did not size', () => {
    for (let i = 0; i < 10; i++) giveChunkBuffer(takeChunkBuffer(4 << 20));
    expect(freeChunkBufferBytes()).toBe(4 << 20); // the same one each time
    const many = Array.from({ length: 10 }, () => takeChunkBuffer(4 << 20));
    for (const b of many) giveChunkBuffer(b);
    expect(freeChunkBufferBytes()).toBe(24 << 20);
    giveChunkBuffer(takeChunkBuffer(32 << 20));
    giveChunkBuffer(new ArrayBuffer(100_000));
    expect(freeChunkBufferBytes()).toBe(24 << 20);
  });
});
