import { FRAME_NUMBERS, frameColumns, type MatchFrame } from '../../../shared/model/match-frame';
import type { BrowseRecord } from '../../../shared/model/messages';
import type { ChunkResult } from './chunk-scanner';
import { joinFrames, sliceFrame } from './match-frame-builder';

/** Matches merged and not yet sent: records, or frames (a scan's matches are all one or all the other). */
export class PendingMatches {
  count = 0;
  private records: BrowseRecord[] = [];
  private frames: MatchFrame[] = [];

  /** The count of a chunk's matches, whichever form they are in. */
  static found(r: ChunkResult): number {
    return r.frame ? r.frame.rows : r.matches.length;
  }

  /** The offset of a chunk's match `i`. */
  static offsetOf(r: ChunkResult, i: number): number {
    return r.frame ? frameColumns(r.frame).numbers[i * FRAME_NUMBERS + 1]! : r.matches[i]!.offset;
  }

  /** A chunk's first `keep` matches. */
  add(r: ChunkResult, keep: number): void {
    if (keep <= 0) return;
    this.count += keep;
    if (r.frame) this.frames.push(keep < r.frame.rows ? sliceFrame(r.frame, 0, keep) : r.frame);
    else for (let i = 0; i < keep; i++) this.records.push(r.matches[i]!);
  }

  /** Everything pending, in order, in batches of at most `max` matches; empties this. */
  take(max: number): (BrowseRecord[] | MatchFrame)[] {
    const batches: (BrowseRecord[] | MatchFrame)[] = [];
    for (let i = 0; i < this.records.length; i += max) batches.push(this.records.slice(i, i + max));
    let parts: { frame: MatchFrame; from: number; to: number }[] = [];
    let rows = 0;
    const batch = () => {
      const only = parts.length === 1 && parts[0]!.from === 0 && parts[0]!.to === parts[0]!.frame.rows;
      batches.push(only ? parts[0]!.frame : joinFrames(parts));
      parts = [];
      rows = 0;
    };
    for (const frame of this.frames) {
      for (let from = 0; from < frame.rows; ) {
        const to = Math.min(frame.rows, from + max - rows);
        parts.push({ frame, from, to });
        rows += to - from;
        from = to;
        if (rows === max) batch();
      }
    }
    if (rows > 0) batch();
    this.records = [];
    this.frames = [];
    this.count = 0;
    return batches;
  }
}
