import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowseRecord, SearchEvent } from '../../../shared/model/messages';
import { startCore } from '../core-session';
import { pythonProduce } from '../python-kafka';

const lab = inject('lab');
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const suffix = Date.now().toString(36);
const plain = `browse-plain-${suffix}`;
const search = `browse-search-${suffix}`;
const big = `browse-big-${suffix}`;
const doomed = `browse-doomed-${suffix}`;
const malformed = `browse-malformed-${suffix}`;
const PER_PARTITION = 40;
const T0 = Date.UTC(2024, 0, 1);
let core: ReturnType<typeof startCore>;
const profileId = 'local-lab';

beforeAll(async () => {
  core = startCore(lab.home);
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: plain, numPartitions: 1 },
      { topic: search, numPartitions: 3 },
      { topic: big, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: String(12 << 20) }] },
      { topic: doomed, numPartitions: 1 },
      { topic: malformed, numPartitions: 2 },
    ],
    waitForLeaders: true,
  });
  pythonProduce(lab, plain, [
    { key: 'k-json', value: { id: 1, name: 'Ada', nested: { deep: [1, 2] } }, headers: { trace: 'abc', bin: 'hex:00ff10' } },
    { key: 'k-text', value: 'plain text ✓', format: 'string' },
    { key: '00ff', keyFormat: 'hex', value: 'deadbeef00', format: 'hex' },
    { key: 'k-null', value: null },
    { key: 'k-magic', value: '01000000070a', format: 'hex' },
  ]);
  // Known matches at the first and last offset of every partition, with timestamps that grow by 1 s per offset.
  const records = [];
  for (let p = 0; p < 3; p++)
    for (let i = 0; i < PER_PARTITION; i++) {
      const edge = i === 0 || i === PER_PARTITION - 1;
      records.push({ partition: p, key: `p${p}-${i}`, value: { i, p, needle: edge, text: edge ? `NEEDLE-${p}-${i}` : 'hay' }, timestamp: T0 + i * 1000, headers: { edge: String(edge) } });
    }
  pythonProduce(lab, search, records, { compression: 'gzip' });
  pythonProduce(lab, doomed, [{ value: { x: 1 } }]);
  pythonProduce(lab, malformed, [
    { partition: 0, key: 'ok-1', value: { id: 1, amount: 10 } },
    { partition: 0, key: 'bad-2', value: '{"id": 2, "amount": }', format: 'string' },
    { partition: 1, key: 'ok-3', value: { id: 3, amount: 30 } },
    { partition: 1, key: 'bin-4', value: 'c328ff', format: 'hex' },
    { partition: 1, key: 'bad-5', value: '[1, 2,', format: 'string' },
  ]);
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [plain, search, big, doomed, malformed] }).catch(() => undefined);
  await admin.disconnect();
  await core.close();
});

const searchAll = async (input: Omit<Parameters<typeof core.client.stream<'messages.search'>>[1], 'profileId'>) => {
  const matches: BrowseRecord[] = [];
  const events: SearchEvent[] = [];
  const summary = await core.client.stream('messages.search', { profileId, ...input }, (e) => {
    events.push(e);
    if (e.kind === 'matches') matches.push(...e.records);
  });
  return { summary, matches, events };
};

