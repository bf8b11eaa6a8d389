/**
 * The buffers a scan's chunks travel to worker threads in, reused. A chunk's bytes are copied out of their Fetch
 * response into one of these, transferred to a worker, and transferred back with the worker's result. A buffer
 * allocated per chunk and left to each worker's garbage collector instead stayed there long after its chunk was
 * read (a worker collects old garbage rarely): at 10M records two workers held well over 100 MB of them.
 * Sizes are powers of two from 64 KiB; up to KEEP_BYTES of free ones are kept.
 */
const MIN_SIZE = 64 << 10;
/** Chunks past this (one record batch larger than a partition's fetch limit) get a buffer of their own, not kept. */
const MAX_POOLED = 8 << 20;
const KEEP_BYTES = 24 << 20;

const free = new Map<number, ArrayBuffer[]>();
let freeBytes = 0;

const sizeFor = (n: number) => Math.max(MIN_SIZE, 2 ** Math.ceil(Math.log2(Math.max(n, 1))));

/** A buffer of at least `n` bytes (its contents are whatever it held before). */
export function takeChunkBuffer(n: number): ArrayBuffer {
  const size = sizeFor(n);
  const reused = size <= MAX_POOLED ? free.get(size)?.pop() : undefined;
  if (!reused) return new ArrayBuffer(size);
  freeBytes -= size;
  return reused;
}

/** Takes back a buffer once nothing reads it (a worker's result came with it). */
export function giveChunkBuffer(buffer: ArrayBuffer): void {
  const size = buffer.byteLength;
  if (size !== sizeFor(size) || size > MAX_POOLED || freeBytes + size > KEEP_BYTES) return;
  let list = free.get(size);
  if (!list) free.set(size, (list = []));
  list.push(buffer);
  freeBytes += size;
}

/** Bytes kept free for the next chunks (tests). */
export function freeChunkBufferBytes(): number {
  return freeBytes;
}

/** Lets go of every free buffer (a shutdown). */
export function dropChunkBuffers(): void {
  free.clear();
  freeBytes = 0;
}
