import { FloeError } from '../../../shared/errors';
import { batchesPast } from '../kafka/chunk-reader';
import { decompress } from '../kafka/compression';
import type { RawRangeStep } from '../kafka/range-reader';
import { rawRecordOf, RecordLayout, sameBytes, splitBatches, visitRecordLayouts } from '../kafka/record-batch';
import { CONNECT_PREFIX, SPRING_PREFIX } from '../dlq/error-headers';
import type { ReplayBatches } from './replay-batches';
import { keepsHeader, targetOf, targetPartition, type ReplayContext } from './replay-records';

/** Which dead-letter convention a header key belongs to (as errorSource tells them apart). */
const NONE = 0;
const CONNECT = 1;
const SPRING = 2;

/** Where a routing header's index goes: the source topic and partition of each convention. */
const CONNECT_TOPIC = 0;
const CONNECT_PARTITION = 1;
const SPRING_TOPIC = 2;
const SPRING_PARTITION = 3;

interface KeyInfo {
  bytes: Buffer;
  keep: boolean;
  convention: number;
  /** One of the routing slots above, or -1. */
  slot: number;
}

function keyInfoOf(key: string, bytes: Buffer, mappings: ReplayContext['mappings']): KeyInfo {
  const keep = keepsHeader(key, mappings);
  if (key.startsWith(CONNECT_PREFIX)) return { bytes, keep, convention: CONNECT, slot: key === `${CONNECT_PREFIX}topic` ? CONNECT_TOPIC : key === `${CONNECT_PREFIX}partition` ? CONNECT_PARTITION : -1 };
  if (key.startsWith(SPRING_PREFIX)) return { bytes, keep, convention: SPRING, slot: key === `${SPRING_PREFIX}original-topic` ? SPRING_TOPIC : key === `${SPRING_PREFIX}original-partition` ? SPRING_PARTITION : -1 };
  return { bytes, keep, convention: NONE, slot: -1 };
}

/** Header keys repeat record after record: what the key at each header index was, kept while its bytes stay the same. */
const KEYS_KEPT = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Records counted as a transaction's tally counts them. */
export interface CopyTally {
  sent: number;
}

/**
 * A replay's hot path when every record of the ranges is taken unedited: records go from the fetched batches
 * into the target's batches as byte ranges — key and value as encoded, the headers kept — with no object per
 * record. Routing a dead letter reads its error headers in place (Kafka Connect's and Spring's, where they are
 * plain); anything else is routed as the record-by-record path routes it, from the record read in full.
 */
export class RecordCopier {
  private readonly layout = new RecordLayout();
  private readonly keys: (KeyInfo | undefined)[] = new Array<KeyInfo | undefined>(KEYS_KEPT);
  private kept = new Int32Array(32);
  /** The index of each routing header in the record being copied (-1: none). */
  private readonly routing = new Int32Array(4);
  private topicBytes: Buffer | null = null;
  private topicText = '';
  /** A target topic whose partition count must be read before the record that goes there. */
  private missing: string | null = null;
  private readonly routeOnHeaders: boolean;

  constructor(
    private readonly ctx: ReplayContext,
    /** Partition counts of the target topics read so far. */
    private readonly counts: Map<string, number>,
    /** Records sent before the last stop whose position was not committed (another cluster's target): skipped. */
    private readonly delivered: ReadonlySet<string> | null,
  ) {
    this.routeOnHeaders = ctx.dlq && (!ctx.target.topic || ctx.target.partitioning === 'original');
  }

  /** Copies a step's records into `out`; counts what it sends and what was already there. */
  async copy(step: RawRangeStep, out: ReplayBatches, tally: CopyTally, onAlreadyThere: () => void): Promise<void> {
    const bytes = step.chunk?.bytes;
    if (!bytes || bytes.length === 0) return;
    const { batches } = splitBatches(bytes);
    for (const { batch, read } of batchesPast(batches, step.from, step.chunk!.aborted)) {
      if (batch.baseOffset >= step.to) break;
      if (!read) continue;
      let records: Buffer;
      try {
        records = await decompress(batch.compression, batch.records);
      } catch (e) {
        throw unreadable(this.ctx.sourceTopic, step.partition, batch.baseOffset, e);
      }
      for (let from = step.from; ; ) {
        this.missing = null;
        let next = -1;
        try {
          visitRecordLayouts(batch, records, from, step.to, this.layout, (l) => {
            if (this.delivered?.has(`${step.partition}:${l.offset}`)) {
              tally.sent++;
              onAlreadyThere();
              return true;
            }
            if (!this.copyOne(step.partition, l, records, out)) {
              next = l.offset;
              return false;
            }
            tally.sent++;
            return true;
          });
        } catch (e) {
          if (e instanceof FloeError) throw e;
          throw unreadable(this.ctx.sourceTopic, step.partition, batch.baseOffset, e);
        }
        if (this.missing === null) break;
        this.counts.set(this.missing, await this.ctx.targets.partitions(this.missing));
        from = next;
      }
    }
  }

