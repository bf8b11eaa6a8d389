import { FloeError } from '../../../shared/errors';
import type { LandJobSpecParsed, LandMode } from '../../../shared/model/land';
import type { RawRecord } from '../kafka/record-batch';
import type { IcebergType, NestedField } from '../lake/spec/types';
import { decimalText } from '../lake/writer/decimal-text';
import { BadRecord, type LandedPart } from './land-decoder';
import { field, list } from './type-mapping/mapped-schema';

// What one Kafka record becomes in the table, by mode: append adds its value; upsert keeps the latest value per key
// (a tombstone deletes the key); cdc unwraps a Debezium envelope (c/r/u upsert `after`, d deletes `before`'s key).

export type RowChange = { kind: 'append'; row: Record<string, unknown> } | { kind: 'upsert'; key: string; row: Record<string, unknown> } | { kind: 'delete'; key: string } | { kind: 'none' };

const META_NAMES = {
  tableflow: { topic: '$$topic', partition: '$$partition', offset: '$$offset', timestamp: '$$timestamp', timestampType: '$$timestamp_type', headers: '$$headers' },
  floe: { topic: 'floe_topic', partition: 'floe_partition', offset: 'floe_offset', timestamp: 'floe_timestamp', timestampType: 'floe_timestamp_type', headers: 'floe_headers' },
};

/** The Kafka metadata columns a job adds (none, Tableflow's `$$` names or portable `floe_` names). */
export function metadataFields(kind: LandJobSpecParsed['metadataColumns']): NestedField[] {
  if (kind === 'none') return [];
  const n = META_NAMES[kind];
  const header: IcebergType = { kind: 'struct', fields: [field('key', { kind: 'string' }, true), field('value', { kind: 'binary' }, false)] };
  return [
    field(n.topic, { kind: 'string' }, false),
    field(n.partition, { kind: 'int' }, false),
    field(n.offset, { kind: 'long' }, false),
    field(n.timestamp, { kind: 'timestamptz' }, false),
    field(n.timestampType, { kind: 'string' }, false),
    field(n.headers, list(header, true), false),
  ];
}

function addMetadata(kind: LandJobSpecParsed['metadataColumns'], row: Record<string, unknown>, topic: string, partition: number, r: RawRecord): Record<string, unknown> {
  if (kind === 'none') return row;
  const n = META_NAMES[kind];
  row[n.topic] = topic;
  row[n.partition] = partition;
  row[n.offset] = BigInt(r.offset);
  row[n.timestamp] = BigInt(r.timestamp) * 1000n;
  row[n.timestampType] = r.timestampType === 1 ? 'LogAppendTime' : 'CreateTime';
  row[n.headers] = r.headers.map((h) => ({ key: h.key, value: h.value }));
  return row;
}

/** A key value as text that a table's stored value reproduces (see key-index.ts keyTextSql): the index's key. */
export function keyText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return String(v);
}

const KEY_TYPES = new Set(['int', 'long', 'string', 'uuid', 'date', 'timestamp', 'timestamptz', 'decimal', 'boolean', 'binary', 'fixed', 'time']);

/** Checks that key columns exist and have a type whose values compare exactly; returns their types. */
export function keyColumns(fields: NestedField[], names: string[]): NestedField[] {
  return names.map((name) => {
    const f = fields.find((x) => x.name === name);
    if (!f) throw new FloeError('BAD_INPUT', `Key column "${name}" is not a top-level column of the table (it has ${fields.map((x) => x.name).join(', ')})`);
    if (!KEY_TYPES.has(f.type.kind)) throw new FloeError('UNSUPPORTED', `Key column "${name}" is a ${f.type.kind}: keys must be integers, strings, uuids, dates, times, timestamps, decimals, booleans or bytes`);
    return f;
  });
}

/** The canonical key of a row: its key columns' texts as a JSON array. A null in any key column is no key. */
export function rowKey(row: Record<string, unknown>, key: NestedField[]): string | null {
  const parts: (string | null)[] = [];
  for (const k of key) {
    const v = row[k.name];
    const t = k.type.kind === 'decimal' ? (v === null || v === undefined ? null : decimalText(BigInt(v as bigint), k.type.scale)) : k.type.kind === 'uuid' && typeof v === 'string' ? v.toLowerCase() : keyText(v);
    if (t === null) return null;
    parts.push(t);
  }
  return JSON.stringify(parts);
}