describe('message viewer: decoding records from an independent client', () => {
  it('decodes JSON, UTF-8, binary, null and headers, and explains undecodable bytes', async () => {
    const page = await core.client.call('messages.read', { profileId, topic: plain, start: { kind: 'beginning' } });
    expect(page.records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4]);
    const [json, text, bin, nul, magic] = page.records as [BrowseRecord, BrowseRecord, BrowseRecord, BrowseRecord, BrowseRecord];
    expect(json.value).toMatchObject({ kind: 'json', value: { id: 1, name: 'Ada', nested: { deep: [1, 2] } } });
    expect(json.key).toMatchObject({ kind: 'string', value: 'k-json' });
    expect(json.headers).toEqual([{ key: 'trace', value: 'abc' }, { key: 'bin', value: null, hex: '00ff10' }]);
    expect(json.valuePreview).toBe('{"id":1,"name":"Ada","nested":{"deep":[1,2]}}');
    expect(text.value).toMatchObject({ kind: 'string', value: 'plain text ✓' });
    expect(bin.value).toMatchObject({ kind: 'hex', value: 'deadbeef00' });
    expect(bin.key).toMatchObject({ kind: 'hex', value: '00ff' });
    expect(nul.value).toMatchObject({ kind: 'null' });
    expect(magic.value.kind).toBe('hex');
    expect(page.next).toBeNull();
    expect(page.prev).toBeNull();

    const asRegistry = await core.client.call('messages.read', { profileId, topic: plain, start: { kind: 'offset', offset: 4 }, decoding: { key: { format: 'string' }, value: { format: 'schema-registry' } } });
    expect(asRegistry.records[0]!.value.error).toMatch(/wrong magic byte 0x01/);
    expect(asRegistry.records[0]!.value.value).toBe('01000000070a');
  });

  it('shows raw hex and wire facts in the detail, and honours a per-topic decoding choice', async () => {
    const detail = await core.client.call('messages.get', { profileId, topic: plain, partition: 0, offset: 0 });
    expect(detail.rawKeyHex).toBe(Buffer.from('k-json').toString('hex'));
    expect(JSON.parse(Buffer.from(detail.rawValueHex!, 'hex').toString())).toEqual({ id: 1, name: 'Ada', nested: { deep: [1, 2] } });
    await core.client.call('topics.setDecoding', { profileId, topic: plain, decoding: { key: { format: 'hex' }, value: { format: 'base64' } } });
    const page = await core.client.call('messages.read', { profileId, topic: plain, start: { kind: 'offset', offset: 1 }, limit: 1 });
    expect(page.records[0]!.value).toMatchObject({ kind: 'base64', value: Buffer.from('plain text ✓').toString('base64') });
    expect(page.records[0]!.key).toMatchObject({ kind: 'hex', value: Buffer.from('k-text').toString('hex') });
    await core.client.call('topics.setDecoding', { profileId, topic: plain, decoding: {} });
    await expect(core.client.call('messages.get', { profileId, topic: plain, partition: 0, offset: 99 })).rejects.toThrow(/no record at offset 99 \(retained: 0…4\)/);
  });
});

describe('seek and paging', () => {
  it('pages forward over every partition exactly once in timestamp order, then back again', async () => {
    const seen: BrowseRecord[] = [];
    let page = await core.client.call('messages.read', { profileId, topic: search, start: { kind: 'beginning' }, limit: 25 });
    const pages = [page];
    seen.push(...page.records);
    while (page.next) {
      page = await core.client.call('messages.read', { profileId, topic: search, start: { kind: 'after', positions: page.next }, limit: 25 });
      pages.push(page);
      seen.push(...page.records);
    }
    expect(seen).toHaveLength(3 * PER_PARTITION);
    expect(new Set(seen.map((r) => `${r.partition}/${r.offset}`)).size).toBe(3 * PER_PARTITION);
    const ts = seen.map((r) => r.timestamp);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    // Back from the last page lands on the page before it.
    const last = pages[pages.length - 1]!;
    const back = await core.client.call('messages.read', { profileId, topic: search, start: { kind: 'before', positions: last.prev! }, limit: 25 });
    expect(back.records.map((r) => `${r.partition}/${r.offset}`)).toEqual(pages[pages.length - 2]!.records.map((r) => `${r.partition}/${r.offset}`));
  });

  it('reads the latest N, from an offset, from a timestamp, and says when a timestamp precedes the first record', async () => {
    const latest = await core.client.call('messages.read', { profileId, topic: search, start: { kind: 'latest', count: 6 }, limit: 6 });
    expect(latest.records.map((r) => r.offset).sort()).toEqual([38, 38, 38, 39, 39, 39]);
    expect(latest.next).toBeNull();

    const fromOffset = await core.client.call('messages.read', { profileId, topic: search, partitions: [1], start: { kind: 'offset', offset: 30 }, limit: 5 });
    expect(fromOffset.records.map((r) => `${r.partition}/${r.offset}`)).toEqual(['1/30', '1/31', '1/32', '1/33', '1/34']);

    const fromTime = await core.client.call('messages.read', { profileId, topic: search, start: { kind: 'timestamp', timestamp: T0 + 10_500 }, limit: 3 });
    expect(fromTime.records.map((r) => r.offset)).toEqual([11, 11, 11]);

    const early = await core.client.call('messages.read', { profileId, topic: search, partitions: [2], start: { kind: 'timestamp', timestamp: T0 - 60_000 }, limit: 1 });
    expect(early.records[0]).toMatchObject({ partition: 2, offset: 0 });
    expect(early.notes.join('\n')).toMatch(/Partition 2: 2023-12-31T23:59:00.000Z is before its first record \(2024-01-01T00:00:00.000Z\)/);

    const late = await core.client.call('messages.read', { profileId, topic: search, partitions: [0], start: { kind: 'timestamp', timestamp: T0 + 3600_000 } });
    expect(late.records).toEqual([]);
    expect(late.notes.join('\n')).toMatch(/Partition 0: no record at or after 2024-01-01T01:00:00.000Z/);

    const clamped = await core.client.call('messages.read', { profileId, topic: search, partitions: [0], start: { kind: 'offset', offset: 1000 } });
    expect(clamped.notes.join('\n')).toMatch(/offset 1000 is past the end \(40\)/);
  });

  it("starts from a consumer group's committed offsets without joining the group", async () => {
    const groupId = `browse-reader-${suffix}`;
    await core.client.call('groups.resetOffsets', { profileId, groupId, topic: search, to: { kind: 'offset', offset: 35 }, dryRun: false });
    const page = await core.client.call('messages.read', { profileId, topic: search, start: { kind: 'group', groupId }, limit: 100 });
    expect(page.records).toHaveLength(15);
    expect(Math.min(...page.records.map((r) => r.offset))).toBe(35);
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0]?.members).toEqual([]);
  });

  it('tails new records live and stops on cancel', async () => {
    const controller = new AbortController();
    const got: BrowseRecord[] = [];
    const tail = core.client.stream('messages.tail', { profileId, topic: plain }, (e) => {
      if (e.kind === 'records') got.push(...e.records);
      if (got.length >= 2) controller.abort();
    }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 700));
    pythonProduce(lab, plain, [{ key: 'live-1', value: { live: 1 } }, { key: 'live-2', value: { live: 2 } }]);
    await expect(tail).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(got.map((r) => r.key.value)).toEqual(['live-1', 'live-2']);
  });
});

