import type { BrowseRecord } from '../../../shared/model/messages';
import { FLAG_LOG_APPEND_TIME, FLAG_TRUNCATED, FRAME_CODES, FRAME_NUMBERS, PART_KINDS, PART_SCHEMA_TYPES, frameColumns, type FrameExtra, type MatchFrame } from '../../../shared/model/match-frame';
import type { DecodedPart } from '../../../shared/model/record';
import { withoutBody } from './record-view';

const KIND_CODES = new Map(PART_KINDS.map((k, i) => [k, i]));
const SCHEMA_TYPE_CODES = new Map(PART_SCHEMA_TYPES.map((t, i) => [t, i]));

/** A part the columns hold whole: kind, size and plain wire facts (magic 0, schema id and type), no body. */
const columnar = (p: DecodedPart) =>
  p.error === undefined &&
  p.fallback === undefined &&
  p.warnings === undefined &&
  p.registryFailure === undefined &&
  KIND_CODES.has(p.kind) &&
  (p.wire === undefined || (p.wire.magic === 0 && p.wire.messageIndexes === undefined && p.wire.messageType === undefined && SCHEMA_TYPE_CODES.has(p.wire.schemaType)));

/** Builds one MatchFrame from matches added in order (their decoded bodies are left out, as in view 'grid'). */
export class MatchFrameBuilder {
  rows = 0;
  private numbers = new Float64Array(256 * FRAME_NUMBERS);
  private codes = new Uint8Array(256 * FRAME_CODES);
  private ends = new Int32Array(256 * 2);
  private previews = '';
  private extras: FrameExtra[] = [];

  add(r: BrowseRecord): void {
    const i = this.rows++;
    if (i * FRAME_NUMBERS >= this.numbers.length) this.grow();
    const n = this.numbers;
    const at = i * FRAME_NUMBERS;
    n[at] = r.partition;
    n[at + 1] = r.offset;
    n[at + 2] = r.timestamp;
    n[at + 3] = r.size;
    n[at + 4] = r.key.size;
    n[at + 5] = r.value.size;
    n[at + 6] = r.key.wire?.schemaId ?? NaN;
    n[at + 7] = r.value.wire?.schemaId ?? NaN;
    const c = i * FRAME_CODES;
    this.codes[c] = KIND_CODES.get(r.key.kind) ?? 0;
    this.codes[c + 1] = KIND_CODES.get(r.value.kind) ?? 0;
    this.codes[c + 2] = SCHEMA_TYPE_CODES.get(r.key.wire?.schemaType) ?? 0;
    this.codes[c + 3] = SCHEMA_TYPE_CODES.get(r.value.wire?.schemaType) ?? 0;
    this.codes[c + 4] = (r.timestampType === 'log-append' ? FLAG_LOG_APPEND_TIME : 0) | (r.truncated ? FLAG_TRUNCATED : 0);
    this.previews += r.keyPreview;
    this.ends[i * 2] = this.previews.length;
    this.previews += r.valuePreview;
    this.ends[i * 2 + 1] = this.previews.length;
    const keyWhole = !columnar(r.key);
    const valueWhole = !columnar(r.value);
    if (keyWhole || valueWhole || r.headers.length > 0)
      this.extras.push({ row: i, ...(keyWhole ? { key: withoutBody(r.key) } : {}), ...(valueWhole ? { value: withoutBody(r.value) } : {}), ...(r.headers.length > 0 ? { headers: r.headers } : {}) });
  }

  /** The frame of what was added; its columns are buffers of their own (transferable, and cloned without spare room). */
  build(): MatchFrame {
    const rows = this.rows;
    return {
      rows,
      numbers: new Uint8Array(this.numbers.slice(0, rows * FRAME_NUMBERS).buffer),
      codes: this.codes.slice(0, rows * FRAME_CODES),
      previews: this.previews,
      previewEnds: new Uint8Array(this.ends.slice(0, rows * 2).buffer),
      extras: this.extras,
    };
  }

  private grow() {
    const bigger = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a as never);
      return b;
    };
    this.numbers = bigger(this.numbers, (n) => new Float64Array(n));
    this.codes = bigger(this.codes, (n) => new Uint8Array(n));
    this.ends = bigger(this.ends, (n) => new Int32Array(n));
  }
}

/** The frame's rows [from, to) as a frame of their own. */
export function sliceFrame(frame: MatchFrame, from: number, to: number): MatchFrame {
  return joinFrames([{ frame, from, to }]);
}

/** One frame of the given rows of several, in order. */
export function joinFrames(parts: { frame: MatchFrame; from?: number; to?: number }[]): MatchFrame {
  const spans = parts.map(({ frame, from = 0, to = frame.rows }) => ({ frame, from, to, columns: frameColumns(frame) }));
  const rows = spans.reduce((n, s) => n + s.to - s.from, 0);
  const numbers = new Float64Array(rows * FRAME_NUMBERS);
  const codes = new Uint8Array(rows * FRAME_CODES);
  const ends = new Int32Array(rows * 2);
  const extras: FrameExtra[] = [];
  let previews = '';
  let row = 0;
  for (const { frame, from, to, columns } of spans) {
    numbers.set(columns.numbers.subarray(from * FRAME_NUMBERS, to * FRAME_NUMBERS), row * FRAME_NUMBERS);
    codes.set(frame.codes.subarray(from * FRAME_CODES, to * FRAME_CODES), row * FRAME_CODES);
    const start = from === 0 ? 0 : columns.ends[from * 2 - 1]!;
    const shift = previews.length - start;
    for (let i = from * 2; i < to * 2; i++) ends[row * 2 + i - from * 2] = columns.ends[i]! + shift;
    previews += frame.previews.slice(start, to === 0 ? 0 : columns.ends[to * 2 - 1]!);
    for (const e of frame.extras) if (e.row >= from && e.row < to) extras.push({ ...e, row: e.row - from + row });
    row += to - from;
  }
  return { rows, numbers: new Uint8Array(numbers.buffer), codes, previews, previewEnds: new Uint8Array(ends.buffer), extras };
}
