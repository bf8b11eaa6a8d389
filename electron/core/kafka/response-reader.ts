import type { Socket, OnReadOpts } from 'node:net';
import { BufferPool } from './buffer-pool';

/** Where reads land while no response is being filled: a response's size, or whole small responses. */
const SCRATCH_BYTES = 64 * 1024;
/** A response's rest shorter than this is read through the scratch buffer (it may share a read with the next). */
const DIRECT_MIN = 16 * 1024;
/**
 * Larger than any response Floe asks for (a Fetch is capped at a few MiB, metadata of thousands of topics is a few
 * MiB): a bigger size means the other end is no Kafka broker (an HTTP or TLS server answering, say) or the stream
 * is corrupt, and allocating it could take the process down.
 */
export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/**
 * Buffers for responses the size of a scan's Fetch (2 MiB and what frames it), reused once a scan has read one
 * (releaseResponse). New ones counted against the core's old-generation limit until the next full collection: a
 * 10M-record scan allocated ~2.3 GB of them and its core thread ran ~120 full collections (~1 s of its CPU).
 * Responses of other sizes, and the pooled ones nobody releases (a page read), are left to the collector.
 */
const POOLED_BYTES = (2 << 20) + (64 << 10);
const POOLED_MIN = POOLED_BYTES >> 1;
const pooled = new BufferPool(POOLED_BYTES, 8);

/**
 * Gives back the buffer of a response `view` lies in, once nothing reads the response any more (no view into it is
 * kept anywhere): its next use overwrites it. A view into any other buffer is ignored.
 */
export function releaseResponse(view: Uint8Array): void {
  pooled.give(Buffer.from(view.buffer as ArrayBuffer)); // the pool takes back only a whole buffer of its size
}

/** A buffer for a response of `bytes` (its size prefix included): small ones share Node's pool, scan-sized ones are pooled here. */
export function responseBuffer(bytes: number): Buffer {
  if (bytes < 4096) return Buffer.allocUnsafe(bytes);
  return bytes >= POOLED_MIN && bytes <= POOLED_BYTES ? pooled.take(bytes).subarray(0, bytes) : Buffer.allocUnsafeSlow(bytes);
}

/** Response buffers kept for reuse (tests). */
export const keptResponseBuffers = () => pooled.kept;

/**
 * Reads a broker connection's responses each into one buffer of its own, which the socket reads into directly
 * (the `onread` of net and tls sockets), and hands each response whole to the socket's 'data' listeners (kafkajs's Connection).
 * By default each 64 KiB read was a new buffer and kafkajs joined a response's reads with Buffer.concat: a 10M-record
 * scan copied every fetched byte once more and allocated twice its bytes, and the external memory forced ~120 full
 * garbage collections.
 */
export class ResponseReader {
  private readonly scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
  private readonly size = Buffer.alloc(4);
  private sizeFilled = 0;
  private response: Buffer | null = null;
  private filled = 0;
  /** The next read goes straight into `response` (else into `scratch`). */
  private direct = false;
  private socket: Socket | null = null;

  readonly onread: OnReadOpts = {
    buffer: () => this.nextBuffer(),
    callback: (n: number) => {
      this.received(n);
      return true; // never pause
    },
  };

  /** The socket made with `onread`, whose 'data' listeners get the responses. */
  attach(socket: Socket): void {
    this.socket = socket;
  }

  private nextBuffer(): Buffer {
    const rest = this.response ? this.response.length - this.filled : 0;
    this.direct = rest >= DIRECT_MIN;
    return this.direct ? this.response!.subarray(this.filled) : this.scratch;
  }

  private received(n: number): void {
    if (this.direct) {
      this.filled += n;
      if (this.filled === this.response!.length) this.deliver();
      return;
    }
    for (let at = 0; at < n && !this.socket?.destroyed; ) {
      if (!this.response) {
        const take = Math.min(4 - this.sizeFilled, n - at);
        this.scratch.copy(this.size, this.sizeFilled, at, at + take);
        this.sizeFilled += take;
        at += take;
        if (this.sizeFilled < 4) return;
        this.sizeFilled = 0;
        if (!this.start(this.size.readInt32BE(0))) return;
      }
      const response = this.response!;
      const take = Math.min(response.length - this.filled, n - at);
      this.scratch.copy(response, this.filled, at, at + take);
      this.filled += take;
      at += take;
      if (this.filled === response.length) this.deliver();
    }
  }

  private start(size: number): boolean {
    if (size < 0 || size > MAX_RESPONSE_BYTES) {
      this.socket?.destroy(new Error(`the broker announced a response of ${size} bytes (more than ${MAX_RESPONSE_BYTES}, or negative): this is not a Kafka broker's answer (another server on this port, or TLS expected?)`));
      return false;
    }
    this.response = responseBuffer(4 + size);
    this.size.copy(this.response, 0);
    this.filled = 4;
    return true;
  }

  private deliver(): void {
    const response = this.response!;
    this.response = null;
    this.filled = 0;
    this.socket?.emit('data', response);
  }
}
