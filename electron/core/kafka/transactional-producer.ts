import { FloeError } from '../../../shared/errors';
import type { RawBroker, RawCluster, TxnIdentity } from './kafkajs-cluster';
import { producePartitions } from './produce-request';
import { encodeRecordBatch, type EncodedRecords, type OutRecord } from './record-batch-writer';

const TXN_COORDINATOR = 1;
/** How long a transaction may stay open: past it (checked every 10 s by default) the broker aborts it. */
export const TRANSACTION_TIMEOUT_MS = 60_000;

/** Kafka error codes a transactional producer meets (kafkajs knows some of them only by number). */
const RETRY = new Set([14, 15, 16, 51]); // COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, CONCURRENT_TRANSACTIONS
const FENCED = new Set([47, 90]); // INVALID_PRODUCER_EPOCH, PRODUCER_FENCED
const DENIED: Record<number, string> = { 29: 'write to the topic', 30: 'use the replay consumer group', 53: 'use the transactional id' };
const TOO_LARGE = new Set([10, 18]);

function codeOf(e: unknown): number | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** A transaction's failure said plainly; `fenced` when another producer with the same transactional id took over. */
export function txnError(e: unknown, transactionalId: string, what: string): FloeError {
  if (e instanceof FloeError) return e;
  const code = codeOf(e);
  const text = (e as Error).message ?? String(e);
  if (code !== undefined && FENCED.has(code))
    return new FloeError('CONFLICT', `Another process took over "${transactionalId}" (the broker fenced this producer while it ${what}): the same replay runs elsewhere`, { code, fenced: true });
  if (code !== undefined && DENIED[code]) return new FloeError('AUTH_FAILED', `Not authorized to ${DENIED[code]} while it ${what} (Kafka error ${code}): ask for the ACL`, { code });
  return new FloeError('REMOTE_ERROR', `The broker refused the transaction while it ${what}: ${text}`, code === undefined ? {} : { code });
}

async function retrying<T>(what: string, transactionalId: string, attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      const code = codeOf(e);
      if (code === undefined) throw e; // a lost connection: the caller maps it (and starts over)
      if (!RETRY.has(code) || i >= 40) throw txnError(e, transactionalId, what);
      await new Promise((r) => setTimeout(r, Math.min(50 * (i + 1), 500)));
    }
  }
}

/**
 * Kafka's transactional producer, with Floe's own record batches (exact header bytes): init (which fences an
 * earlier producer with the same transactional id and completes or aborts its open transaction), then per
 * transaction: send, sendOffsets (the read position, committed with the records), commit or abort.
 */
export class TransactionalProducer {
  private identity: TxnIdentity | null = null;
  private coordinator: RawBroker | null = null;
  /** Next sequence number per topic-partition, for this producer epoch. */
  private readonly sequences = new Map<string, number>();
  private readonly inTxn = new Set<string>();
  private offsetsAdded = new Set<string>();
  private open = false;

  constructor(
    private readonly cluster: RawCluster,
    readonly transactionalId: string,
  ) {}

  private async txnCoordinator(): Promise<RawBroker> {
    if (!this.coordinator) this.coordinator = await this.cluster.findGroupCoordinator({ groupId: this.transactionalId, coordinatorType: TXN_COORDINATOR });
    return this.coordinator;
  }

  /** Asks the coordinator for a producer id and epoch; any earlier producer of this id is fenced, its open transaction finished. */
  async init(): Promise<void> {
    this.identity = await retrying('started', this.transactionalId, async () => {
      this.coordinator = null;
      const r = await (await this.txnCoordinator()).initProducerId({ transactionalId: this.transactionalId, transactionTimeout: TRANSACTION_TIMEOUT_MS });
      return { transactionalId: this.transactionalId, producerId: String(r.producerId), producerEpoch: r.producerEpoch };
    });
    this.sequences.clear();
    this.inTxn.clear();
    this.open = false;
  }

  private id(): TxnIdentity {
    if (!this.identity) throw new FloeError('INTERNAL', 'the transactional producer is not initialised');
    return this.identity;
  }

  begin(): void {
    if (this.open) throw new FloeError('INTERNAL', 'a transaction is already open');
    this.open = true;
    this.inTxn.clear();
    this.offsetsAdded = new Set();
  }