/** Whether a value schema is a Debezium change-event envelope (before, after, op). */
export function isDebeziumEnvelope(fields: NestedField[]): boolean {
  const names = new Set(fields.map((f) => f.name));
  const after = fields.find((f) => f.name === 'after');
  return names.has('before') && names.has('op') && after !== undefined && after.type.kind === 'struct';
}

/** The table's columns (ids unassigned) for a record's key and value schemas in a mode. */
export function tableFieldsFor(mode: LandMode, key: LandedPart | null, value: LandedPart, meta: NestedField[]): NestedField[] {
  let fields: NestedField[];
  if (mode === 'cdc') {
    const after = value.mapped.fields.find((f) => f.name === 'after');
    if (!after || after.type.kind !== 'struct') throw new FloeError('BAD_INPUT', `The value schema is not a Debezium envelope (it has no "after" record): ${value.schemaKey}`);
    fields = after.type.fields;
  } else {
    fields = value.mapped.fields;
    // Upsert: key fields the value lacks become columns (a field in both keeps the value's).
    if (mode === 'upsert' && key) fields = [...fields, ...key.mapped.fields.filter((k) => !fields.some((f) => f.name === k.name))];
  }
  return [...fields, ...meta.filter((m) => !fields.some((f) => f.name === m.name))];
}

export interface Shaper {
  mode: LandMode;
  keyFields: NestedField[];
  metadata: LandJobSpecParsed['metadataColumns'];
  topic: string;
}

function keyOf(s: Shaper, row: Record<string, unknown>): string {
  const k = rowKey(row, s.keyFields);
  if (k === null) throw new BadRecord(`has no key: ${s.keyFields.map((f) => f.name).join(', ')} ${s.keyFields.length > 1 ? 'are' : 'is'} null`);
  return k;
}

/** What a decoded record does to the table. Throws BadRecord (the bad-record policy decides) naming the problem. */
export function changeOf(s: Shaper, partition: number, r: RawRecord, key: LandedPart | null, value: LandedPart | null): RowChange {
  // No closures here: made per record, they cost more than the rest of it.
  if (s.mode === 'append') {
    if (!value || value.row === null) return { kind: 'none' }; // a tombstone has nothing to append
    // The decoded row is this record's own: it is copied only to take metadata columns.
    return { kind: 'append', row: s.metadata === 'none' ? value.row : addMetadata(s.metadata, { ...value.row }, s.topic, partition, r) };
  }
  if (s.mode === 'upsert') {
    const keyRow = key?.row ?? null;
    if (!value || value.row === null) {
      if (!keyRow) throw new BadRecord('is a tombstone with a null key: there is no row to delete');
      return { kind: 'delete', key: keyOf(s, keyRow) };
    }
    // The value's fields win; key fields it lacks are added. (Two spreads in one literal build a slow dictionary-mode
    // object: ~10 µs a record, then slower reads of it.)
    const row: Record<string, unknown> = { ...value.row };
    if (keyRow) for (const k of Object.keys(keyRow)) if (!Object.hasOwn(row, k)) row[k] = keyRow[k];
    addMetadata(s.metadata, row, s.topic, partition, r);
    return { kind: 'upsert', key: keyOf(s, row), row };
  }
  // cdc
  if (!value || value.row === null) return { kind: 'none' }; // Debezium's tombstone follows its delete event
  const op = value.row.op;
  const after = value.row.after as Record<string, unknown> | null;
  const before = value.row.before as Record<string, unknown> | null;
  switch (op) {
    case 'c':
    case 'r':
    case 'u': {
      if (!after) throw new BadRecord(`is a "${String(op)}" change event without "after"`);
      const row = addMetadata(s.metadata, { ...after }, s.topic, partition, r);
      return { kind: 'upsert', key: keyOf(s, row), row };
    }
    case 'd': {
      const from = before ?? key?.row;
      if (!from) throw new BadRecord('is a delete event without "before" or a key');
      return { kind: 'delete', key: keyOf(s, from) };
    }
    case 't':
    case 'm':
      return { kind: 'none' }; // truncate and message events change no row
    default:
      throw new BadRecord(`has an unknown Debezium op ${JSON.stringify(op)} (expected c, r, u or d)`);
  }
}
