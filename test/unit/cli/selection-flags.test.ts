import { describe, expect, it } from 'vitest';
import { offsetsFlag, selectionFrom } from '../../../electron/cli/selection-flags';

describe('selection flags', () => {
  it('--offsets P:A-B includes both ends; P:A- runs to the end; P is the whole partition', () => {
    expect(offsetsFlag(['0:10-19', '2:5-', '3'])).toEqual({ partitions: [0, 2, 3], range: { kind: 'offsets', from: { 0: 10, 2: 5, 3: 0 }, to: { 0: 20 } } });
  });

  it('refuses malformed, repeated and backwards ranges by name', () => {
    expect(() => offsetsFlag(['0:10'])).toThrow(/--offsets takes P:A-B/);
    expect(() => offsetsFlag(['0:1-2', '0:3-4'])).toThrow(/names partition 0 twice/);
    expect(() => offsetsFlag(['0:9-3'])).toThrow(/ends before it starts/);
  });

  it('combines groups, filter and a time window; refuses two kinds of range', () => {
    expect(selectionFrom({ group: ['abc123'], filter: 'partition == 0', since: '@1000', until: '1970-01-01T00:00:02Z' })).toEqual({
      groups: ['abc123'],
      filter: 'partition == 0',
      range: { kind: 'time', from: 1000, to: 2000 },
    });
    expect(selectionFrom({})).toEqual({ range: { kind: 'all' } });
    expect(() => selectionFrom({ offsets: ['0'], since: '@1' })).toThrow(/give one/);
    expect(() => selectionFrom({ since: 'yesterday' })).toThrow(/--since must be an ISO-8601 time/);
  });
});
