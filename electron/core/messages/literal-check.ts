import type { CompiledFilter } from './filter-model';
import type { RecordReaders } from './record-decoder';

const BACKSLASH = 0x5c;
const NONE = -1;

/**
 * A JSON part (auto/json formats, text starting with { or [, no escapes) that lacks a literal the filter
 * requires cannot match: rule it out without decoding. Escaped text is always decoded.
 *
 * Within a batch's records section (see setSection), the backslash and each literal are searched in the section,
 * not in each part: the first occurrence at or after a part's start is kept and holds for every later part
 * before it, so a section costs about one search per pattern plus one per part that holds it (a search per part
 * and pattern cost ~0.3 µs per record, the native call more than the search).
 */
export class LiteralCheck {
  private readonly patterns: (number | Buffer)[];
  private readonly lengths: number[];
  /** Per pattern: its first occurrence at or after `from` in the section (NONE: none). */
  private readonly next: number[];
  private readonly from: number[];
  private section: Buffer | null = null;

  constructor(private readonly needles: Buffer[]) {
    this.patterns = [BACKSLASH, ...needles];
    this.lengths = [1, ...needles.map((n) => n.length)];
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
    if (length <= 0 || (section[at] !== 0x7b && section[at] !== 0x5b)) return true;
    if (section !== this.section) this.setSection(section);
    const end = at + length;
    if (this.holds(section, 0, at, end)) return true;
    for (let k = 1; k < this.patterns.length; k++) if (!this.holds(section, k, at, end)) return false;
    return true;
  }

  test(b: Buffer | null): boolean {
    if (b === null || b.length === 0 || (b[0] !== 0x7b && b[0] !== 0x5b)) return true;
    const section = this.section;
    const start = section !== null && b.buffer === section.buffer ? b.byteOffset - section.byteOffset : -1;
    if (start < 0 || start + b.length > section!.length) return this.testAlone(b);
    const end = start + b.length;
    if (this.holds(section!, 0, start, end)) return true;
    for (let k = 1; k < this.patterns.length; k++) if (!this.holds(section!, k, start, end)) return false;
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

  /** A part outside any known section: searched on its own. */
  private testAlone(b: Buffer): boolean {
    if (b.includes(BACKSLASH)) return true;
    for (const n of this.needles) if (!b.includes(n)) return false;
    return true;
  }
}

export function literalCheck(readers: RecordReaders, filter: CompiledFilter | undefined, variable: 'key' | 'value'): LiteralCheck | null {
  const format = readers.formats[variable];
  const needles = (filter?.required ?? []).filter((r) => r.variable === variable).map((r) => Buffer.from(JSON.stringify(r.literal), 'utf8'));
  if ((format !== 'auto' && format !== 'json') || needles.length === 0 || needles.some((n) => n.includes(BACKSLASH))) return null;
  return new LiteralCheck(needles);
}