// Every search twice: in the core's thread, and on two worker threads (offsets exact across worker boundaries).
describe.each([0, 2])('search (%i worker threads)', (threads) => {
  it('finds exactly the matches at the first and last offset of every partition, with exact ranges', async () => {
    const { summary, matches, events } = await searchAll({ threads, topic: search, filter: 'value.needle == true' });
    expect(matches.map((r) => `${r.partition}/${r.offset}`).sort()).toEqual(['0/0', '0/39', '1/0', '1/39', '2/0', '2/39']);
    expect(summary).toMatchObject({ scanned: 120, total: 120, matched: 6, stoppedBecause: 'complete', filterErrors: [], decodeErrors: [] });
    expect(summary.ranges).toEqual([0, 1, 2].map((partition) => ({ partition, from: 0, to: 40, scannedTo: 40 })));
    expect(events.some((e) => e.kind === 'progress')).toBe(true);
  });

  it('combines text search, headers, partitions, offsets and a time window', async () => {
    const text = await searchAll({ threads, topic: search, text: 'needle-1-' });
    expect(text.matches.map((r) => `${r.partition}/${r.offset}`).sort()).toEqual(['1/0', '1/39']);
    const headers = await searchAll({ threads, topic: search, partitions: [2], filter: 'headers.edge == "true" && offset > 0' });
    expect(headers.matches.map((r) => `${r.partition}/${r.offset}`)).toEqual(['2/39']);
    expect(headers.summary.ranges).toEqual([{ partition: 2, from: 0, to: 40, scannedTo: 40 }]);
    const window = await searchAll({ threads, topic: search, range: { kind: 'time', from: T0 + 5000, to: T0 + 8000 }, filter: 'partition == 0' });
    expect(window.matches.map((r) => r.offset)).toEqual([5, 6, 7]);
    expect(window.summary.ranges[0]).toMatchObject({ from: 5, to: 8, scannedTo: 8 });
    const literal = await searchAll({ threads, topic: search, filter: 'value.text == "NEEDLE-2-39" && value.p == 2.0' });
    expect(literal.matches.map((r) => `${r.partition}/${r.offset}`)).toEqual(['2/39']);
    expect(literal.summary.notes.join('\n')).toMatch(/119 records were ruled out without decoding/);
    const ts = await searchAll({ threads, topic: search, filter: 'timestamp >= timestamp("2024-01-01T00:00:39Z") && key.startsWith("p0")' });
    expect(ts.matches.map((r) => `${r.partition}/${r.offset}`)).toEqual(['0/39']);
  });

  it('stops at maxMatches and says how far each partition was scanned', async () => {
    const { summary, matches } = await searchAll({ threads, topic: search, partitions: [0], filter: 'int(value.i) % 2 == 0', maxMatches: 3 });
    expect(matches.map((r) => r.offset)).toEqual([0, 2, 4]);
    expect(summary).toMatchObject({ stoppedBecause: 'max-matches', matched: 3, scanned: 5 });
    expect(summary.ranges).toEqual([{ partition: 0, from: 0, to: 40, scannedTo: 5 }]);
    // A max met exactly by the last record is no limit reached: every match was found.
    const exact = await searchAll({ threads, topic: search, partitions: [0], maxMatches: 40 });
    expect(exact.summary).toMatchObject({ stoppedBecause: 'complete', matched: 40, scanned: 40 });
  });

  it('counts records the filter cannot evaluate instead of failing the scan', async () => {
    const { summary } = await searchAll({ threads, topic: search, partitions: [0], filter: 'value.missing == 1' });
    expect(summary.matched).toBe(0);
    expect(summary.filterErrors).toEqual([{ message: 'No such key: missing', count: 40 }]);
  });

  it('rejects a CEL expression that does not parse, naming the column', async () => {
    const check = await core.client.call('messages.checkFilter', { filter: 'value.a == && true' });
    expect(check).toMatchObject({ ok: false, line: 1, column: 12 });
    await expect(core.client.call('messages.search', { profileId, threads, topic: search, filter: 'value.a ==' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/column 11/),
    });
    expect(await core.client.call('messages.checkFilter', { filter: 'value.a == 1 && size > 2' })).toEqual({ ok: true, referenced: ['value', 'size'] });
  });
});

