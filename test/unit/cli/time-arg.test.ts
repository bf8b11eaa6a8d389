import { describe, expect, it } from 'vitest';
import { readTime } from '../../../electron/cli/time-arg';
import { fromFlag } from '../../../electron/cli/commands/consume';
import { resetTarget } from '../../../electron/cli/commands/group-reset';
import { selectorFrom } from '../../../electron/cli/lake-target';

const ms = (text: string) => {
  const t = readTime(text);
  return t.ok ? t.ms : t.why;
};

describe('strict ISO-8601 times', () => {
  it.each([
    ['2024-05-01T10:00:00Z', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T10:00:00.123456789Z', Date.UTC(2024, 4, 1, 10, 0, 0, 123)],
    ['2024-05-01T10:00Z', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T12:00:00+02:00', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T05:30:00-0430', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01 10:00:00z', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T10:00:00', Date.UTC(2024, 4, 1, 10)], // no zone: UTC, as floe prints times
    ['2024-05-01', Date.UTC(2024, 4, 1)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2000-02-29', Date.UTC(2000, 1, 29)],
    ['1970-01-01T00:00:00Z', 0],
    ['@1714557600000', 1714557600000],
    ['@0', 0],
  ])('%s', (text, expected) => expect(ms(text)).toBe(expected));

  it.each([
    ['2024-02-30', /February 2024 has 29 days/],
    ['2023-02-29', /February 2023 has 28 days/],
    ['1900-02-29', /February 1900 has 28 days/],
    ['2024-04-31', /April 2024 has 30 days/],
    ['2024-13-01', /month 13/],
    ['2024-00-10', /month 0/],
    ['2024-05-00', /day 0/],
    ['2024-05-01T24:00:00Z', /hour 24/],
    ['2024-05-01T10:60:00Z', /minute 60/],
    ['2024-05-01T10:00:60Z', /second 60/],
    ['2024-05-01T10:00:00+24:00', /offset/],
    ['1969-12-31T23:59:59Z', /before 1970/],
    ['x 7', /not an ISO-8601 time/],
    ['-5', /not an ISO-8601 time/],
    ['7', /not an ISO-8601 time/],
    ['May 1, 2024', /not an ISO-8601 time/],
    ['2024-5-1', /not an ISO-8601 time/],
    ['2024-05-01T10', /not an ISO-8601 time/],
    ['2024-05-01T10:00:00ZZ', /not an ISO-8601 time/],
    ['@-5', /@epoch-ms/],
    ['@1.5', /@epoch-ms/],
    ['@99999999999999999999', /@epoch-ms/],
    ['', /not an ISO-8601 time/],
  ])('refuses %s', (text, why) => expect(ms(text)).toMatch(why));
});

describe('--from (its accepted forms are in filter-export.test.ts)', () => {
  it.each(['-5', 'x 7', '2024-02-30', '99999999999999999999', '1e3', ' 5', 'latest', ''])('refuses %j naming --from and the value', (text) => {
    expect(() => fromFlag(text)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(new RegExp(`^--from .*"${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`)) }));
  });
});

describe('the other time flags use the same reader', () => {
  it('group-reset --to timestamp:', () => {
    expect(resetTarget('timestamp:2024-02-29T00:00:00Z')).toEqual({ kind: 'timestamp', timestamp: Date.UTC(2024, 1, 29) });
    expect(() => resetTarget('timestamp:2024-02-30')).toThrow(/February 2024 has 29 days/);
    expect(() => resetTarget('timestamp:x 7')).toThrow(/--to/);
  });

  it('table --as-of (digits are epoch milliseconds)', () => {
    expect(selectorFrom({ 'as-of': '2024-02-29T00:00:00Z' })).toEqual({ asOfMs: Date.UTC(2024, 1, 29) });
    expect(selectorFrom({ 'as-of': '1714557600000' })).toEqual({ asOfMs: 1714557600000 });
    expect(() => selectorFrom({ 'as-of': '2024-02-30' })).toThrow(/--as-of.*February 2024 has 29 days/);
    expect(() => selectorFrom({ 'as-of': 'x 7' })).toThrow(/--as-of/);
  });
});
