import { describe, expect, it } from 'vitest';
import { missingRecordText } from '../../../renderer/src/stores/messages-store';

describe('why a linked record is not shown', () => {
  it('names retention, the end of the partition, compaction or a missing partition', () => {
    expect(missingRecordText(2, 5, { low: 1200, high: 1300 })).toBe('Offset 5 of partition 2 is gone: retention removed it (the partition now starts at offset 1,200)');
    expect(missingRecordText(2, 5000, { low: 1200, high: 1300 })).toBe('Offset 5,000 of partition 2 is not on the topic: the partition ends at offset 1,300 (was it truncated or the topic recreated?)');
    expect(missingRecordText(2, 1250, { low: 1200, high: 1300 })).toMatch(/^Offset 1,250 of partition 2 is not there: compaction removed it/);
    expect(missingRecordText(7, 1, undefined)).toBe('Offset 1 of partition 7: the topic has no partition 7 now');
  });
});
