import { NO_HEADERS, type BatchInfo, type RawRecord } from './record-batch';
import { spanAt, varintAt, varintEnd } from './record-varints';

/**
 * Where the records of one batch lie in its records section, read with the same checks (and errors) as
 * readRecords but into typed arrays: a scan looks at most records' bytes in place and makes a RawRecord (with
 * views and header strings) only for those it keeps. Lengths are -1 for null.
 */
export class RecordSpans {
  count = 0;
  timestampType: 0 | 1 = 0;
  offset: Float64Array;
  timestamp: Float64Array;
  size: Float64Array;
  keyAt: Int32Array;
  keyLength: Int32Array;
  valueAt: Int32Array;
  valueLength: Int32Array;
  /** Record i's headers are [headerFirst[i], headerFirst[i] + headerCount[i]) of the h* arrays. */
  headerFirst: Int32Array;
  headerCount: Int32Array;
  headers = 0;
  hKeyAt = new Int32Array(16);
  hKeyLength = new Int32Array(16);
  hValueAt = new Int32Array(16);
  hValueLength = new Int32Array(16);

  constructor(capacity: number) {
    const n = Math.max(1, capacity);
    this.offset = new Float64Array(n);
    this.timestamp = new Float64Array(n);
    this.size = new Float64Array(n);
    this.keyAt = new Int32Array(n);
    this.keyLength = new Int32Array(n);
    this.valueAt = new Int32Array(n);
    this.valueLength = new Int32Array(n);
    this.headerFirst = new Int32Array(n);
    this.headerCount = new Int32Array(n);
  }

  /** Room for one more header. */
  private growHeaders(): void {
    if (this.headers < this.hKeyAt.length) return;
    for (const f of ['hKeyAt', 'hKeyLength', 'hValueAt', 'hValueLength'] as const) {
      const next = new Int32Array(this.hKeyAt.length * 2);
      next.set(this[f]);
      this[f] = next;
    }
  }

  pushHeader(keyAt: number, keyLength: number, valueAt: number, valueLength: number): void {
    this.growHeaders();
    const h = this.headers++;
    this.hKeyAt[h] = keyAt;
    this.hKeyLength[h] = keyLength;
    this.hValueAt[h] = valueAt;
    this.hValueLength[h] = valueLength;
  }
}

/**
 * readRecords into spans (a batch whose records section is uncompressed); records below `fromOffset` are skipped.
 * The hot loop of a scan, written for speed (see the locals below).
 */
export function readRecordSpans(batch: BatchInfo, records: Buffer, fromOffset: number): RecordSpans {
  const { baseOffset, recordCount, logAppendTime, baseTimestamp, maxTimestamp } = batch;
  const s = new RecordSpans(recordCount);
  s.timestampType = logAppendTime ? 1 : 0;
  // Locals, not a module's cursor or s's fields, which the compiler must reload and store around every call.
  const { offset: offsets, timestamp: timestamps, size: sizes, keyAt: keyAts, keyLength: keyLengths, valueAt: valueAts, valueLength: valueLengths, headerFirst, headerCount: headerCounts } = s;
  const end = records.length;
  let p = 0;
  let n = 0;
  for (let i = 0; i < recordCount && p < end; i++) {
    const length = varintAt(records, p, end);
    const recordEnd = varintEnd + length;
    p = varintEnd + 1; // attributes
    const timestampDelta = varintAt(records, p, end);
    p = varintEnd;
    const offset = baseOffset + varintAt(records, p, end);
    p = varintEnd;
    if (offset < fromOffset) {
      p = recordEnd;
      continue;
    }
    const keyLength = spanAt(records, p, end);
    const keyAt = varintEnd;
    const valueLength = spanAt(records, keyAt + Math.max(0, keyLength), end);
    const valueAt = varintEnd;
    const headerCount = varintAt(records, valueAt + Math.max(0, valueLength), end);
    p = varintEnd;
    let size = Math.max(0, keyLength) + Math.max(0, valueLength);
    headerFirst[n] = s.headers;
    for (let h = 0; h < headerCount; h++) {
      const hKeyLength = spanAt(records, p, end); // a null key reads as '' (headerKey)
      const hKeyAt = varintEnd;
      const hValueLength = spanAt(records, hKeyAt + Math.max(0, hKeyLength), end);
      p = varintEnd + Math.max(0, hValueLength);
      size += Math.max(0, hKeyLength) + Math.max(0, hValueLength);
      s.pushHeader(hKeyAt, hKeyLength, varintEnd, hValueLength);
    }
    headerCounts[n] = Math.max(0, headerCount);
    p = recordEnd;
    offsets[n] = offset;
    timestamps[n] = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
    keyAts[n] = keyAt;
    keyLengths[n] = keyLength;
    valueAts[n] = valueAt;
    valueLengths[n] = valueLength;
    sizes[n] = size;
    n++;
  }
  s.count = n;
  return s;
}

/** Record i of the spans as readRecords reads it (views into `records`, header keys as text). */
export function spanRecord(s: RecordSpans, i: number, records: Buffer): RawRecord {
  let headers = NO_HEADERS;
  const count = s.headerCount[i]!;
  if (count > 0) {
    headers = [];
    for (let h = s.headerFirst[i]!; h < s.headerFirst[i]! + count; h++) {
      const keyLength = s.hKeyLength[h]!;
      headers.push({ key: keyLength < 0 ? '' : records.toString('utf8', s.hKeyAt[h]!, s.hKeyAt[h]! + keyLength), value: spanView(records, s.hValueAt[h]!, s.hValueLength[h]!) });
    }
  }
  return { offset: s.offset[i]!, timestamp: s.timestamp[i]!, timestampType: s.timestampType, key: spanView(records, s.keyAt[i]!, s.keyLength[i]!), value: spanView(records, s.valueAt[i]!, s.valueLength[i]!), headers, size: s.size[i]! };
}

/** The bytes at [at, at + length) of a records section as a view (null for length -1). */
export function spanView(records: Buffer, at: number, length: number): Buffer | null {
  return length < 0 ? null : records.subarray(at, at + length);
}
