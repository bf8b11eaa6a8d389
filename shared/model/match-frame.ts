import type { DecodedPart } from './record';
import type { BrowseRecord, RecordHeader } from './messages';

/**
 * Search matches as the grid shows them (view 'grid': no decoded bodies), in columns: a million rows cross from the
 * core as a few typed arrays and strings per batch instead of a million objects, and the renderer keeps the frames as
 * they came, building a row's object only when the grid draws it (bench:transfer, per 1M matches over structured
 * clone: encoded in 0.65 s instead of 1.14 s, decoded in 0.20 s instead of 2.40 s; bench:grid: 200 MB of renderer
 * heap for 1M rows instead of 342 MB).
 * Typed columns travel as Uint8Arrays (the JSON transport tags those) over buffers of their own, in this machine's
 * byte order: a frame never leaves the machine it was built on.
 */
export interface MatchFrame {
  rows: number;
  /** FRAME_NUMBERS float64 a row: partition, offset, timestamp, size, key size, value size, key and value wire schema id (NaN: no wire facts). */
  numbers: Uint8Array;
  /** FRAME_CODES bytes a row: key kind, value kind, key and value wire schema type (PART_SCHEMA_TYPES), flags (FLAG_*). */
  codes: Uint8Array;
  /** Every row's key preview then value preview, one after another. */
  previews: string;
  /** Int32 a preview (two a row): where it ends in `previews`. */
  previewEnds: Uint8Array;
  /** What the columns do not hold, for the rows that have it, in row order: headers, and a part with decode problems or other wire facts whole. */
  extras: FrameExtra[];
}

export interface FrameExtra {
  row: number;
  key?: DecodedPart;
  value?: DecodedPart;
  headers?: RecordHeader[];
}

export const FRAME_NUMBERS = 8;
export const FRAME_CODES = 5;
export const PART_KINDS: readonly DecodedPart['kind'][] = ['null', 'avro', 'protobuf', 'json-schema', 'json', 'string', 'hex', 'base64'];
/** Index 0: the wire facts name no schema type (or there are none). */
export const PART_SCHEMA_TYPES = [undefined, 'AVRO', 'PROTOBUF', 'JSON'] as const;
export const FLAG_LOG_APPEND_TIME = 1;
export const FLAG_TRUNCATED = 2;

/** A frame's typed columns, viewed in place (copied only if a transport left a column off its type's alignment). */
export function frameColumns(frame: MatchFrame): { numbers: Float64Array; ends: Int32Array } {
  const { rows } = frame;
  if (frame.numbers.byteLength !== rows * FRAME_NUMBERS * 8 || frame.codes.byteLength !== rows * FRAME_CODES || frame.previewEnds.byteLength !== rows * 8)
    throw new Error(`A match frame of ${rows} rows has columns of the wrong size (numbers ${frame.numbers.byteLength} bytes, codes ${frame.codes.byteLength}, preview ends ${frame.previewEnds.byteLength})`);
  const aligned = (bytes: Uint8Array, size: number) => (bytes.byteOffset % size === 0 ? bytes : bytes.slice());
  const numbers = aligned(frame.numbers, 8);
  const ends = aligned(frame.previewEnds, 4);
  return { numbers: new Float64Array(numbers.buffer, numbers.byteOffset, rows * FRAME_NUMBERS), ends: new Int32Array(ends.buffer, ends.byteOffset, rows * 2) };
}

/** A frame's rows read as BrowseRecords, each built when asked for (the grid asks for the few rows in view). */
export class FrameRows {
  readonly length: number;
  private readonly numbers: Float64Array;
  private readonly ends: Int32Array;
  private readonly extras = new Map<number, FrameExtra>();

  constructor(readonly frame: MatchFrame) {
    ({ numbers: this.numbers, ends: this.ends } = frameColumns(frame));
    this.length = frame.rows;
    for (const e of frame.extras) this.extras.set(e.row, e);
  }

  /** The rows that have extras (every row with a decode problem is one of them), in order. */
  extraRows(): number[] {
    return [...this.extras.keys()];
  }

  at(i: number): BrowseRecord | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    const n = this.numbers;
    const at = i * FRAME_NUMBERS;
    const codes = this.frame.codes;
    const flags = codes[i * FRAME_CODES + 4]!;
    const extra = this.extras.get(i);
    const key = extra?.key ?? columnPart(codes[i * FRAME_CODES]!, n[at + 4]!, n[at + 6]!, codes[i * FRAME_CODES + 2]!);
    const value = extra?.value ?? columnPart(codes[i * FRAME_CODES + 1]!, n[at + 5]!, n[at + 7]!, codes[i * FRAME_CODES + 3]!);
    const keyStart = i === 0 ? 0 : this.ends[i * 2 - 1]!;
    const keyEnd = this.ends[i * 2]!;
    const schemaId = value.wire?.schemaId ?? key.wire?.schemaId;
    return {
      partition: n[at]!,
      offset: n[at + 1]!,
      timestamp: n[at + 2]!,
      timestampType: flags & FLAG_LOG_APPEND_TIME ? 'log-append' : 'create',
      key,
      value,
      headers: extra?.headers ?? [],
      size: n[at + 3]!,
      keyPreview: this.frame.previews.slice(keyStart, keyEnd),
      valuePreview: this.frame.previews.slice(keyEnd, this.ends[i * 2 + 1]!),
      ...(schemaId !== undefined ? { schemaId } : {}),
      ...(flags & FLAG_TRUNCATED ? { truncated: true } : {}),
    };
  }
}

function columnPart(kind: number, size: number, schemaId: number, schemaType: number): DecodedPart {
  const part: DecodedPart = { kind: PART_KINDS[kind] ?? 'hex', size };
  if (!Number.isNaN(schemaId)) {
    const type = PART_SCHEMA_TYPES[schemaType];
    part.wire = { magic: 0, schemaId, ...(type ? { schemaType: type } : {}) };
  }
  return part;
}
