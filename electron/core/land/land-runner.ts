import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cancelled, FloeError } from '../../../shared/errors';
import { deadLetterTopicOf, type LandJobSpecParsed, type LandMaintenanceStatus, type LandStatus } from '../../../shared/model/land';
import type { KafkaClients } from '../kafka/kafka-clients';
import type { RawCluster } from '../kafka/kafkajs-cluster';
import { PartitionFetcher, type FetchLimits, type PartitionChunk } from '../kafka/partition-fetcher';
import type { RawRecord } from '../kafka/record-batch';
import { EARLIEST, LATEST, listOffsets, watermarks } from '../kafka/topic-partitions';
import { openCatalog } from '../lake/catalog/open-catalog';
import type { StoreContexts } from '../lake/io/store-contexts';
import { parseLocation } from '../lake/io/object-store';
import { ParquetWriter } from '../lake/writer/parquet-writer';
import type { RegistryClients } from '../registry/registry-clients';
import { describeTopic } from '../topics/topic-admin';
import { sleep } from '../util/sleep';
import { DeadLetters } from './dead-letters';
import { DirectStaging } from './direct-staging';
import { LandBatch } from './land-batch';
import { BadRecord, LandDecoder, type LandedPart } from './land-decoder';
import { LandMaintainer } from './land-maintenance';
import { committedOffsets, LandTable, SchemaConflict } from './land-table';
import { changeOf, type RowChange } from './row-shaping';

export interface LandContext {
  kafka: KafkaClients;
  registries: RegistryClients;
  stores: StoreContexts;
  /** The job's own folder: staging files and the saved key index. */
  jobDir: string;
}

/** A broker that went away (restart, network) is waited for; what is wrong with the data or the catalog pauses the job. */
function brokerUnavailable(e: unknown): boolean {
  if (e instanceof FloeError) return e.code === 'UNREACHABLE' || e.code === 'TIMEOUT';
  const err = e as { name?: string; retriable?: boolean; code?: string };
  return /^KafkaJS(Connection|RequestTimeout|NumberOfRetriesExceeded|BrokerNotFound|ConnectionClosed)Error$/.test(err.name ?? '') || err.retriable === true || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(err.code ?? '');
}

/** Staged value bytes past which a job that has caught up with its topic commits without waiting for the interval's end. */
const CATCH_UP_COMMIT_BYTES = 32 * 1024 ** 2;
const FETCH: FetchLimits = { readCommitted: true, maxWaitMs: 250, partitionMaxBytes: 256 << 10, maxBytes: 2 << 20 };
const LAG_EVERY_MS = 2000;
/**
 * The landing writer's DuckDB: a batch's staged rows in a database file (a 10 s batch can hold a million rows; in
 * memory they and the COPY cost ~400 MB of RSS), one thread (its COPY at commit used less CPU and memory than with
 * two on 2 cores, the main thread being busy anyway).
 */
const WRITER = { stageOnDisk: true, threads: 1, memoryLimit: '128MB' };

/** The job stops here, with this state and reason (pause: a bad record under `suspend`, a schema it cannot take). */
class Stop extends Error {
  constructor(
    readonly state: 'paused' | 'failed',
    message: string,
    readonly conflict?: { table: string; incoming: string },
  ) {
    super(message);
  }
}

/**
 * Runs one landing job until it is cancelled (then it commits what it staged) or must pause: reads the topic
 * READ_COMMITTED from the offsets its last snapshot recorded, turns records into rows, and commits a snapshot with
 * the consumed offsets every commit interval. Exactly once: offsets and rows move in the same atomic commit.
 */
export class LandRunner {
  readonly status: LandStatus;
  private parquet: ParquetWriter | null = null;
  private readonly maintainer: LandMaintainer;

