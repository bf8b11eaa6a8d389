import { FloeError } from '../../../../shared/errors';
import { parseExactJson, type ExactJson } from './exact-json';
import { parseFields, type NestedField } from './types';

/** Iceberg table metadata (spec "Table Metadata"), format v1 and v2. */
export interface Schema {
  schemaId: number;
  fields: NestedField[];
  identifierFieldIds: number[];
}

export interface PartitionField {
  sourceId: number;
  fieldId: number;
  name: string;
  transform: string;
}

export interface PartitionSpec {
  specId: number;
  fields: PartitionField[];
}

export interface Snapshot {
  snapshotId: bigint;
  parentSnapshotId: bigint | null;
  sequenceNumber: bigint;
  timestampMs: number;
  manifestList: string | null;
  /** v1 only: manifests listed inline instead of a manifest list. */
  manifests: string[] | null;
  summary: Record<string, string>;
  schemaId: number | null;
}

export interface SnapshotRef {
  snapshotId: bigint;
  type: 'branch' | 'tag';
}

export interface TableMetadata {
  formatVersion: 1 | 2;
  tableUuid: string;
  location: string;
  lastSequenceNumber: bigint;
  lastUpdatedMs: number;
  /** The highest field id ever assigned (new columns take ids above it, never a dropped column's). */
  lastColumnId: number;
  currentSchemaId: number;
  schemas: Schema[];
  defaultSpecId: number;
  partitionSpecs: PartitionSpec[];
  properties: Record<string, string>;
  currentSnapshotId: bigint | null;
  snapshots: Snapshot[];
  snapshotLog: { timestampMs: number; snapshotId: bigint }[];
  refs: Map<string, SnapshotRef>;
}

type Obj = { [key: string]: ExactJson };

function obj(v: ExactJson | undefined, what: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new FloeError('STORE_CORRUPT', `${what} is missing or not an object`);
  return v;
}
function arr(v: ExactJson | undefined, what: string): ExactJson[] {
  if (!Array.isArray(v)) throw new FloeError('STORE_CORRUPT', `${what} is missing or not an array`);
  return v;
}
function int(v: ExactJson | undefined, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new FloeError('STORE_CORRUPT', `${what} is missing or not an integer`);
  return v;
}
function long(v: ExactJson | undefined, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new FloeError('STORE_CORRUPT', `${what} is missing or not an integer`);
}
function optLong(v: ExactJson | undefined): bigint | null {
  return v === undefined || v === null ? null : long(v, 'an id');
}
function str(v: ExactJson | undefined, what: string): string {
  if (typeof v !== 'string') throw new FloeError('STORE_CORRUPT', `${what} is missing or not a string`);
  return v;
}
function strMap(v: ExactJson | undefined): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : String(x)]));
}

function parseSchema(v: ExactJson, fallbackId: number): Schema {
  const o = obj(v, 'A schema');
  return {
    schemaId: o['schema-id'] === undefined ? fallbackId : int(o['schema-id'], 'schema-id'),
    fields: parseFields(o.fields),
    identifierFieldIds: Array.isArray(o['identifier-field-ids']) ? o['identifier-field-ids'].map((x) => Number(x)) : [],
  };
}

function parseSpec(fields: ExactJson | undefined, specId: number): PartitionSpec {
  let nextId = 1000;
  return {
    specId,
    fields: arr(fields, 'partition spec fields').map((f) => {
      const o = obj(f, 'A partition field');
      const fieldId = o['field-id'] === undefined ? nextId : int(o['field-id'], 'partition field-id');
      nextId = fieldId + 1;
      return { sourceId: int(o['source-id'], 'partition source-id'), fieldId, name: str(o.name, 'partition field name'), transform: str(o.transform, 'partition transform') };
    }),
  };
}

function parseSnapshot(v: ExactJson): Snapshot {
  const o = obj(v, 'A snapshot');
  return {
    snapshotId: long(o['snapshot-id'], 'snapshot-id'),
    parentSnapshotId: optLong(o['parent-snapshot-id']),
    sequenceNumber: o['sequence-number'] === undefined ? 0n : long(o['sequence-number'], 'sequence-number'),
    timestampMs: int(o['timestamp-ms'], 'snapshot timestamp-ms'),
    manifestList: typeof o['manifest-list'] === 'string' ? o['manifest-list'] : null,
    manifests: Array.isArray(o.manifests) ? o.manifests.map((m) => str(m, 'a manifest path')) : null,
    summary: strMap(o.summary),
    schemaId: typeof o['schema-id'] === 'number' ? o['schema-id'] : null,
  };
}

