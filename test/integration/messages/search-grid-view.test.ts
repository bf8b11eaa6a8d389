// The search's `grid` view: the same matches as the full view, with the previews, decode problems, sizes and headers
// the grid shows, and without the decoded key and value bodies it never reads, whether the core's thread or a scan
// worker built them; and its `frame` view (what the app asks for): the same rows in columns.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import type { BrowseRecord, SearchView } from '../../../shared/model/messages';
import { FrameRows } from '../../../shared/model/match-frame';
import { startCore } from '../core-session';
import { exactProducer } from '../exact-producer';

const lab = inject('lab');
const topic = `search-grid-${Date.now().toString(36)}`;
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const core = startCore(lab.home);

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const producer = exactProducer(kafka);
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      { key: 'a', value: JSON.stringify({ id: 9007199254740993n.toString(), n: 1 }), headers: { source: 'web' } },
      { key: 'b', value: '{not json' },
      { key: 'c', value: null },
    ],
  });
  await producer.disconnect();
}, 60_000);

afterAll(async () => {
  await core.close();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

/** threads 1 without the core's help: the matches are built on a scan worker. */
async function search(view: SearchView, onWorker = false): Promise<BrowseRecord[]> {
  const rows: BrowseRecord[] = [];
  const where = onWorker ? { threads: 1, coreThreadHelps: false } : {};
  const summary = await core.client.stream('messages.search', { profileId: LOCAL_LAB_PROFILE_ID, topic, maxMatches: 100, view, ...where }, (e) => {
    if (e.kind === 'matches') rows.push(...e.records);
    if (e.kind === 'frame') for (let i = 0, f = new FrameRows(e.frame); i < f.length; i++) rows.push(f.at(i)!);
  });
  expect(summary.matched).toBe(3);
  return rows;
}

describe('search view', () => {
  it('grid: every match with what the grid shows and no decoded bodies; full: the bodies too', async () => {
    const [full, grid] = [await search('full'), await search('grid')];
    expect(full[0]!.value.value).toEqual({ id: '9007199254740993', n: 1 });
    expect(full[1]!.value.fallback).toBeTruthy();
    expect(grid.map((r) => r.offset)).toEqual([0, 1, 2]);
    for (const [i, g] of grid.entries()) {
      const f = full[i]!;
      expect(g.key).not.toHaveProperty('value');
      expect(g.value).not.toHaveProperty('value');
      const { value: _k, ...key } = f.key;
      const { value: _v, ...value } = f.value;
      expect(g).toEqual({ ...f, key, value });
    }
    expect(grid[0]!.valuePreview).toBe('{"id":"9007199254740993","n":1}');
    expect(grid[0]!.headers).toEqual([{ key: 'source', value: 'web' }]);
    expect(grid[1]!.value.fallback).toBe(full[1]!.value.fallback);
    expect(grid[2]!.value.kind).toBe('null');
  });

  it('grid matches built on a scan worker are the same as in the core', async () => {
    expect(await search('grid', true)).toEqual(await search('grid'));
    expect(await search('full', true)).toEqual(await search('full'));
  });

  it('frame: the grid rows in columns, from the core and from a scan worker', async () => {
    const grid = await search('grid');
    expect(await search('frame')).toEqual(grid);
    expect(await search('frame', true)).toEqual(grid);
  });
});
