import { afterEach, describe, expect, it } from 'vitest';
import { formatTime, formatTimeWithZone, localizeTimes, parseTime, zoneName, zoneSuffix } from '../../../renderer/src/components/time-format';
import { formatCount, formatCountOr, parseWholeNumber } from '../../../renderer/src/components/number-format';

const savedTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = savedTz;
});

const T = Date.UTC(2024, 4, 1, 10, 0, 0, 123); // 2024-05-01 10:00:00.123 UTC

describe('one time format', () => {
  it('formats ISO-style, 24-hour, with milliseconds, in UTC or local time, naming the zone', () => {
    process.env.TZ = 'Asia/Kolkata';
    expect(formatTime(T, 'utc')).toBe('2024-05-01 10:00:00.123');
    expect(formatTimeWithZone(T, 'utc')).toBe('2024-05-01 10:00:00.123 UTC');
    expect(formatTime(T, 'local')).toBe('2024-05-01 15:30:00.123');
    expect(formatTimeWithZone(T, 'local')).toBe('2024-05-01 15:30:00.123 +05:30');
    expect(formatTime(Date.UTC(2024, 0, 1, 23, 0), 'utc')).toBe('2024-01-01 23:00:00.000'); // never "11 PM"
    expect(zoneName('utc')).toBe('UTC');
    expect(zoneName('local')).toMatch(/^local, /); // the name Intl resolved when the process started
  });

  it('names the offset that applies at each instant (daylight saving)', () => {
    process.env.TZ = 'Europe/Berlin';
    expect(zoneSuffix(Date.UTC(2024, 0, 15), 'local')).toBe('+01:00');
    expect(zoneSuffix(Date.UTC(2024, 6, 15), 'local')).toBe('+02:00');
    expect(formatTime(Date.UTC(2024, 6, 15, 12), 'local')).toBe('2024-07-15 14:00:00.000');
  });

  it('reads what it writes, in the chosen zone unless the text names its own', () => {
    process.env.TZ = 'Asia/Kolkata';
    expect(parseTime('2024-05-01 10:00:00.123', 'utc')).toBe(T);
    expect(parseTime('2024-05-01T10:00:00.123Z', 'local')).toBe(T);
    expect(parseTime('2024-05-01 10:00:00.123 UTC', 'local')).toBe(T);
    expect(parseTime('2024-05-01 15:30:00.123', 'local')).toBe(T);
    expect(parseTime('2024-05-01 15:30:00.123 +05:30', 'utc')).toBe(T);
    expect(parseTime('2024-05-01 06:00:00.123-0400', 'utc')).toBe(T);
    expect(parseTime('2024-05-01 10:00', 'utc')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(parseTime('2024-05-01', 'utc')).toBe(Date.UTC(2024, 4, 1));
    expect(parseTime('@1714557600123', 'local')).toBe(1714557600123);
    expect(parseTime(formatTime(T, 'local'), 'local')).toBe(T);
    process.env.TZ = 'Europe/Berlin';
    const summer = Date.UTC(2024, 6, 15, 12, 34, 56, 789);
    expect(parseTime(formatTime(summer, 'local'), 'local')).toBe(summer);
  });

  it("puts the core's ISO-8601 UTC instants in messages into the same format and zone", () => {
    process.env.TZ = 'Asia/Kolkata';
    const note = 'Partition 1: 2024-05-01T10:00:03.000Z is before its first record (2024-05-01T10:00:04.000Z); starting at its beginning';
    expect(localizeTimes(note, 'utc')).toBe('Partition 1: 2024-05-01 10:00:03.000 UTC is before its first record (2024-05-01 10:00:04.000 UTC); starting at its beginning');
    expect(localizeTimes(note, 'local')).toBe('Partition 1: 2024-05-01 15:30:03.000 +05:30 is before its first record (2024-05-01 15:30:04.000 +05:30); starting at its beginning');
    expect(localizeTimes('offset 2024 of p1', 'local')).toBe('offset 2024 of p1');
  });

  it('refuses US-style and impossible times, saying what to type', () => {
    expect(() => parseTime('05/01/2024 10:00 AM', 'utc')).toThrow(/"05\/01\/2024 10:00 AM" is not a time: use YYYY-MM-DD HH:mm:ss \(UTC\), e\.g\. 2024-05-01 10:00:00/);
    expect(() => parseTime('2024-02-30 10:00', 'utc')).toThrow(/not a valid date and time/);
    expect(() => parseTime('2024-05-01 24:00', 'utc')).toThrow(/not a valid date and time/);
    expect(() => parseTime('', 'utc')).toThrow(/^Enter a time/);
  });
});

describe('one number format', () => {
  it('groups thousands everywhere, and reads grouped numbers back', () => {
    expect(formatCount(1093)).toBe('1,093');
    expect(formatCount(0)).toBe('0');
    expect(formatCountOr(null)).toBe('—');
    expect(formatCountOr(1234567)).toBe('1,234,567');
    expect(parseWholeNumber('1,093')).toBe(1093);
    expect(parseWholeNumber(' 1_234_567 ')).toBe(1234567);
    expect(parseWholeNumber('1093')).toBe(1093);
    expect(parseWholeNumber('1,09')).toBeNaN();
    expect(parseWholeNumber('-5')).toBeNaN();
    expect(parseWholeNumber('')).toBeNaN();
  });
});