  /** Copies one record; false (copying nothing) when its target topic's partition count is not known yet. */
  private copyOne(partition: number, l: RecordLayout, src: Buffer, out: ReplayBatches): boolean {
    let keptCount = 0;
    let conventions = 0;
    const at = this.routing.fill(-1);
    if (this.kept.length < 2 * l.headerCount) this.kept = new Int32Array(2 * l.headerCount);
    for (let h = 0; h < l.headerCount; h++) {
      const key = this.keyInfo(h, l, src);
      if (key.keep) {
        this.kept[2 * keptCount] = l.headerAt[h]!;
        this.kept[2 * keptCount + 1] = l.headerEnd[h]!;
        keptCount++;
      }
      conventions |= key.convention;
      if (key.slot >= 0) at[key.slot] = h; // the last one wins, as errorSource reads them
    }
    const connect = (conventions & CONNECT) !== 0;
    const spring = (conventions & SPRING) !== 0;
    let topic: string | undefined = this.ctx.target.topic;
    let original: number | undefined = this.ctx.dlq ? undefined : partition;
    let plain = this.ctx.dlq || topic !== undefined;
    if (this.routeOnHeaders) {
      // As errorSource reads them: Connect's headers when any is there, else Spring's, else the user's mappings.
      if (connect || spring) {
        const topicH = at[connect ? CONNECT_TOPIC : SPRING_TOPIC]!;
        const partitionH = at[connect ? CONNECT_PARTITION : SPRING_PARTITION]!;
        const sourceTopic = topicH < 0 ? undefined : this.text(l, src, topicH);
        const sourcePartition = topicH < 0 || partitionH < 0 ? undefined : connect ? digits(l, src, partitionH) : springNumber(l, src, partitionH);
        plain = topicH >= 0 && partitionH >= 0 && sourceTopic !== null && sourcePartition !== null;
        topic ??= sourceTopic ?? undefined;
        original = sourcePartition ?? undefined;
      } else plain = this.ctx.mappings.length === 0 && topic !== undefined;
    }
    if (!plain) ({ topic, original } = targetOf(this.ctx, partition, rawRecordOf(l, src)));
    const count = this.counts.get(topic!);
    if (count === undefined) {
      this.missing = topic!;
      return false;
    }
    const target = targetPartition(this.ctx, topic!, original, count, () => (l.keyLength < 0 ? null : src.subarray(l.keyAt, l.keyAt + l.keyLength)));
    out.copy(topic!, target, partition, l, src, this.kept, keptCount);
    return true;
  }

  private keyInfo(h: number, l: RecordLayout, src: Buffer): KeyInfo {
    const at = l.hKeyAt[h]!;
    const length = Math.max(0, l.hKeyLength[h]!);
    const known = h < KEYS_KEPT ? this.keys[h] : undefined;
    if (known && sameBytes(src, at, length, known.bytes)) return known;
    const text = src.toString('utf8', at, at + length);
    const info = keyInfoOf(text, Buffer.from(src.subarray(at, at + length)), this.ctx.mappings);
    if (h < KEYS_KEPT) this.keys[h] = info;
    return info;
  }

  /** A header's value as UTF-8 text (the last topic's string reused while the bytes are the same); null when it is not plain text. */
  private text(l: RecordLayout, src: Buffer, h: number): string | null {
    const at = l.hValueAt[h]!;
    const length = l.hValueLength[h]!;
    if (length <= 0) return null;
    if (this.topicBytes && sameBytes(src, at, length, this.topicBytes)) return this.topicText;
    try {
      this.topicText = utf8.decode(src.subarray(at, at + length));
    } catch {
      return null;
    }
    this.topicBytes = Buffer.from(src.subarray(at, at + length));
    return this.topicText;
  }
}

/** A header value of 1–16 ASCII digits as its number (Kafka Connect's partition); null for anything else. */
function digits(l: RecordLayout, src: Buffer, h: number): number | null {
  const at = l.hValueAt[h]!;
  const length = l.hValueLength[h]!;
  if (length < 1 || length > 16) return null;
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const c = src[i]! - 48;
    if (c < 0 || c > 9) return null;
    n = n * 10 + c;
  }
  return n;
}

/** Spring's partition header: a big-endian int; null for anything else (the full path reads that). */
function springNumber(l: RecordLayout, src: Buffer, h: number): number | null {
  if (l.hValueLength[h] !== 4) return null;
  const n = src.readInt32BE(l.hValueAt[h]!);
  return n >= 0 ? n : null;
}

function unreadable(topic: string, partition: number, offset: number, e: unknown): FloeError {
  return new FloeError('REMOTE_ERROR', `${topic}/${partition}: the batch at offset ${offset} cannot be read: ${(e as Error).message}`);
}