  constructor(
    readonly id: string,
    private readonly spec: LandJobSpecParsed,
    private readonly ctx: LandContext,
    private readonly report: (s: LandStatus) => void,
    /** What the job's maintenance did in its earlier runs (its schedule goes on from there). */
    previousMaintenance?: LandMaintenanceStatus | null,
  ) {
    this.maintainer = new LandMaintainer(spec.maintenance, previousMaintenance?.last, join(ctx.jobDir, 'maintain'));
    this.status = {
      id,
      name: spec.name,
      state: 'running',
      reason: null,
      schemaConflict: null,
      mode: spec.mode ?? null,
      table: [...spec.table.namespace, spec.table.name].join('.'),
      partitions: [],
      lagRecords: 0,
      lagSeconds: 0,
      recordsPerSec: 0,
      landedRecords: 0,
      lastCommit: null,
      errors: { decode: 0, skipped: 0, deadLettered: 0 },
      maintenance: this.maintainer.status,
      updatedAtMs: Date.now(),
    };
  }

  private emit() {
    this.status.updatedAtMs = Date.now();
    this.report({ ...this.status, partitions: this.status.partitions.map((p) => ({ ...p })), maintenance: { ...this.maintainer.status, last: { ...this.maintainer.status.last } } });
  }

  async run(signal: AbortSignal): Promise<LandStatus> {
    const staging = join(this.ctx.jobDir, 'staging');
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const { io, planner } = this.ctx.stores.get(this.spec.catalog.objectStore);
    const catalog = await openCatalog(io, this.spec.catalog);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          // A fresh table view each time: what was staged but not committed is dropped and read again from Kafka.
          const table = new LandTable(this.spec, catalog, io, planner, join(this.ctx.jobDir, 'key-index.json'));
          await this.loop(table, staging, signal);
          break;
        } catch (e) {
          if (signal.aborted || !brokerUnavailable(e)) throw e;
          const waitMs = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
          this.status.reason = `Waiting for the broker (${(e as Error).message}); retrying in ${(waitMs / 1000).toFixed(1)} s`;
          this.emit();
          await sleep(waitMs, signal).catch(() => undefined); // a stop ends the wait: the loop then commits what it staged
          // What was staged is dropped with the writer's DuckDB, and read again from Kafka.
          this.parquet?.close();
          this.parquet = null;
          rmSync(staging, { recursive: true, force: true });
          mkdirSync(staging, { recursive: true });
        }
      }
      this.status.state = 'stopped';
    } catch (e) {
      if (e instanceof Stop) {
        this.status.state = e.state;
        this.status.reason = e.message;
        this.status.schemaConflict = e.conflict ?? null;
      } else if (e instanceof FloeError && e.code === 'CANCELLED') this.status.state = 'stopped';
      else {
        // Catalog, storage and registry errors pause the job with the reason: nothing half-committed, nothing skipped.
        this.status.state = 'paused';
        this.status.reason = (e as Error).message;
      }
    } finally {
      this.parquet?.close();
      catalog.close();
      rmSync(staging, { recursive: true, force: true });
    }
    this.emit();
    return this.status;
  }

  private async writer(table: LandTable, staging: string): Promise<ParquetWriter> {
    if (!this.parquet) {
      const loc = parseLocation(table.table!.metadata.location);
      this.parquet = await ParquetWriter.open(staging, loc.scheme === 'file' ? [join(loc.path, 'data')] : [], WRITER);
    }
    return this.parquet;
  }

  private async loop(table: LandTable, staging: string, signal: AbortSignal): Promise<void> {
    const { kafka, registries } = this.ctx;
    const spec = this.spec;
    const cluster = await kafka.cluster(spec.profileId);
    const fetcher = new PartitionFetcher(cluster, spec.topic);
    const leaders = await kafka.run(spec.profileId, () => fetcher.partitions());
    const partitions = leaders.map((l) => l.partition);
    this.status.reason = null; // the broker answers again
    const decoder = new LandDecoder(registries.get(spec.profileId)?.schemas ?? null);
    const direct = new DirectStaging(spec, decoder);
    const dlqTopic = deadLetterTopicOf(spec);
    const deadLetters = dlqTopic ? new DeadLetters(dlqTopic, spec.topic, spec.name) : null;
    await deadLetters?.ensureTopic(kafka, spec.profileId);
    const compacted = spec.mode ? false : await isCompacted(kafka, spec.profileId, spec.topic);

    const loaded = await table.load();
    const resumed = loaded ? committedOffsets(loaded, this.id) : null;
    const positions = resumed ?? (await this.startOffsets(cluster, leaders, partitions));
    for (const p of partitions) if (!positions.has(p)) positions.set(p, (await this.startOffsets(cluster, leaders, [p])).get(p) ?? 0);
    let committed = new Map(positions);
    this.status.partitions = partitions.map((p) => ({ partition: p, endOffset: 0, committedOffset: committed.get(p) ?? 0, lag: 0 }));

    let batch: LandBatch | null = null;
    let batchStarted = Date.now();
    let lastLag = 0;
    const rate = { at: Date.now(), records: 0 };

    // Commits run beside the loop: the batch is sealed with the offsets read so far and written and committed while
    // the next one fills; at most one is under way (the next waits for it). Its outcome is taken by settle().
    let committing: Promise<void> | null = null;
    let commitUnderWay = false;
    let commitFailed = null as { error: unknown } | null; // set by the commit's own promise
    const settle = async () => {
      if (committing) await committing;
      committing = null;
      if (commitFailed) throw commitFailed.error;
    };
    const startCommit = async () => {
      await settle();
      const sealed = batch;
      const offsets = new Map(positions);
      batch = null;
      batchStarted = Date.now();
      commitUnderWay = true;
      committing = (async () => {
        // Dead letters go out before the commit that moves past them (with the next batch's, if any came meanwhile).
        if (deadLetters) await deadLetters.flush(cluster);
        if (sealed && !sealed.empty) {
          const done = await table.commitBatch(sealed, this.id, offsets, () => this.writer(table, staging), staging);
          this.status.landedRecords += done.records;
          this.status.lastCommit = { snapshotId: String(done.result.snapshotId), atMs: Date.now(), records: done.records, files: done.files };
          committed = offsets;
          // Shown at once (against the last known end offsets), not only at the next lag refresh.
          for (const s of this.status.partitions) Object.assign(s, { committedOffset: committed.get(s.partition) ?? s.committedOffset, lag: Math.max(0, s.endOffset - (committed.get(s.partition) ?? s.committedOffset)) });
          this.status.lagRecords = this.status.partitions.reduce((n, s) => n + s.lag, 0);
        }
        if (deadLetters) this.status.errors.deadLettered = deadLetters.sent;
      })()
        .catch((error: unknown) => void (commitFailed = { error }))
        .finally(() => (commitUnderWay = false));
    };
    /** Commits what is staged and waits for it. */
    const commit = async () => {
      await startCommit();
      await settle();
    };

    const bad = async (partition: number, r: RawRecord, stage: string, reason: string) => {
      this.status.errors.decode++;
      const where = `${spec.topic}/${partition} offset ${r.offset}`;
      if (spec.badRecords === 'skip') return void this.status.errors.skipped++;
      if (deadLetters) return deadLetters.add(partition, r, stage, reason);
      positions.set(partition, r.offset); // everything before it lands; it and what follows wait
      await commit();
      await this.updateLag(cluster, leaders, partitions, committed, null, rate); // the paused status shows where each partition stopped
      throw new Stop('paused', `The record at ${where} ${reason} (bad-record policy: suspend; choose skip or dead-letter to go on)`);
    };

    // An append job lands values: once its mode is known, keys are not decoded (a key in no known format stops nothing).
    const keyOf = (r: RawRecord) => (table.mode === 'append' ? null : r.key);
    const land = async (partition: number, r: RawRecord) => {
      let key: LandedPart | null | undefined;
      let value: LandedPart | null | undefined;
      try {
        key = decoder.decodeNow(keyOf(r), 'key');
        value = decoder.decodeNow(r.value, 'value');
        if (key === undefined || value === undefined) [key, value] = await Promise.all([decoder.decode(keyOf(r), 'key'), decoder.decode(r.value, 'value')]);
      } catch (e) {
        if (e instanceof BadRecord) return bad(partition, r, 'VALUE_CONVERTER', e.message);
        throw e;
      }
      if (!table.ready) {
        if (!value || value.row === null) return; // nothing to learn a schema from yet
        await table.prepare(key, value, compacted, () => this.writer(table, staging), staging);
        this.status.mode = table.mode;
      } else if (!table.fits(key, value) && value) {
        // A new writer schema: what is staged was written for the old one.
        await commit();
        try {
          await table.evolve(key, value);
        } catch (e) {
          if (e instanceof SchemaConflict) throw new Stop('paused', e.message, { table: e.tableSchema, incoming: e.incoming });
          throw e;
        }
      }
      let change: RowChange;
      try {
        change = changeOf({ mode: table.mode!, keyFields: table.keyFields, metadata: spec.metadataColumns, topic: spec.topic }, partition, r, key, value);
      } catch (e) {
        if (e instanceof BadRecord) return bad(partition, r, 'TRANSFORMATION', e.message);
        throw e;
      }
      batch ??= new LandBatch(table.target!, await this.writer(table, staging), table.io, staging);
      await batch.add(change, r.timestamp);
    };

    /**
     * land() without waiting, for the usual record (its schemas known, the table ready, its partition staged): true
     * when it landed; false when nothing happened and land() must take it (then it decodes it again).
     */
    const landNow = (partition: number, r: RawRecord): boolean => {
      if (!batch || !table.ready) return false;
      try {
        const key = decoder.decodeNow(keyOf(r), 'key');
        if (key === undefined) return false;
        if (direct.add(batch, table, key, partition, r)) return true;
        const value = decoder.decodeNow(r.value, 'value');
        if (value === undefined || (value && !table.fits(key, value))) return false;
        return batch.addNow(changeOf({ mode: table.mode!, keyFields: table.keyFields, metadata: spec.metadataColumns, topic: spec.topic }, partition, r, key, value), r.timestamp);
      } catch (e) {
        if (e instanceof BadRecord) return false; // land() applies the bad-record policy
        throw e;
      }
    };

    // The loop below reads the batch only through these: an async function keeps what its body read in registers
    // after it is dead, which held a committed batch (its keys, its superseded rows) while the next one filled.
    const batchFull = () => batch !== null && this.spec.commit.maxBytes !== undefined && batch.stagedBytes >= this.spec.commit.maxBytes;
    const batchSince = () => batch?.firstTimestamp ?? null;
    /**
     * Once the job has caught up with its topic (a fetch found nothing new), the batch commits at once rather than at
     * the interval's end when it holds a commit's worth (its files are no smaller than they would be then), or when it
     * is the tail of a backlog (the previous batch was sealed while there was still more to read).
     */
    let backlogTail = false;
    const catchUpCommitDue = () => batch !== null && !commitUnderWay && (backlogTail || batch.stagedBytes >= CATCH_UP_COMMIT_BYTES);
    const dropBatch = async () => {
      await batch?.discard().catch(() => undefined);
      batch = null;
    };

    try {
      while (true) {
        if (signal.aborted) {
          await commit();
          throw cancelled();
        }
        if (commitFailed) await settle();
        const wanted = new Map([...positions].filter(([p]) => partitions.includes(p)));
        let chunks: Map<number, PartitionChunk>;
        let fetched = 0;
        try {
          chunks = await kafka.run(spec.profileId, () => fetcher.fetch(wanted, FETCH, signal));
        } catch (e) {
          if (e instanceof FloeError && e.code === 'CANCELLED') continue;
          throw e;
        }
        for (const [p, chunk] of chunks) {
          if (chunk.outOfRange) throw new Stop('failed', `${spec.topic}/${p}: offset ${positions.get(p)} is no longer in the topic (retention deleted it; now from ${chunk.logStartOffset}): records were lost before they landed`);
          fetched += chunk.records.length;
          for (const r of chunk.records) {
            if (r.offset < positions.get(p)!) continue;
            if (!landNow(p, r)) await land(p, r);
            positions.set(p, r.offset + 1);
            rate.records++;
          }
          positions.set(p, Math.max(positions.get(p)!, chunk.nextOffset));
        }
        const now = Date.now();
        if (fetched === 0 && batch === null) backlogTail = false; // caught up with nothing staged: the backlog is in
        if (now - batchStarted >= this.spec.commit.intervalMs || batchFull() || (fetched === 0 && catchUpCommitDue())) {
          await settle();
          // Between two commits of its own: maintenance never races this job's commits.
          if (table.ready) await this.maintainer.maybeRun(table.catalog, table.io, table.id, () => this.emit());
          await startCommit();
          backlogTail = fetched > 0;
        }
        if (now - lastLag >= LAG_EVERY_MS) {
          lastLag = now;
          await this.updateLag(cluster, leaders, partitions, committed, batchSince(), rate);
        }
      }
    } catch (e) {
      // Nothing is torn down under a commit or file write still under way; what failed first is what is reported.
      if (committing) await committing;
      await dropBatch();
      throw commitFailed && !brokerUnavailable(commitFailed.error) ? commitFailed.error : e;
    }
  }

  /** `batchSince`: when the oldest record of the batch being filled was written (null when none is). */
  private async updateLag(cluster: RawCluster, leaders: Awaited<ReturnType<PartitionFetcher['partitions']>>, partitions: number[], committed: Map<number, number>, batchSince: number | null, rate: { at: number; records: number }) {
    const marks = await watermarks(cluster, this.spec.topic, leaders, partitions).catch(() => null);
    if (marks) {
      this.status.partitions = marks.map((m) => {
        const c = committed.get(m.partition) ?? 0;
        return { partition: m.partition, endOffset: m.high, committedOffset: c, lag: Math.max(0, m.high - c) };
      });
      this.status.lagRecords = this.status.partitions.reduce((n, p) => n + p.lag, 0);
    }
    this.status.lagSeconds = batchSince ? Math.max(0, (Date.now() - batchSince) / 1000) : 0;
    const now = Date.now();
    this.status.recordsPerSec = Math.round((rate.records * 1000) / Math.max(1, now - rate.at));
    rate.at = now;
    rate.records = 0;
    this.emit();
  }

  private async startOffsets(cluster: RawCluster, leaders: Awaited<ReturnType<PartitionFetcher['partitions']>>, partitions: number[]): Promise<Map<number, number>> {
    const start = this.spec.start;
    const at = start === 'earliest' ? EARLIEST : start === 'latest' ? LATEST : start.timestampMs;
    const found = await listOffsets(cluster, this.spec.topic, leaders, new Map(partitions.map((p) => [p, at])));
    if (typeof start === 'object') {
      // After the last record a time lookup answers -1: start at the end.
      const ends = await listOffsets(cluster, this.spec.topic, leaders, new Map(partitions.map((p) => [p, LATEST])));
      for (const p of partitions) if ((found.get(p) ?? -1) < 0) found.set(p, ends.get(p) ?? 0);
    }
    return found;
  }
}

async function isCompacted(kafka: KafkaClients, profileId: string, topic: string): Promise<boolean> {
  const detail = await describeTopic(kafka, profileId, topic);
  return (detail.configs.find((c) => c.name === 'cleanup.policy')?.value ?? '').includes('compact');
}
