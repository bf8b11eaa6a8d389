import type { DlqMapping } from '../../../shared/model/dlq';
import { RecordsWriter, recordSize, type EncodedRecords, type OutRecord } from '../kafka/record-batch-writer';
import { BufferPool } from '../kafka/buffer-pool';
import { BATCH_HEADER_BYTES, type RawRecord, type RecordLayout } from '../kafka/record-batch';
import { WireWriter } from '../kafka/wire-writer';
import { MAX_BATCH_BYTES } from '../produce/record-sender';
import { keepsHeader, PROVENANCE } from './replay-records';

/** One record batch for a target partition, and the source record it starts with (named when it alone is refused). */
export interface ReplayBatch {
  records: EncodedRecords;
  source: { partition: number; offset: number };
}

type ReplayBatchSource = ReplayBatch['source'];

/** A batch's buffers, kept for the next transactions (a few transactions' worth). */
const batchBuffers = new BufferPool(MAX_BATCH_BYTES + BATCH_HEADER_BYTES + 1024, 24);

interface Open {
  topic: string;
  partition: number;
  batches: { writer: RecordsWriter; source: ReplayBatchSource }[];
}

/** Header keys seen, as the UTF-8 bytes the batch needs, or null for a header a replay drops. Bounded: header keys repeat. */
class HeaderKeys {
  private readonly known = new Map<string, Uint8Array | null>();
  constructor(private readonly mappings: readonly DlqMapping[]) {}
  bytes(key: string): Uint8Array | null {
    let b = this.known.get(key);
    if (b === undefined) {
      if (this.known.size >= 10_000) this.known.clear();
      this.known.set(key, (b = keepsHeader(key, this.mappings) ? Buffer.from(key, 'utf8') : null));
    }
    return b;
  }
}

/**
 * A transaction's replayed records written straight into record batches per target partition, from the
 * fetched bytes: no per-record objects. Headers are kept minus the error and older provenance headers, then
 * the provenance headers follow, pre-encoded but for the source offset. The same bytes as encoding
 * `outgoing`'s records (a unit test holds them equal).
 */
export class ReplayBatches {
  private readonly open = new Map<string, Open>();
  private readonly keys: HeaderKeys;
  /** Per source partition: the provenance headers up to the offset's value; then the time header. */
  private readonly before = new Map<number, Uint8Array>();
  private readonly after: Uint8Array;
  records = 0;
  /** Encoded bytes so far. */
  bytes = 0;

  constructor(private readonly ctx: { replayId: string; sourceTopic: string; time: number; mappings: readonly DlqMapping[] }) {
    this.keys = new HeaderKeys(ctx.mappings);
    this.after = headerBytes([[PROVENANCE.time, String(ctx.time)]]);
  }

  private provenance(partition: number): Uint8Array {
    let b = this.before.get(partition);
    if (!b) {
      const w = new WireWriter(256);
      w.raw(headerBytes([[PROVENANCE.id, this.ctx.replayId], [PROVENANCE.topic, this.ctx.sourceTopic], [PROVENANCE.partition, String(partition)]]));
      this.before.set(partition, (b = Buffer.from(w.varBytes(Buffer.from(PROVENANCE.offset, 'utf8')).slice())));
    }
    return b;
  }

  private last: Open | null = null;

  private writer(topic: string, partition: number, size: number, source: ReplayBatchSource): RecordsWriter {
    let o = this.last;
    if (!o || o.partition !== partition || o.topic !== topic) {
      const k = `${topic}\u0000${partition}`;
      o = this.open.get(k) ?? { topic, partition, batches: [] };
      this.open.set(k, o);
      this.last = o;
    }
    const open = o.batches[o.batches.length - 1];
    if (open && open.writer.size + size <= MAX_BATCH_BYTES) return open.writer;
    // Room for a whole batch at once (growing it would copy it), and for its header (written in place).
    const writer = new RecordsWriter(batchBuffers.take(size + BATCH_HEADER_BYTES + 1024), true);
    o.batches.push({ writer, source });
    return writer;
  }

  /** A source record as it is (no edit): its headers filtered and spliced, provenance added. */
  add(topic: string, target: number, partition: number, r: RawRecord): void {
    const w = this.writer(topic, target, r.size + 200, { partition, offset: r.offset });
    w.begin(r.timestamp, r.key, r.value);
    for (const h of r.headers) {
      const key = this.keys.bytes(h.key);
      if (key) w.header(key, h.value);
    }
    const before = w.size;
    w.rawHeaders(this.provenance(partition), 4).decimalValue(r.offset).rawHeaders(this.after, 1).end();
    this.bytes += w.size - before;
    this.records++;
  }

  /** A source record copied from its batch's bytes (`src`, laid out by `l`), keeping the headers whose ranges `kept` lists. */
  copy(topic: string, target: number, partition: number, l: RecordLayout, src: Buffer, kept: Int32Array, keptCount: number): void {
    let size = l.kvEnd - l.kvStart + 200;
    for (let i = 0; i < keptCount; i++) size += kept[2 * i + 1]! - kept[2 * i]!;
    const w = this.writer(topic, target, size, { partition, offset: l.offset });
    const before = w.size;
    w.copyRecord(l.timestamp, src, l.kvStart, l.kvEnd, kept, keptCount, this.provenance(partition), l.offset, this.after, keptCount + 5);
    this.bytes += w.size - before;
    this.records++;
  }

  /** A record already made (an edited one, from `outgoing`). */
  addRecord(topic: string, target: number, source: ReplayBatchSource, r: OutRecord): void {
    const w = this.writer(topic, target, recordSize(r), source);
    w.begin(r.timestamp, r.key, r.value);
    for (const h of r.headers) w.header(Buffer.from(h.key, 'utf8'), h.value);
    const before = w.size;
    w.end();
    this.bytes += w.size - before;
    this.records++;
  }

  /** Gives the batches' buffers back for the next transaction's: call once they are sent (or will never be). */
  release(): void {
    for (const o of this.open.values()) for (const b of o.batches) batchBuffers.give(b.writer.buffer);
    this.open.clear();
    this.last = null;
  }

  /** The batches of each target partition, in the order their records came. */
  targets(): { topic: string; partition: number; batches: ReplayBatch[] }[] {
    return [...this.open.values()].map((o) => ({ topic: o.topic, partition: o.partition, batches: o.batches.map((b) => ({ records: b.writer.done(), source: b.source })) }));
  }
}

/** Headers as the record format encodes them (varint-length key, varint-length value). */
function headerBytes(headers: [string, string][]): Uint8Array {
  const w = new WireWriter(256);
  for (const [k, v] of headers) w.varBytes(Buffer.from(k, 'utf8')).varBytes(Buffer.from(v, 'utf8'));
  return Buffer.from(w.slice());
}
