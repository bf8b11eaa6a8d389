import { describe, expect, it } from 'vitest';
import { isoMillis } from '../../../electron/core/decode/iso-time';

describe('isoMillis', () => {
  it('matches Date#toISOString across days, years, negative times and the edges of 4-digit years', () => {
    const samples = [0, 1, 999, 86_399_999, 86_400_000, -1, -86_400_001, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2026, 0, 1, 0, 0, 0, 5), -62_167_219_200_000, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_001];
    for (let t = Date.UTC(1969, 11, 31); t < Date.UTC(1970, 0, 2); t += 3_599_997) samples.push(t);
    for (const ms of samples) expect(isoMillis(ms)).toBe(new Date(ms).toISOString());
  });

  it('matches it in runs within one second (the cached prefix), across second, minute and day edges, before 1970 too, and in random order', () => {
    const samples: number[] = [];
    for (const base of [Date.UTC(2026, 0, 1, 23, 59, 58), -2_000, Date.UTC(1999, 11, 31, 23, 59, 59)]) for (let t = base - 7; t < base + 2_500; t += 3) samples.push(t);
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let i = 0; i < 5_000; i++) samples.push(Math.floor((random() - 0.3) * 4e12));
    for (const ms of [...samples, ...samples.reverse()]) expect(isoMillis(ms)).toBe(new Date(ms).toISOString());
  });
});
