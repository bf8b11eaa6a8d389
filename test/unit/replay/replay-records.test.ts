import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../../electron/core/kafka/record-batch';
import { encodeEdits, outgoing, type ReplayContext } from '../../../electron/core/replay/replay-records';
import { fingerprintOf, ReplayStore, type StoredReplay } from '../../../electron/core/replay/replay-store';
import { ReplaySpec } from '../../../shared/model/replay';

const b = (s: string) => Buffer.from(s, 'utf8');
const deadLetter: RawRecord = {
  offset: 41,
  timestamp: 1_700_000_000_000,
  timestampType: 0,
  key: b('order-7'),
  value: b('{"amount": "twelve"}'),
  headers: [
    { key: 'trace', value: b('abc') },
    { key: '__connect.errors.topic', value: b('orders') },
    { key: '__connect.errors.partition', value: b('2') },
    { key: '__connect.errors.offset', value: b('17') },
    { key: '__connect.errors.exception.message', value: b('For input string: "twelve"') },
    { key: 'floe.replay.id', value: b('an-earlier-replay') },
    { key: 'nothing', value: null },
  ],
  size: 100,
} as RawRecord;

function ctx(over: Partial<ReplayContext> = {}): ReplayContext {
  return { replayId: 'r-1', sourceTopic: 'orders-dlq', dlq: true, target: { partitioning: 'original' }, edits: {}, mappings: [], targets: { partitions: async () => 3 }, time: 1_800_000_000_000, ...over };
}

describe('the record a dead letter becomes', () => {
  it('goes back to its source topic and partition, error headers and older provenance removed, its own provenance added, other headers kept in order', async () => {
    const o = await outgoing(ctx(), 0, deadLetter);
    expect(o).toMatchObject({ topic: 'orders', partition: 2, edited: false });
    expect(o.record.headers.map((h) => [h.key, h.value === null ? null : Buffer.from(h.value).toString()])).toEqual([
      ['trace', 'abc'],
      ['nothing', null],
      ['floe.replay.id', 'r-1'],
      ['floe.replay.source.topic', 'orders-dlq'],
      ['floe.replay.source.partition', '0'],
      ['floe.replay.source.offset', '41'],
      ['floe.replay.time', '1800000000000'],
    ]);
    expect(o.record.timestamp).toBe(deadLetter.timestamp);
  });

  it('uses the key partitioner when the target has fewer partitions than the original, or when asked', async () => {
    const few = await outgoing(ctx({ targets: { partitions: async () => 2 } }), 0, deadLetter);
    const byKey = await outgoing(ctx({ target: { partitioning: 'key' } }), 0, deadLetter);
    expect(few.partition).toBeLessThan(2);
    expect(byKey.partition).toBe((await outgoing(ctx({ target: { partitioning: 'key' } }), 1, deadLetter)).partition);
  });

  it('applies an edit (value, key, headers) encoded once; refuses a record that names no source topic without a target', async () => {
    const edits = await encodeEdits([{ partition: 0, offset: 41, value: { encoding: 'json', text: '{"amount": 12}' }, key: { encoding: 'null' }, headers: [{ key: 'fixed-by', value: 'me' }] }], null);
    const o = await outgoing(ctx({ edits }), 0, deadLetter);
    expect(Buffer.from(o.record.value!).toString()).toBe('{"amount": 12}');
    expect(o.record.key).toBeNull();
    expect(o.record.headers[0]).toEqual({ key: 'fixed-by', value: b('me') });
    expect(o.edited).toBe(true);
    const orphan = { ...deadLetter, headers: [] } as RawRecord;
    await expect(outgoing(ctx(), 0, orphan)).rejects.toThrow('orders-dlq/0 offset 41 names no source topic in its error headers: choose a target topic');
    await expect(encodeEdits([{ partition: 0, offset: 1, value: { encoding: 'schema', subject: 's', text: '{}' } }], null)).rejects.toThrow(/the edit of 0:1: value: .* needs a schema registry/);
  });
});

describe('replay jobs on disk', () => {
  const spec = ReplaySpec.parse({ profileId: 'p', source: { kind: 'dlq', topic: 'd' } });
  const sealed = { spec, ranges: [{ partition: 0, from: 0, to: 5 }], edits: {}, groupId: 'floe-replay-r-abcdef', transactionalId: 'floe-replay-r-abcdef', sourceTopic: 'd' };
  const job: StoredReplay = {
    id: 'r-abcdef',
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...sealed,
    fingerprint: fingerprintOf(sealed),
    selectionKey: 'k',
    status: 'running',
    owner: { pid: 2 ** 22 + 17 },
    progress: { read: 0, total: 5, sent: 0, skipped: 0, recordsPerSec: 0, etaMs: null },
    report: { targets: [], lost: [], errors: [] },
  };

  it('reads a job whose process is gone as interrupted', () => {
    const store = new ReplayStore(mkdtempSync(join(tmpdir(), 'floe-replay-')));
    store.create(job);
    expect(store.get(job.id)).toMatchObject({ status: 'interrupted', message: expect.stringMatching(/stopped: resume it/) });
  });

  it('refuses a job file that is damaged or whose selection was changed by hand, and lists it as a problem', () => {
    const store = new ReplayStore(mkdtempSync(join(tmpdir(), 'floe-replay-')));
    store.create(job);
    const path = join(store.dir, `${job.id}.json`);
    const changed = JSON.parse(readFileSync(path, 'utf8')) as StoredReplay;
    changed.ranges[0]!.to = 500;
    writeFileSync(path, JSON.stringify(changed));
    expect(() => store.get(job.id)).toThrow(/damaged or was changed by hand .* it is not run/);
    writeFileSync(path, '{"spec": ');
    expect(() => store.get(job.id)).toThrow(/cannot be read .* it is not run/);
    expect(store.list()).toMatchObject({ jobs: [], problems: [expect.stringMatching(/cannot be read/)] });
    expect(() => store.write({ ...job, ranges: [] })).toThrow(/must not change/);
  });
});
