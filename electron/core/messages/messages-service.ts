import { FloeError } from '../../../shared/errors';
import type { z } from 'zod';
import type { BrowseRecord, RecordDetail, RecordPage, SearchEvent, SearchSummary, TailEvent, TailSummary, TopicDecoding } from '../../../shared/model/messages';
import type { ReadRequest as ReadSchema, SearchRequest as SearchSchema, TailRequest as TailSchema, RecordRef as RefSchema } from '../../../shared/model/messages';
import type { KafkaClients } from '../kafka/kafka-clients';
import type { RawCluster } from '../kafka/kafkajs-cluster';
import { celFilter } from './filter-model';
import type { DecodingStore } from './decoding-store';
import { readPage } from './page-reader';
import { PAGE_LIMITS, PartitionFetcher, type PartitionChunk } from '../kafka/partition-fetcher';
import { recordReaders, type RecordReaders } from './record-decoder';
import { browseRecord, decodeParts, PAGE_PART_LIMIT, recordDetail } from './record-view';
import type { RegistryClients } from '../registry/registry-clients';
import { scan, type ScanSink } from './scan';
import { chunkExecutor, scanThreads } from './scan-executor';
import { prewarmScanWorkers } from './scan-worker-pool';
import { planScan } from './scan-plan';
import { resolveStart } from './start-resolver';
import { watermarks, type PartitionLeader } from '../kafka/topic-partitions';

type Parsed<T extends z.ZodType> = z.output<T>;

export interface TopicSession {
  cluster: RawCluster;
  fetcher: PartitionFetcher;
  leaders: PartitionLeader[];
  partitions: number[];
  readers: RecordReaders;
}

const TAIL_WAIT_MS = 500;

/** The message viewer's reads: pages, single records, live tail and filtered scans. No group, no commits. */
export class MessagesService {
  constructor(
    private readonly kafka: KafkaClients,
    private readonly registries: RegistryClients,
    private readonly decodings: DecodingStore,
  ) {}

  async open(profileId: string, topic: string, partitions: number[] | undefined, decoding: TopicDecoding | undefined): Promise<TopicSession> {
    const cluster = await this.kafka.cluster(profileId);
    const fetcher = new PartitionFetcher(cluster, topic);
    const leaders = await fetcher.partitions();
    const all = leaders.map((l) => l.partition);
    for (const p of partitions ?? []) if (!all.includes(p)) throw new FloeError('BAD_INPUT', `Topic "${topic}" has no partition ${p} (it has ${all.length})`);
    const readers = await recordReaders(decoding ?? this.decodings.get(profileId, topic), this.registries.decoder(profileId), this.registries.get(profileId));
    return { cluster, fetcher, leaders, partitions: partitions ? [...new Set(partitions)].sort((a, b) => a - b) : all, readers };
  }

  read(input: Parsed<typeof ReadSchema>, signal?: AbortSignal): Promise<RecordPage> {
    const started = performance.now();
    return this.kafka.run(input.profileId, async () => {
      const s = await this.open(input.profileId, input.topic, input.partitions, input.decoding);
      const wms = await watermarks(s.cluster, input.topic, s.leaders, s.partitions);
      // A search of this topic would decode on workers: have them loaded by then.
      const held = wms.filter((w) => w.high > w.low);
      const threads = scanThreads(undefined, held.length, held.reduce((n, w) => n + (w.high - w.low), 0));
      if (threads > 0) prewarmScanWorkers(threads);
      const start = await resolveStart({ cluster: s.cluster, admin: () => this.kafka.admin(input.profileId), topic: input.topic, leaders: s.leaders }, input.start, wms);
      const page = await readPage(s.fetcher, s.readers, start, wms, input.limit, started, signal);
      if (input.start.kind === 'timestamp') page.notes.push(...beforeFirstRecord(page.records, wms, start.positions, input.start.timestamp));
      if (page.records.length === 0 && wms.every((w) => w.high === w.low)) page.notes.push(`Topic "${input.topic}" holds no records in the chosen partitions`);
      return page;
    });
  }

  get(input: Parsed<typeof RefSchema>): Promise<RecordDetail> {
    return this.kafka.run(input.profileId, async () => {
      const s = await this.open(input.profileId, input.topic, [input.partition], input.decoding);
      const chunk = (await s.fetcher.fetch(new Map([[input.partition, input.offset]]), PAGE_LIMITS)).get(input.partition);
      const raw = chunk?.records.find((r) => r.offset === input.offset);
      if (!raw) {
        const [wm] = await watermarks(s.cluster, input.topic, s.leaders, [input.partition]);
        const range = wm && wm.high > wm.low ? ` (retained: ${wm.low}…${wm.high - 1})` : ' (the partition holds no records)';
        throw new FloeError('NOT_FOUND', `${input.topic}/${input.partition} has no record at offset ${input.offset}${range}`);
      }
      return recordDetail(input.partition, raw, s.readers);
    });
  }