describe('undecodable records', () => {
  it('marks what auto read as a plainer format, and finds only those over the whole topic', async () => {
    const page = await core.client.call('messages.read', { profileId, topic: malformed, start: { kind: 'beginning' } });
    const byKey = new Map(page.records.map((r) => [r.keyPreview, r]));
    expect(byKey.get('bad-2')!.value).toMatchObject({ kind: 'string', value: '{"id": 2, "amount": }', fallback: expect.stringMatching(/^not valid JSON: /) });
    expect(byKey.get('bin-4')!.value).toMatchObject({ kind: 'hex', value: 'c328ff', fallback: 'not valid UTF-8 text, and no magic byte 0x00 (not the schema-registry wire format)' });
    expect(byKey.get('ok-1')!.value.fallback).toBeUndefined();

    const { summary, matches } = await searchAll({ topic: malformed, undecodable: true });
    expect(matches.map((r) => r.keyPreview).sort()).toEqual(['bad-2', 'bad-5', 'bin-4']);
    expect(summary).toMatchObject({ scanned: 5, matched: 3, decodeErrors: [] });
    expect(summary.decodeFallbacks.reduce((n, f) => n + f.count, 0)).toBe(3);
    // With a filter and a partition: both apply.
    const narrowed = await searchAll({ topic: malformed, partitions: [1], undecodable: true, filter: 'key.startsWith("bad")' });
    expect(narrowed.matches.map((r) => r.keyPreview)).toEqual(['bad-5']);
    // An explicit format that fails is an error, and "undecodable" finds those too.
    const asJson = await searchAll({ topic: malformed, partitions: [0], undecodable: true, decoding: { key: { format: 'string' }, value: { format: 'json' } } });
    expect(asJson.matches.map((r) => r.keyPreview)).toEqual(['bad-2']);
    expect(asJson.summary.decodeErrors).toEqual([{ reason: expect.stringMatching(/^not valid JSON: /), count: 1 }]);
  });
});

describe('bad input', () => {
  it('pages a 10 MB record without decoding it into the grid, and shows it whole in the detail', async () => {
    const payload = JSON.stringify({ blob: 'z'.repeat(10 << 20) });
    pythonProduce(lab, big, [{ key: 'huge', value: payload, format: 'string' }, { key: 'small', value: { ok: true } }]);
    const page = await core.client.call('messages.read', { profileId, topic: big, start: { kind: 'beginning' } });
    expect(page.records).toHaveLength(2);
    expect(page.records[0]).toMatchObject({ truncated: true, value: { kind: 'hex', error: expect.stringMatching(/10\.0 MiB: too large for the list/) } });
    expect(page.records[1]!.value).toMatchObject({ kind: 'json', value: { ok: true } });
    const detail = await core.client.call('messages.get', { profileId, topic: big, partition: 0, offset: 0 });
    expect((detail.value.value as { blob: string }).blob).toHaveLength(10 << 20);
    const found = await searchAll({ topic: big, filter: 'size > 1000000' });
    expect(found.matches.map((r) => r.offset)).toEqual([0]);
  });

  it('says a topic was deleted while browsing', async () => {
    const page = await core.client.call('messages.read', { profileId, topic: doomed, start: { kind: 'beginning' } });
    expect(page.records).toHaveLength(1);
    await admin.deleteTopics({ topics: [doomed] });
    await expect(core.client.call('messages.read', { profileId, topic: doomed, start: { kind: 'after', positions: { '0': 1 } } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `Topic "${doomed}" does not exist (was it deleted?)`,
    });
  });

  it('names a partition that does not exist', async () => {
    await expect(core.client.call('messages.read', { profileId, topic: search, partitions: [7], start: { kind: 'beginning' } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: `Topic "${search}" has no partition 7 (it has 3)`,
    });
  });
});