  /** Adds partitions to the open transaction, all in one request (a send adds its own partition when not added). */
  async addPartitions(partitions: { topic: string; partition: number }[]): Promise<void> {
    const id = this.id();
    const fresh = partitions.filter((p) => !this.inTxn.has(`${p.topic}\u0000${p.partition}`));
    if (fresh.length === 0) return;
    const byTopic = new Map<string, number[]>();
    for (const p of fresh) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    const what = fresh.length === 1 ? `added ${fresh[0]!.topic}/${fresh[0]!.partition} to its transaction` : `added ${fresh.length} partitions to its transaction`;
    await retrying(what, id.transactionalId, async () => {
      const r = (await (await this.txnCoordinator()).addPartitionsToTxn({ ...id, topics })) as { errors?: { partitionErrors: { errorCode: number }[] }[] };
      const failed = r.errors?.flatMap((t) => t.partitionErrors).find((p) => p.errorCode !== 0);
      if (failed) throw Object.assign(new Error(`AddPartitionsToTxn error ${failed.errorCode}`), { code: failed.errorCode });
    });
    for (const p of fresh) this.inTxn.add(`${p.topic}\u0000${p.partition}`);
  }

  /**
   * Sends records to one partition inside the open transaction, as one batch; returns its base offset. Sends to
   * different partitions may run at once; one partition's sends go one after another (their sequence numbers).
   */
  async send(leader: RawBroker, topic: string, partition: number, records: OutRecord[] | EncodedRecords): Promise<number> {
    const id = this.id();
    const tp = `${topic}\u0000${partition}`;
    if (!this.inTxn.has(tp)) await this.addPartitions([{ topic, partition }]);
    const baseSequence = this.sequences.get(tp) ?? 0;
    const batch = encodeRecordBatch(records, { producerId: BigInt(id.producerId), producerEpoch: id.producerEpoch, baseSequence, transactional: true });
    const [result] = await producePartitions(leader, topic, new Map([[partition, batch]]), 30_000, id.transactionalId);
    const code = result?.errorCode ?? -1;
    if (code !== 0) {
      if (code !== -1 && TOO_LARGE.has(code)) throw new FloeError('BAD_INPUT', `The broker refused a record for ${topic}/${partition} as too large (raise the topic's max.message.bytes, or edit the record)`, { code });
      if (code === 3) throw new FloeError('NOT_FOUND', `Topic "${topic}" does not exist or has no partition ${partition}`, { code });
      throw txnError(Object.assign(new Error(`Produce to ${topic}/${partition} failed with Kafka error ${code}`), { code }), id.transactionalId, `wrote to ${topic}/${partition}`);
    }
    this.sequences.set(tp, baseSequence + (Array.isArray(records) ? records.length : records.count));
    return result!.baseOffset;
  }

  /** Commits `offsets` (next offset to read, per partition of `topic`, with metadata) for `groupId` when the transaction commits. */
  async sendOffsets(groupId: string, topic: string, offsets: Map<number, { offset: number; metadata?: string }>): Promise<void> {
    const id = this.id();
    if (!this.offsetsAdded.has(groupId)) {
      await retrying('added the replay position to its transaction', id.transactionalId, async () => (await this.txnCoordinator()).addOffsetsToTxn({ ...id, groupId }));
      this.offsetsAdded.add(groupId);
    }
    await retrying('committed the replay position', id.transactionalId, async () => {
      const coordinator = await this.cluster.findGroupCoordinator({ groupId });
      const topics = [{ topic, partitions: [...offsets].map(([partition, o]) => ({ partition, offset: String(o.offset), metadata: o.metadata ?? null })) }];
      const r = (await coordinator.txnOffsetCommit({ ...id, groupId, topics })) as { topics?: { partitions: { errorCode: number }[] }[] };
      const failed = r.topics?.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
      if (failed) throw Object.assign(new Error(`TxnOffsetCommit error ${failed.errorCode}`), { code: failed.errorCode });
    });
  }

  async commit(): Promise<void> {
    await this.end(true);
  }

  async abort(): Promise<void> {
    if (this.open) await this.end(false);
  }

  private async end(commit: boolean): Promise<void> {
    const id = this.id();
    if (this.inTxn.size > 0 || this.offsetsAdded.size > 0)
      await retrying(commit ? 'committed' : 'aborted', id.transactionalId, async () => {
        this.coordinator = null;
        await (await this.txnCoordinator()).endTxn({ ...id, transactionResult: commit });
      });
    this.open = false;
  }
}
