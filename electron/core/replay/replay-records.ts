import { Partitioners } from 'kafkajs';
import { FloeError } from '../../../shared/errors';
import type { DlqMapping } from '../../../shared/model/dlq';
import type { RecordEdit, ReplayTarget } from '../../../shared/model/replay';
import type { OutRecord } from '../kafka/record-batch-writer';
import type { RawRecord } from '../kafka/record-batch';
import { errorSource, isErrorHeader } from '../dlq/error-headers';
import { headerBytes } from '../produce/produce';
import type { ProfileRegistry } from '../registry/registry-clients';
import { encodePart } from '../produce/part-encoder';

/** Provenance headers a replayed record carries. */
export const PROVENANCE = {
  id: 'floe.replay.id',
  topic: 'floe.replay.source.topic',
  partition: 'floe.replay.source.partition',
  offset: 'floe.replay.source.offset',
  time: 'floe.replay.time',
} as const;

/** An edit with its key, value and headers already encoded (fixed when the job is created). */
export interface EncodedEdit {
  key?: string | null;
  value?: string | null;
  headers?: { key: string; value: string | null }[];
}
const hexOf = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('hex'));
const bytesOf = (h: string | null) => (h === null ? null : Buffer.from(h, 'hex'));

/** Encodes and validates one edit (schema subjects through the registry); errors name the record and the part. */
export async function encodeEdit(e: RecordEdit, registry: ProfileRegistry | null): Promise<EncodedEdit> {
  const encoded: EncodedEdit = {};
  try {
    if (e.key) encoded.key = hexOf(await encodePart('key', e.key, registry));
    if (e.value) encoded.value = hexOf(await encodePart('value', e.value, registry));
  } catch (err) {
    if (err instanceof FloeError) throw new FloeError(err.code, `the edit of ${e.partition}:${e.offset}: ${err.message}`, err.detail);
    throw err;
  }
  if (e.headers) encoded.headers = e.headers.map((h) => ({ key: h.key, value: hexOf(headerBytes(h)) }));
  return encoded;
}

/** Encodes and validates edits once: a broken edit fails the job before it starts. */
export async function encodeEdits(edits: RecordEdit[], registry: ProfileRegistry | null): Promise<Record<string, EncodedEdit>> {
  const out: Record<string, EncodedEdit> = {};
  for (const e of edits) out[`${e.partition}:${e.offset}`] = await encodeEdit(e, registry);
  return out;
}

export interface TargetInfo {
  /** Partition count of each target topic. */
  partitions(topic: string): Promise<number>;
}

export interface Outgoing {
  topic: string;
  partition: number;
  record: OutRecord;
  edited: boolean;
}

export interface ReplayContext {
  replayId: string;
  sourceTopic: string;
  /** true: the source is a DLQ (error headers name the original topic and partition). */
  dlq: boolean;
  target: ReplayTarget;
  edits: Record<string, EncodedEdit>;
  mappings: readonly DlqMapping[];
  targets: TargetInfo;
  /** The replay's time (epoch ms), the same for every record of the job. */
  time: number;
}

const partitioner = Partitioners.DefaultPartitioner();
const metadataOf = new Map<number, { partitionId: number; leader: number }[]>();

function byKey(topic: string, partitions: number, key: Uint8Array | null): number {
  let partitionMetadata = metadataOf.get(partitions);
  if (!partitionMetadata) metadataOf.set(partitions, (partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0 }))));
  const k = key === null ? null : Buffer.isBuffer(key) ? key : Buffer.from(key);
  return partitioner({ topic, partitionMetadata: partitionMetadata as never, message: { key: k, value: null } });
}

/** A header a replayed record keeps: not an error header, not an earlier replay's provenance. */
export function keepsHeader(key: string, mappings: readonly DlqMapping[]): boolean {
  return !isErrorHeader(key, mappings) && !key.startsWith('floe.replay.');
}

/** The topic a record goes to, and (for a dead letter) the partition it came from; only the headers routing needs are read. */
export function targetOf(ctx: ReplayContext, partition: number, r: RawRecord): { topic: string; original: number | undefined } {
  const source = ctx.dlq && (!ctx.target.topic || ctx.target.partitioning === 'original') ? errorSource(r.headers, ctx.mappings) : undefined;
  const topic = ctx.target.topic ?? source?.topic;
  if (!topic)
    throw new FloeError('BAD_INPUT', `${ctx.sourceTopic}/${partition} offset ${r.offset} names no source topic in its error headers: choose a target topic`);
  return { topic, original: ctx.dlq ? source?.partition : partition };
}

/** The target partition: the original one when asked and the topic still has it, else the key's (read only then). */
export function targetPartition(ctx: ReplayContext, topic: string, original: number | undefined, count: number, key: Uint8Array | null | (() => Uint8Array | null)): number {
  return ctx.target.partitioning === 'original' && original !== undefined && original < count ? original : byKey(topic, count, typeof key === 'function' ? key() : key);
}

/**
 * The record a source record becomes: the edit applied, error headers removed, provenance headers added, and
 * where it goes (the original topic and partition when asked and possible, else by key).
 */
export async function outgoing(ctx: ReplayContext, partition: number, r: RawRecord): Promise<Outgoing> {
  const edit = ctx.edits[`${partition}:${r.offset}`];
  const { topic, original } = targetOf(ctx, partition, r);
  const count = await ctx.targets.partitions(topic);
  const key = edit && 'key' in edit ? bytesOf(edit.key ?? null) : r.key;
  const value = edit && 'value' in edit ? bytesOf(edit.value ?? null) : r.value;
  const kept = edit?.headers ? edit.headers.map((h) => ({ key: h.key, value: bytesOf(h.value) })) : r.headers.map((h) => ({ key: h.key, value: h.value }));
  const headers = kept.filter((h) => keepsHeader(h.key, ctx.mappings));
  const text = (s: string | number) => Buffer.from(String(s), 'utf8');
  headers.push(
    { key: PROVENANCE.id, value: text(ctx.replayId) },
    { key: PROVENANCE.topic, value: text(ctx.sourceTopic) },
    { key: PROVENANCE.partition, value: text(partition) },
    { key: PROVENANCE.offset, value: text(r.offset) },
    { key: PROVENANCE.time, value: text(ctx.time) },
  );
  return { topic, partition: targetPartition(ctx, topic, original, count, key), record: { key, value, headers, timestamp: r.timestamp }, edited: edit !== undefined };
}
