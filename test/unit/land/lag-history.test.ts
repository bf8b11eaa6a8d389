import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LagHistory } from '../../../electron/core/land/lag-history';
import { LAND_HISTORY_KEEP_MS as KEEP_MS, LAND_SAMPLE_EVERY_MS as SAMPLE_EVERY_MS, type LandStatus } from '../../../shared/model/land';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function history() {
  const dir = mkdtempSync(join(tmpdir(), 'floe-lag-'));
  dirs.push(dir);
  const file = (id: string) => join(dir, id, 'lag.ndjson');
  return { file, open: () => new LagHistory(file) };
}

const status = (at: number, lagRecords: number, lagSeconds = lagRecords / 100, recordsPerSec = 1000) => ({ id: 'job', updatedAtMs: at, lagRecords, lagSeconds, recordsPerSec }) as LandStatus;
const T0 = Date.now() - 3600_000;

describe('a landing job’s lag history', () => {
  it('keeps one sample per 10 s: the most lag seen in them and the newest rate', () => {
    const h = history().open();
    h.record(status(T0, 500));
    h.record(status(T0 + 4000, 300));
    h.record(status(T0 + SAMPLE_EVERY_MS, 100));
    h.record(status(T0 + SAMPLE_EVERY_MS + 9000, 0, 0, 0));
    expect(h.read('job')).toEqual([
      { at: T0, lagRecords: 500, lagSeconds: 5, recordsPerSec: 1000 },
      { at: T0 + SAMPLE_EVERY_MS, lagRecords: 100, lagSeconds: 1, recordsPerSec: 0 },
    ]);
    expect(h.read('job', T0 + 1)).toHaveLength(1);
  });

  it('is read back after a restart (the open sample once flushed), skipping a torn last line', () => {
    const { file, open } = history();
    const h = open();
    for (let i = 0; i < 5; i++) h.record(status(T0 + i * SAMPLE_EVERY_MS, 100 - i));
    expect(open().read('job').map((s) => s.lagRecords)).toEqual([100, 99, 98, 97]);
    h.flush('job');
    h.flush('job');
    appendFileSync(file('job'), '{"at": 12');
    expect(open().read('job').map((s) => s.lagRecords)).toEqual([100, 99, 98, 97, 96]);
  });

  it('keeps a day: older samples leave memory, and the file is rewritten once it holds twice what is kept', () => {
    const { file, open } = history();
    const h = open();
    const start = Date.now() - KEEP_MS - 30 * 60_000;
    for (let at = start; at <= Date.now(); at += 60_000) h.record(status(at, 1));
    const kept = h.read('job');
    expect(kept[0]!.at).toBeGreaterThanOrEqual(Date.now() - KEEP_MS - 60_000);
    expect(kept).toHaveLength(Math.floor(KEEP_MS / 60_000) + 1);
    const lines = readFileSync(file('job'), 'utf8').trim().split('\n').length;
    expect(lines).toBeLessThanOrEqual(2 * kept.length);
    h.flush('job');
    expect(open().read('job')).toEqual(kept);
  });

  it('forgets a deleted job', () => {
    const { open } = history();
    const h = open();
    h.record(status(T0, 1));
    h.forget('job');
    expect(h.read('other')).toEqual([]);
  });
});