/** Parses metadata JSON text. `source` names the file in every error message. */
export function parseTableMetadata(text: string, source: string): TableMetadata {
  let json: ExactJson;
  try {
    json = parseExactJson(text);
  } catch (e) {
    throw new FloeError('STORE_CORRUPT', `${source} is not valid JSON (${(e as Error).message})`);
  }
  try {
    return fromJson(obj(json, 'The document'));
  } catch (e) {
    if (e instanceof FloeError) throw new FloeError(e.code, `${source}: ${e.message}`);
    throw e;
  }
}

function fromJson(o: Obj): TableMetadata {
  const version = o['format-version'];
  if (version === 3) throw new FloeError('UNSUPPORTED', 'Iceberg format version 3 is not supported by Floe yet (it reads v1 and v2)');
  if (version !== 1 && version !== 2) throw new FloeError('STORE_CORRUPT', `format-version ${JSON.stringify(version)} is not an Iceberg format version`);

  const schemas = Array.isArray(o.schemas) ? o.schemas.map((s, i) => parseSchema(s, i)) : [parseSchema(obj(o.schema, 'schema'), 0)];
  const currentSchemaId = o['current-schema-id'] === undefined ? (schemas[0]?.schemaId ?? 0) : int(o['current-schema-id'], 'current-schema-id');
  if (!schemas.some((s) => s.schemaId === currentSchemaId)) throw new FloeError('STORE_CORRUPT', `current-schema-id ${currentSchemaId} names no schema`);

  const partitionSpecs = Array.isArray(o['partition-specs'])
    ? o['partition-specs'].map((s) => {
        const so = obj(s, 'A partition spec');
        return parseSpec(so.fields, int(so['spec-id'], 'spec-id'));
      })
    : [parseSpec(o['partition-spec'] ?? [], 0)];
  const defaultSpecId = o['default-spec-id'] === undefined ? (partitionSpecs[0]?.specId ?? 0) : int(o['default-spec-id'], 'default-spec-id');

  const snapshots = Array.isArray(o.snapshots) ? o.snapshots.map(parseSnapshot) : [];
  let currentSnapshotId = optLong(o['current-snapshot-id']);
  if (currentSnapshotId === -1n) currentSnapshotId = null;
  if (currentSnapshotId !== null && !snapshots.some((s) => s.snapshotId === currentSnapshotId))
    throw new FloeError('STORE_CORRUPT', `current-snapshot-id ${currentSnapshotId} names no snapshot`);

  const refs = new Map<string, SnapshotRef>();
  if (o.refs && typeof o.refs === 'object' && !Array.isArray(o.refs)) {
    for (const [name, r] of Object.entries(o.refs)) {
      const ro = obj(r, `ref ${name}`);
      refs.set(name, { snapshotId: long(ro['snapshot-id'], `ref ${name} snapshot-id`), type: ro.type === 'tag' ? 'tag' : 'branch' });
    }
  }
  if (!refs.has('main') && currentSnapshotId !== null) refs.set('main', { snapshotId: currentSnapshotId, type: 'branch' });

  return {
    formatVersion: version,
    tableUuid: typeof o['table-uuid'] === 'string' ? o['table-uuid'] : '',
    location: str(o.location, 'location'),
    lastSequenceNumber: o['last-sequence-number'] === undefined ? 0n : long(o['last-sequence-number'], 'last-sequence-number'),
    lastUpdatedMs: typeof o['last-updated-ms'] === 'number' ? o['last-updated-ms'] : 0,
    lastColumnId: typeof o['last-column-id'] === 'number' ? o['last-column-id'] : 0,
    currentSchemaId,
    schemas,
    defaultSpecId,
    partitionSpecs,
    properties: strMap(o.properties),
    currentSnapshotId,
    snapshots,
    snapshotLog: Array.isArray(o['snapshot-log'])
      ? o['snapshot-log'].map((e) => {
          const eo = obj(e, 'A snapshot-log entry');
          return { timestampMs: int(eo['timestamp-ms'], 'snapshot-log timestamp-ms'), snapshotId: long(eo['snapshot-id'], 'snapshot-log snapshot-id') };
        })
      : [],
    refs,
  };
}

export function schemaById(meta: TableMetadata, id: number): Schema {
  const s = meta.schemas.find((x) => x.schemaId === id);
  if (!s) throw new FloeError('STORE_CORRUPT', `Schema ${id} is not in the table metadata`);
  return s;
}

export function currentSchema(meta: TableMetadata): Schema {
  return schemaById(meta, meta.currentSchemaId);
}
