import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { keptResponseBuffers, MAX_RESPONSE_BYTES, releaseResponse, ResponseReader } from '../../../electron/core/kafka/response-reader';

/** A size-prefixed frame of `n` bytes of a pattern that tells frames and positions apart. */
function frame(n: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(4 + n);
  out.writeInt32BE(n, 0);
  for (let i = 0; i < n; i++) out[4 + i] = (seed * 31 + i * 7) & 0xff;
  return out;
}

let server: Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

/** A server that writes `pieces` (each flushed on its own) to the first client, then waits; the client's 'data' chunks and its end. */
async function receive(pieces: Buffer[], expected: number): Promise<{ chunks: Buffer[]; error: Error | null; socket: Socket }> {
  server = createServer(async (s) => {
    for (const p of pieces) {
      await new Promise<void>((resolve) => s.write(p, () => resolve()));
      await new Promise((r) => setImmediate(r));
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const reader = new ResponseReader();
  const socket = connect({ host: '127.0.0.1', port, onread: reader.onread });
  reader.attach(socket);
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    socket.on('data', (d: Buffer) => {
      chunks.push(Buffer.from(d)); // a copy: a released buffer may be reused
      if (chunks.length === expected) resolve({ chunks, error: null, socket });
    });
    socket.on('error', (error) => resolve({ chunks, error, socket }));
  });
}

describe('ResponseReader', () => {
  it('hands each response whole, however the bytes arrive: sizes split across reads, several responses in one read, a large one read straight into its buffer', async () => {
    const frames = [frame(10, 1), frame(3_000, 2), frame(0, 3), frame(2 * 1024 * 1024, 4), frame(70_000, 5), frame(1, 6)];
    const all = Buffer.concat(frames);
    // Cuts inside size prefixes (1 and 3 bytes in), two whole frames in one piece, the large frame in 100 KB pieces.
    const cuts = [1, 3, 14, 14 + 4 + 3000 + 2, 14 + 3004 + 4, ...Array.from({ length: 21 }, (_, i) => 14 + 3004 + 4 + (i + 1) * 100_000), all.length - 5];
    const pieces = cuts.map((c, i) => all.subarray(i === 0 ? 0 : cuts[i - 1], c)).concat(all.subarray(cuts[cuts.length - 1]));
    expect(Buffer.concat(pieces).equals(all)).toBe(true);
    const { chunks, error, socket } = await receive(pieces, frames.length);
    socket.destroy();
    expect(error).toBeNull();
    expect(chunks.map((c) => c.length)).toEqual(frames.map((f) => f.length));
    chunks.forEach((c, i) => expect(c.equals(frames[i]!)).toBe(true));
  });

  it('reuses a released response buffer for a later response of a scan-sized Fetch, once only however often it is released', async () => {
    const big = [frame(2 * 1024 * 1024, 7), frame(2 * 1024 * 1024 - 100, 8)];
    let served = 0;
    server = createServer((s) => s.write(big[served++]!));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const next = async () => {
      const reader = new ResponseReader();
      const socket = connect({ host: '127.0.0.1', port, onread: reader.onread });
      reader.attach(socket);
      const response = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
      socket.destroy();
      return response;
    };
    const first = await next();
    expect(first.equals(big[0]!)).toBe(true);
    const kept = keptResponseBuffers();
    releaseResponse(first.subarray(100, 200));
    releaseResponse(first);
    expect(keptResponseBuffers()).toBe(kept + 1);
    releaseResponse(Buffer.alloc(10)); // not a pooled buffer: ignored
    expect(keptResponseBuffers()).toBe(kept + 1);
    const second = await next();
    expect(second.buffer).toBe(first.buffer);
    expect(second.equals(big[1]!)).toBe(true);
    expect(keptResponseBuffers()).toBe(kept);
  });

  it('ends the connection with an error naming the cause when the other end is no Kafka broker (an HTTP answer), allocating nothing', async () => {
    const http = Buffer.from('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    expect(http.readInt32BE(0)).toBeGreaterThan(MAX_RESPONSE_BYTES);
    const { chunks, error } = await receive([http], 1);
    expect(chunks).toHaveLength(0);
    expect(error?.message).toMatch(/announced a response of 1213486160 bytes.*not a Kafka broker's answer/);
  });
});
