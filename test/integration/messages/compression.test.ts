import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowseRecord } from '../../../shared/model/messages';
import { isXerialFramed } from '../../../electron/core/kafka/codecs/snappy';
import { fetchPartitions } from '../../../electron/core/kafka/fetch-request';
import { COMPRESSION_NAMES, splitBatches } from '../../../electron/core/kafka/record-batch';
import { topicPartitions } from '../../../electron/core/kafka/topic-partitions';
import { createRawCluster, type RawCluster } from '../../../electron/core/kafka/kafkajs-cluster';
import { pythonProduce } from '../python-kafka';
import { startCore } from '../core-session';
import { hasKcat, javaProduce, kafkaLibs, kcatProduce } from '../producers';

const lab = inject('lab');
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const suffix = Date.now().toString(36);
const profileId = 'local-lab';
const N = 300;
let core: ReturnType<typeof startCore>;

type Writer = 'python' | 'kcat' | 'java';
const codecs = { python: ['gzip', 'snappy', 'lz4', 'zstd'], kcat: ['gzip', 'snappy', 'lz4', 'zstd'], java: ['gzip', 'snappy', 'lz4', 'zstd'] } as const;
const topicOf = (writer: Writer, codec: string) => `browse-codec-${writer}-${codec}-${suffix}`;
const writers = (['python', 'kcat', 'java'] as Writer[]).filter((w) => (w === 'kcat' ? hasKcat() : w === 'java' ? kafkaLibs() !== null : true));
const cases = writers.flatMap((writer) => codecs[writer].map((codec) => ({ writer, codec, topic: topicOf(writer, codec) })));
// Values padded so that each batch compresses several records (and the Java client writes several xerial chunks' worth).
const pad = 'x'.repeat(120);
const valueOf = (i: number, codec: string) => `{"i":${i},"codec":"${codec}","pad":"${pad}"}`;

beforeAll(async () => {
  core = startCore(lab.home);
  await admin.connect();
  await admin.createTopics({ topics: cases.map((c) => ({ topic: c.topic, numPartitions: 1 })), waitForLeaders: true });
  for (const { writer, codec, topic } of cases) {
    if (writer === 'python')
      pythonProduce(lab, topic, Array.from({ length: N }, (_, i) => ({ key: `py-${i}`, value: JSON.parse(valueOf(i, codec)) as unknown })), { compression: codec });
    else if (writer === 'kcat') kcatProduce(lab.kafka.plaintext, topic, codec, Array.from({ length: N }, (_, i) => `kcat-${i}\t${valueOf(i, codec)}`));
    else javaProduce(lab.kafka.plaintext, topic, codec, N);
  }
}, 180_000);

afterAll(async () => {
  await admin.deleteTopics({ topics: cases.map((c) => c.topic) }).catch(() => undefined);
  await admin.disconnect();
  await core.close();
});

const keyPrefix = { python: 'py', kcat: 'kcat', java: 'java' } as const;

/** The topic's first stored batch as the broker serves it: its codec and its (still compressed) records section. */
async function firstBatch(cluster: RawCluster, topic: string) {
  const [leader] = await topicPartitions(cluster, topic);
  const broker = await cluster.findBroker({ nodeId: leader!.leader });
  const [fetched] = await fetchPartitions(broker, topic, [{ partition: 0, offset: 0, maxBytes: 1 << 20 }], { maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20 });
  const batch = splitBatches(fetched!.records!).batches[0]!;
  return { codec: COMPRESSION_NAMES[batch.compression], records: batch.records };
}

describe('compressed record batches from independent producers', () => {
  it('covers every writer that is installed here', () => {
    expect(writers).toContain('python');
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  it('stores what each writer sent: its codec, snappy xerial-framed from Java only, lz4 as LZ4 frames', async () => {
    const cluster = createRawCluster(kafka);
    await cluster.connect();
    try {
      for (const { writer, codec, topic } of cases) {
        const batch = await firstBatch(cluster, topic);
        expect(batch.codec, `${writer}/${codec}`).toBe(codec);
        if (codec === 'snappy') expect(isXerialFramed(batch.records), `${writer} snappy framing`).toBe(writer === 'java');
        if (codec === 'lz4') expect(batch.records.readUInt32LE(0), `${writer} lz4 frame magic`).toBe(0x184d2204);
      }
    } finally {
      await cluster.disconnect();
    }
  });

  it.each(cases)('$writer with $codec: a page holds every record exactly', async ({ writer, codec, topic }) => {
    const page = await core.client.call('messages.read', { profileId, topic, start: { kind: 'beginning' }, limit: 1000 });
    expect(page.records).toHaveLength(N);
    page.records.forEach((r, i) => {
      expect(r.offset).toBe(i);
      expect(r.key).toMatchObject({ kind: 'string', value: `${keyPrefix[writer]}-${i}` });
      const value = r.value.value as { i: number; codec: string; pad?: string };
      expect(value.i).toBe(i);
      if (writer !== 'java') expect(value).toEqual({ i, codec, pad });
      else expect(value).toEqual({ i, codec });
    });
  });

  it.each(cases)('$writer with $codec: a filtered search finds exactly the chosen records', async ({ codec, topic }) => {
    const matches: BrowseRecord[] = [];
    const summary = await core.client.stream('messages.search', { profileId, topic, filter: `int(value.i) % 97 == 0 && value.codec == "${codec}"` }, (e) => {
      if (e.kind === 'matches') matches.push(...e.records);
    });
    expect(summary.scanned).toBe(N);
    expect(summary.decodeErrors).toEqual([]);
    expect(matches.map((m) => m.offset)).toEqual([0, 97, 194, 291]);
  });
});
