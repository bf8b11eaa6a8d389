import type { SourceStatus } from './model/dlq';

/** Whether a dead letter's source record is still there, said in words (CLI and app). */
export function sourceText(s: SourceStatus): string {
  switch (s.state) {
    case 'present':
      return 'source record present';
    case 'deleted':
      return `source record deleted by retention (partition now holds ${s.low}…${s.high - 1})`;
    case 'not-yet':
      return `source offset is past the partition's end (${s.high})`;
    case 'no-partition':
      return `source topic has no such partition (it has ${s.partitions})`;
    case 'topic-gone':
      return 'source topic no longer exists';
    case 'unknown':
      return `source unknown: ${s.reason}`;
  }
}