  /** Follows the chosen partitions from their end (or given positions) until cancelled (it never settles otherwise). */
  /**
   * Follows new records until cancelled, then returns how many were emitted and the positions after the last
   * emitted record of every partition (a response that arrives after the cancel is not emitted, nor counted).
   */
  tail(input: Parsed<typeof TailSchema>, emit: (e: TailEvent) => void | Promise<void>, signal: AbortSignal): Promise<TailSummary> {
    return this.kafka.run(input.profileId, async () => {
      const s = await this.open(input.profileId, input.topic, input.partitions, input.decoding);
      const wms = await watermarks(s.cluster, input.topic, s.leaders, s.partitions);
      const positions = new Map(wms.map((w) => [w.partition, Math.min(Math.max(input.from?.[String(w.partition)] ?? w.high, w.low), w.high)]));
      let received = 0;
      const summary = (): TailSummary => ({ received, positions: Object.fromEntries([...positions].map(([p, o]) => [String(p), o])) });
      while (!signal.aborted) {
        let chunks: Map<number, PartitionChunk>;
        try {
          chunks = await s.fetcher.fetch(new Map(positions), { ...PAGE_LIMITS, maxWaitMs: TAIL_WAIT_MS }, signal);
        } catch (e) {
          if (signal.aborted) break;
          throw e;
        }
        if (signal.aborted) break;
        const records: BrowseRecord[] = [];
        const next = new Map(positions);
        for (const [p, chunk] of chunks) {
          if (chunk.outOfRange) {
            emit({ kind: 'notice', message: `Partition ${p}: offset ${positions.get(p)} is out of range; following from ${chunk.highWatermark}` });
            next.set(p, chunk.highWatermark);
            continue;
          }
          next.set(p, Math.max(positions.get(p)!, chunk.nextOffset));
          for (const r of chunk.records) {
            const { key, value, truncated } = await decodeParts(r, s.readers, PAGE_PART_LIMIT);
            records.push(browseRecord(p, r, key, value, truncated));
          }
        }
        if (signal.aborted) break; // decoding awaited a schema: the cancel came first
        for (const [p, o] of next) positions.set(p, o);
        if (records.length > 0) {
          records.sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset);
          received += records.length;
          await emit({ kind: 'records', records }); // a client slower than the topic holds the tail back (flow control)
        }
      }
      return summary();
    });
  }

  async search(input: Parsed<typeof SearchSchema>, sink: ScanSink, signal?: AbortSignal): Promise<SearchSummary> {
    const filter = input.filter ? (await celFilter()).compileFilter(input.filter) : undefined;
    return this.kafka.run(input.profileId, async () => {
      const s = await this.open(input.profileId, input.topic, input.partitions, input.decoding);
      const wms = await watermarks(s.cluster, input.topic, s.leaders, s.partitions);
      const plan = await planScan({ cluster: s.cluster, topic: input.topic, leaders: s.leaders }, input.range, wms);
      const planned = plan.ranges.reduce((n, r) => n + (r.to - r.from), 0);
      const threads = scanThreads(input.threads, plan.ranges.filter((r) => r.to > r.from).length, planned);
      const decoding = input.decoding ?? this.decodings.get(input.profileId, input.topic);
      const executor = await chunkExecutor({ threads, readers: s.readers, decoding, registry: this.registries.get(input.profileId), filter, text: input.text, undecodable: input.undecodable, view: input.view, coreThreadHelps: input.coreThreadHelps }, signal);
      try {
        return await scan(s.fetcher, executor, plan, { maxMatches: input.maxMatches, stopOnError: input.stopOnError }, sink, signal);
      } finally {
        await executor.close();
      }
    });
  }

  /** The SearchEvent stream form of search(): the scan waits while the client has not consumed earlier matches (flow control). */
  searchEvents(input: Parsed<typeof SearchSchema>, emit: (e: SearchEvent) => void | Promise<void>, signal: AbortSignal): Promise<SearchSummary> {
    return this.search(input, { matches: (records) => emit({ kind: 'matches', records }), frame: (frame) => emit({ kind: 'frame', frame }), progress: (p) => emit({ kind: 'progress', ...p }) }, signal);
  }
}

/** A timestamp before a partition's first record starts at its beginning: say so, naming that record's time. */
function beforeFirstRecord(records: BrowseRecord[], wms: { partition: number; low: number }[], start: Map<number, number>, ts: number): string[] {
  const notes: string[] = [];
  for (const wm of wms) {
    if (start.get(wm.partition) !== wm.low) continue;
    const first = records.find((r) => r.partition === wm.partition && r.offset === wm.low);
    if (first && first.timestamp > ts)
      notes.push(`Partition ${wm.partition}: ${new Date(ts).toISOString()} is before its first record (${new Date(first.timestamp).toISOString()}); starting at its beginning`);
  }
  return notes;
}
