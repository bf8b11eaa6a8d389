import type { DlqConvention, DlqList, DlqMapping, DlqTopicSummary } from '../../../shared/model/dlq';
import type { PartitionWatermarks } from '../../../shared/model/messages';
import type { RawCluster, RawMetadata } from '../kafka/kafkajs-cluster';
import { PartitionFetcher } from '../kafka/partition-fetcher';
import type { RawRecord } from '../kafka/record-batch';
import { listOffsets, type PartitionLeader } from '../kafka/topic-partitions';
import { isInternalTopic, topicWatermarks } from '../topics/topic-list';
import { mapLimit } from '../util/map-limit';
import { conventionOf, parseErrorHeaders } from './error-headers';

/** dlq, -dlq, .dlq, _dlq, dead-letter(s), deadletterqueue, .DLT, -dlt … as a name part. */
const DLQ_NAME = /(?:^|[._-])(?:dlq|dlt|dead[._-]?letters?(?:[._-]?queue)?)(?:$|[._-])/i;
export const looksLikeDlq = (topic: string) => DLQ_NAME.test(topic);

/** "Growing" means records arrived in this window. */
export const RECENT_MS = 15 * 60_000;
const SAMPLE_LIMITS = { maxWaitMs: 0, partitionMaxBytes: 256 << 10, maxBytes: 4 << 20 };

interface Candidate {
  topic: string;
  leaders: PartitionLeader[];
  wms: PartitionWatermarks[];
  byName: boolean;
}

const leadersOf = (t: RawMetadata['topicMetadata'][number]): PartitionLeader[] =>
  t.partitionMetadata.map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr })).sort((a, b) => a.partition - b.partition);

/** The newest `sample` records of every partition (one fetch). */
async function newest(cluster: RawCluster, c: Candidate, sample: number): Promise<RawRecord[]> {
  const positions = new Map(c.wms.filter((w) => w.high > w.low).map((w) => [w.partition, Math.max(w.low, w.high - sample)]));
  const chunks = await new PartitionFetcher(cluster, c.topic, c.leaders).fetch(positions, SAMPLE_LIMITS);
  return [...chunks.values()].flatMap((chunk) => chunk.records);
}

async function examine(cluster: RawCluster, c: Candidate, sample: number, mappings: readonly DlqMapping[], now: number): Promise<DlqTopicSummary | null> {
  const records = c.wms.reduce((n, w) => n + (w.high - w.low), 0);
  const base = { topic: c.topic, byName: c.byName, partitions: c.leaders.length, records, recentMs: RECENT_MS };
  if (records === 0) return c.byName ? { ...base, confirmed: false, reason: 'empty', conventions: [], newestErrorTime: null, sourceTopics: [], connectors: [], recent: 0 } : null;
  const sampled = await newest(cluster, c, sample);
  const conventions = new Set<DlqConvention>();
  const sources = new Set<string>();
  const connectors = new Set<string>();
  let newestErrorTime: number | null = null;
  for (const r of sampled) {
    const convention = conventionOf(r.headers, mappings);
    if (!convention) continue;
    conventions.add(convention);
    const error = parseErrorHeaders(r.headers, mappings, false);
    if (error.source?.topic) sources.add(error.source.topic);
    if (error.connector) connectors.add(error.connector);
    newestErrorTime = Math.max(newestErrorTime ?? r.timestamp, r.timestamp);
  }
  if (conventions.size === 0 && !c.byName) return null;
  const recentFrom = await listOffsets(cluster, c.topic, c.leaders, new Map(c.wms.map((w) => [w.partition, now - RECENT_MS])));
  const recent = c.wms.reduce((n, w) => {
    const at = recentFrom.get(w.partition) ?? -1;
    return n + (at < 0 ? 0 : Math.max(0, w.high - Math.max(at, w.low)));
  }, 0);
  return {
    ...base,
    confirmed: conventions.size > 0,
    ...(conventions.size === 0 ? { reason: `no error headers in the newest ${sampled.length} records` } : {}),
    conventions: [...conventions].sort(),
    newestErrorTime,
    sourceTopics: [...sources].sort(),
    connectors: [...connectors].sort(),
    recent,
  };
}

/**
 * The cluster's dead-letter topics: each topic (every non-empty one, or only those named like a DLQ) is
 * sampled from its newest records, and is a DLQ when they carry Kafka Connect, Spring or mapped error
 * headers. DLQ-like names that the sample does not confirm are listed as unconfirmed candidates.
 */
export async function discoverDlqs(cluster: RawCluster, options: { all: boolean; sample: number; mappings: readonly DlqMapping[] }): Promise<DlqList> {
  const started = performance.now();
  await cluster.refreshMetadata();
  const topics = (cluster.brokerPool.metadata?.topicMetadata ?? []).filter((t) => !isInternalTopic(t.topic, t.isInternal) && t.topicErrorCode === 0);
  const wms = await topicWatermarks(cluster, topics);
  const notes: string[] = [];
  const candidates: Candidate[] = [];
  for (const t of topics) {
    const byName = looksLikeDlq(t.topic);
    const w = wms.get(t.topic) ?? [];
    if (!byName && (!options.all || w.every((x) => x.high === x.low))) continue;
    if (w.length < t.partitionMetadata.length) notes.push(`${t.topic}: ${t.partitionMetadata.length - w.length} partitions have no leader and were not sampled`);
    candidates.push({ topic: t.topic, leaders: leadersOf(t), wms: w, byName });
  }
  const now = Date.now();
  const sample = async (c: Candidate) => {
    try {
      return await examine(cluster, c, options.sample, options.mappings, now);
    } catch (e) {
      notes.push(`${c.topic} could not be sampled: ${(e as Error).message}`);
      return null;
    }
  };
  // kafkajs opens a broker's fetch connection on first use, and parallel first uses each open one (all but
  // one then leak): reach every leader once, one topic at a time, before sampling in parallel.
  const reached = new Set<number>();
  const first: Candidate[] = [];
  for (const c of candidates) {
    if (c.wms.every((w) => w.high === w.low) || c.leaders.every((l) => reached.has(l.leader))) continue;
    first.push(c);
    for (const l of c.leaders) reached.add(l.leader);
  }
  const found = [];
  for (const c of first) found.push(await sample(c));
  found.push(...(await mapLimit(candidates.filter((c) => !first.includes(c)), 6, sample)));
  const dlqs = found.filter((d): d is DlqTopicSummary => d !== null).sort((a, b) => Number(b.confirmed) - Number(a.confirmed) || a.topic.localeCompare(b.topic));
  return { dlqs, sampled: candidates.length, notes, fetchedInMs: Math.round(performance.now() - started) };
}
