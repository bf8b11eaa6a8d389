import { wireSchemaId } from '../decode/wire-format';
import { WireWriter } from '../kafka/wire-writer';
import type { CompiledFilter } from './filter-model';
import type { RecordReaders } from './record-decoder';

const BACKSLASH = 0x5c;
const NONE = -1;
/** The Confluent wire format's header: magic byte 0, then a 4-byte schema id. */
const WIRE_HEADER = 5;
/** How a part is checked (LiteralCheck.kindOf). */
const UNCHECKED = 0;
const JSON_TEXT = 1;
const AVRO = 2;

/** What rules out registry Avro parts: the literals as Avro strings, and the fields that must hold them. */
interface AvroLiterals {
  needles: Buffer[];
  paths: string[][];
  textFields: RecordReaders['avroTextFields'];
}

/**
 * A part that lacks a literal the filter requires cannot match: rule it out without decoding.
 * - JSON (auto/json formats, text starting with { or [, no escapes): the literal JSON-quoted. Escaped text is always decoded.
 * - Registry Avro (auto/schema-registry formats, the wire-format header): the literal as an Avro string (its length,
 *   then its UTF-8 bytes), when every field the literals are required of is a string (or null) reached through records
 *   in that schema id's schema. An enum symbol or a logical type is not in the bytes as text, and a field inside a
 *   union or a map is not looked into: such parts are decoded.
 *
 * Within a batch's records section (see setSection), the backslash and each literal are searched in the section,
 * not in each part: the first occurrence at or after a part's start is kept and holds for every later part
 * before it, so a section costs about one search per pattern plus one per part that holds it (a search per part
 * and pattern cost ~0.3 µs per record, the native call more than the search).
 */
export class LiteralCheck {
  /** The backslash, the JSON needles, then the Avro needles. */
  private readonly patterns: (number | Buffer)[];
  private readonly lengths: number[];
  /** Per pattern: its first occurrence at or after `from` in the section (NONE: none). */
  private readonly next: number[];
  private readonly from: number[];
  private section: Buffer | null = null;
  private readonly jsonEnd: number;
  /** Per schema id: whether its parts can be ruled out (every path a string field). */
  private readonly avroIds = new Map<number, boolean>();

  constructor(
    private readonly json: Buffer[] | null,
    private readonly avro: AvroLiterals | null,
  ) {
    this.patterns = [BACKSLASH, ...(json ?? []), ...(avro?.needles ?? [])];
    this.jsonEnd = 1 + (json?.length ?? 0);
    this.lengths = this.patterns.map((p) => (typeof p === 'number' ? 1 : p.length));
    this.next = this.patterns.map(() => NONE);
    this.from = this.patterns.map(() => Infinity);
  }

  /** The records section the next parts are views into (null: none known). */
  setSection(bytes: Buffer | null): void {
    this.section = bytes;
    this.from.fill(Infinity);
  }

  /** test() of the part at [at, at + length) of `section` (length -1: null), without a view of it. */
  testAt(section: Buffer, at: number, length: number): boolean {
    if (length <= 0) return true;
    const kind = this.kindOf(section, at, length);
    if (kind === UNCHECKED) return true;
    if (section !== this.section) this.setSection(section);
    return this.holdsAll(section, kind, at, at + length);
  }

  test(b: Buffer | null): boolean {
    if (b === null || b.length === 0) return true;
    const kind = this.kindOf(b, 0, b.length);
    if (kind === UNCHECKED) return true;
    const section = this.section;
    const start = section !== null && b.buffer === section.buffer ? b.byteOffset - section.byteOffset : -1;
    if (start >= 0 && start + b.length <= section!.length) return this.holdsAll(section!, kind, start, start + b.length);
    // A part outside any known section: searched on its own.
    if (kind === JSON_TEXT && b.includes(BACKSLASH)) return true;
    for (let k = this.firstNeedle(kind), end = this.endOf(kind); k < end; k++) if (!b.includes(this.patterns[k]!)) return false;
    return true;
  }

  /** How the part at [at, at + length) of `bytes` is checked: as JSON text, as registry Avro, or not at all. */
  private kindOf(bytes: Buffer, at: number, length: number): number {
    const lead = bytes[at];
    if (lead === 0x7b || lead === 0x5b) return this.json ? JSON_TEXT : UNCHECKED;
    if (lead !== 0 || !this.avro || length <= WIRE_HEADER) return UNCHECKED;
    const schemaId = wireSchemaId(bytes, at);
    let ok = this.avroIds.get(schemaId);
    if (ok === undefined) {
      const known = this.avro.textFields(schemaId, this.avro.paths);
      if (known === null) return UNCHECKED; // the schema is not compiled yet: decoding fetches it; asked again later
      this.avroIds.set(schemaId, (ok = known));
    }
    return ok ? AVRO : UNCHECKED;
  }

  private firstNeedle(kind: number): number {
    return kind === JSON_TEXT ? 1 : this.jsonEnd;
  }

  private endOf(kind: number): number {
    return kind === JSON_TEXT ? this.jsonEnd : this.patterns.length;
  }

  /** JSON text holding a backslash is decoded; otherwise every needle of the kind must occur within the part. */
  private holdsAll(section: Buffer, kind: number, start: number, end: number): boolean {
    if (kind === JSON_TEXT && this.holds(section, 0, start, end)) return true;
    for (let k = this.firstNeedle(kind), last = this.endOf(kind); k < last; k++) if (!this.holds(section, k, start, end)) return false;
    return true;
  }

  /** Whether pattern k occurs within [start, end) of the section. */
  private holds(section: Buffer, k: number, start: number, end: number): boolean {
    let at = this.next[k]!;
    if (this.from[k]! > start || (at !== NONE && at < start)) {
      at = this.next[k] = section.indexOf(this.patterns[k]!, start);
      this.from[k] = start;
    }
    return at !== NONE && at + this.lengths[k]! <= end;
  }
}

/** An Avro string: its byte length as a zig-zag varint, then its UTF-8 bytes (as Kafka writes varint-length bytes). */
const avroString = (text: string) => Buffer.from(new WireWriter(16).varBytes(Buffer.from(text, 'utf8')).slice());

export function literalCheck(readers: RecordReaders, filter: CompiledFilter | undefined, variable: 'key' | 'value'): LiteralCheck | null {
  const required = (filter?.required ?? []).filter((r) => r.variable === variable);
  if (required.length === 0) return null;
  const format = readers.formats[variable];
  const json = required.map((r) => Buffer.from(JSON.stringify(r.literal), 'utf8'));
  const jsonOk = (format === 'auto' || format === 'json') && !json.some((n) => n.includes(BACKSLASH));
  const avro = format === 'auto' || format === 'schema-registry' ? { needles: required.map((r) => avroString(r.literal)), paths: required.map((r) => r.path), textFields: readers.avroTextFields } : null;
  if (!jsonOk && !avro) return null;
  return new LiteralCheck(jsonOk ? json : null, avro);
}
