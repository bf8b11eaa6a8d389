import { FrameRows } from '../../../shared/model/match-frame';
import type { BrowseRecord } from '../../../shared/model/messages';
import { isUndecodable } from '../../../shared/model/record';
import type { RowList } from '../components/virtual-window';

/** Records read by index: an array, or a search's frame of matches (FrameRows). */
export type RowSource = RowList<BrowseRecord>;

/**
 * The grid's rows, kept in the batches they came in (a page's records, a tail's batches, a search's frames): a
 * frame's row becomes an object only when the grid draws it. Grows at the end and drops from the front (a tail past
 * the grid's cap), never copying what it holds.
 */
export class RecordRows implements RowSource {
  /** The rows whose key or value could not be decoded or fell back, in order (found as rows arrive). */
  readonly undecodable: BrowseRecord[] = [];
  /** Each undecodable row's position (counted from the first row ever added). */
  private undecodableAt: number[] = [];
  private sources: RowSource[] = [];
  /** The position of each source's first row. */
  private starts: number[] = [];
  private first = 0;
  private end = 0;

  static of(records: BrowseRecord[]): RecordRows {
    const rows = new RecordRows();
    rows.push(records);
    return rows;
  }

  get length(): number {
    return this.end - this.first;
  }

  push(source: RowSource): void {
    if (source.length === 0) return;
    // Every row of a frame with a decode problem carries it as an extra: the other rows need not be built to know.
    const candidates = source instanceof FrameRows ? source.extraRows() : null;
    const count = candidates ? candidates.length : source.length;
    for (let k = 0; k < count; k++) {
      const i = candidates ? candidates[k]! : k;
      const r = source.at(i)!;
      if (!isUndecodable(r)) continue;
      this.undecodable.push(r);
      this.undecodableAt.push(this.end + i);
    }
    this.sources.push(source);
    this.starts.push(this.end);
    this.end += source.length;
  }

  at(i: number): BrowseRecord | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    const at = this.first + i;
    // The last source starting at or before `at`.
    let lo = 0;
    let hi = this.sources.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return this.sources[lo]!.at(at - this.starts[lo]!);
  }

  /** Drops the first `count` rows. */
  dropFirst(count: number): void {
    this.first = Math.min(this.end, this.first + count);
    let sources = 0;
    while (sources < this.sources.length && this.starts[sources]! + this.sources[sources]!.length <= this.first) sources++;
    this.sources.splice(0, sources);
    this.starts.splice(0, sources);
    let gone = 0;
    while (gone < this.undecodableAt.length && this.undecodableAt[gone]! < this.first) gone++;
    this.undecodable.splice(0, gone);
    this.undecodableAt.splice(0, gone);
  }
}
