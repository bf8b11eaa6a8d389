import { isUndecodable, type DecodedPart } from '../../../shared/model/record';
import type { RawRecord } from '../kafka/record-batch';
import { type CompiledFilter, type FilterContext } from './filter-model';
import { spanReader, type PartReader, type RecordReaders, type SpanReader } from './record-decoder';
import { literalCheck, type LiteralCheck } from './literal-check';
import { headerView, partText } from './record-view';

export interface MatchOptions {
  filter?: CompiledFilter;
  text?: string;
  /** Only records with a part that could not be decoded or fell back. */
  undecodable?: boolean;
}

/** Counts distinct messages (decode reasons, filter errors) for the summary. */
export class ReasonCounter {
  readonly counts = new Map<string, number>();
  add(reason: string) {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }
  /** Adds counts taken elsewhere (another chunk, another thread). */
  addAll(entries: Iterable<[string, number]>) {
    for (const [reason, n] of entries) this.counts.set(reason, (this.counts.get(reason) ?? 0) + n);
  }
  /** The counts so far, which start again from zero. */
  drain(): [string, number][] {
    const out = [...this.counts];
    this.counts.clear();
    return out;
  }
  list<K extends string>(name: K): ({ [P in K]: string } & { count: number })[] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([text, count]) => ({ [name]: text, count }) as { [P in K]: string } & { count: number });
  }
}

/** What test() reads of a record besides its decoded parts (headers only when needHeaders). */
export type RecordFacts = Pick<RawRecord, 'offset' | 'size' | 'timestamp' | 'headers'>;

/** What the filter and text search see of a decoded part: the decoded value, or the hex of undecodable bytes. */
const celValue = (part: DecodedPart) => part.value ?? null;

/**
 * Decides whether a scanned record matches a CEL filter and/or a text search, decoding only the parts
 * they read: which parts to decode, a cheap pre-check on raw JSON bytes, and a value reader that builds
 * only the fields a filter reads (a match is then decoded whole for display).
 */
export class RecordMatcher {
  readonly needKey: boolean;
  readonly needValue: boolean;
  /** The fields the value is built with, or null when it is decoded whole. */
  readonly projection: ReadonlySet<string> | null;
  readonly decodeErrors = new ReasonCounter();
  readonly decodeFallbacks = new ReasonCounter();
  readonly filterErrors = new ReasonCounter();
  /** readValue for the bytes at [at, at + length) of a records section. */
  readonly readValueAt: SpanReader;
  /** Records a raw-bytes pre-check ruled out without decoding. */
  ruledOut = 0;
  private readonly context: FilterContext = { partition: 0, offset: 0, size: 0, key: undefined, value: undefined, headers: undefined, timestamp: undefined };
  private readonly needle: string | undefined;
  /** The filter or text search reads headers (test() needs the record's). */
  readonly needHeaders: boolean;
  private readonly keyMayMatch: LiteralCheck | null;
  private readonly valueMayMatch: LiteralCheck | null;

  private constructor(
    private readonly options: MatchOptions,
    readonly readValue: PartReader,
    readers: RecordReaders,
    projection: ReadonlySet<string> | null,
  ) {
    this.needle = options.text?.toLowerCase() || undefined;
    const uses = options.filter?.uses;
    const whole = Boolean(this.needle) || Boolean(options.undecodable);
    this.needKey = whole || Boolean(uses?.has('key'));
    this.needValue = whole || Boolean(uses?.has('value'));
    this.needHeaders = Boolean(this.needle) || Boolean(uses?.has('headers'));
    this.keyMayMatch = this.needle ? null : literalCheck(readers, options.filter, 'key');
    this.valueMayMatch = this.needle ? null : literalCheck(readers, options.filter, 'value');
    this.projection = projection;
    this.readValueAt = spanReader(readValue);
  }

  static async create(readers: RecordReaders, options: MatchOptions): Promise<RecordMatcher> {
    // A filter that reads only value.<field>s sees a value built with just those fields; a match is decoded whole.
    const projection = options.text || options.undecodable ? null : (options.filter?.valueFields ?? null);
    const readValue = projection ? await readers.valueFields(projection) : readers.value;
    return new RecordMatcher(options, readValue, readers, projection);
  }

  /** Records ruled out since the last call. */
  drainRuledOut(): number {
    const n = this.ruledOut;
    this.ruledOut = 0;
    return n;
  }

  /** The records section (see ChunkRecords.sections) the keys and values of the next records are views into. */
  setSection(bytes: Buffer | null): void {
    this.keyMayMatch?.setSection(bytes);
    this.valueMayMatch?.setSection(bytes);
  }

  /** mayMatch() of a record whose key and value lie in `section` (lengths -1 for null), without views of them. */
  mayMatchAt(section: Buffer, keyAt: number, keyLength: number, valueAt: number, valueLength: number): boolean {
    if ((this.valueMayMatch && !this.valueMayMatch.testAt(section, valueAt, valueLength)) || (this.keyMayMatch && !this.keyMayMatch.testAt(section, keyAt, keyLength))) {
      this.ruledOut++;
      return false;
    }
    return true;
  }

  /** False when the raw bytes alone show the record cannot match. */
  mayMatch(r: RawRecord): boolean {
    if ((this.valueMayMatch && !this.valueMayMatch.test(r.value)) || (this.keyMayMatch && !this.keyMayMatch.test(r.key))) {
      this.ruledOut++;
      return false;
    }
    return true;
  }

  /** Counts a decoded part's error or fallback for the summary and hands the part back. */
  decoded(p: DecodedPart): DecodedPart {
    if (p.error) this.decodeErrors.add(p.error);
    else if (p.fallback) this.decodeFallbacks.add(p.fallback);
    return p;
  }

  /** Whether a record matches, given its parts decoded as far as the filter needs them. */
  test(partition: number, r: RecordFacts, key: DecodedPart | null, value: DecodedPart | null): boolean {
    const { needle } = this;
    if (this.options.undecodable && !isUndecodable({ key: key!, value: value! })) return false;
    const headers = this.needHeaders ? r.headers.map(headerView) : null;
    if (needle) {
      let hit = partText(key!).toLowerCase().includes(needle) || partText(value!).toLowerCase().includes(needle);
      for (let i = 0; !hit && i < headers!.length; i++) hit = `${headers![i]!.key}\u0000${headers![i]!.value ?? headers![i]!.hex ?? ''}`.toLowerCase().includes(needle);
      if (!hit) return false;
    }
    const filter = this.options.filter;
    if (!filter) return true;
    // One context for every record, all its fields written each time: CEL reads a field left undefined as one left
    // out, and keeps nothing of a context past an evaluation (an object per record was 136 of a scan's ~800 bytes per JSON record).
    const context = this.context;
    context.partition = partition;
    context.offset = r.offset;
    context.size = r.size;
    context.key = key ? celValue(key) : undefined;
    context.value = value ? celValue(value) : undefined;
    context.headers = headers ? Object.fromEntries(headers.map((h) => [h.key, h.value ?? h.hex ?? null])) : undefined;
    context.timestamp = filter.uses.has('timestamp') ? new Date(r.timestamp) : undefined;
    const answer = filter.evaluate(context);
    if (answer === true || answer === false) return answer;
    this.filterErrors.add(answer);
    return false;
  }
}
