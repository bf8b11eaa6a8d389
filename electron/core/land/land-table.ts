import { FloeError } from '../../../shared/errors';
import type { LandJobSpecParsed, LandMode } from '../../../shared/model/land';
import type { TableId } from '../../../shared/model/lake';
import type { Catalog, LoadedTable } from '../lake/catalog/catalog';
import type { FileIO } from '../lake/io/file-io';
import type { ScanPlanner } from '../lake/scan/planner';
import { partitionColumns } from '../lake/spec/manifest-avro';
import { currentSchema } from '../lake/spec/metadata';
import { ancestors } from '../lake/spec/snapshot-select';
import { typeToString, type NestedField } from '../lake/spec/types';
import { commitSchema } from '../lake/writer/metadata-commit';
import type { ParquetWriter } from '../lake/writer/parquet-writer';
import type { WriteTarget } from '../lake/writer/rows-writer';
import { JOB_PROPERTY, OFFSETS_PROPERTY, othersCommitted, type BatchCommit, type LandBatch } from './land-batch';
import type { LandedPart } from './land-decoder';
import { KeyIndex, rebuildKeyIndex } from './key-index';
import { parsePartitionBy } from './partition-by';
import { isDebeziumEnvelope, keyColumns, metadataFields, tableFieldsFor } from './row-shaping';
import { alignToTable, freshSchema } from './type-mapping/schema-alignment';

/** A schema change the table cannot take: the job pauses with both schemas shown. */
export class SchemaConflict extends Error {
  constructor(
    message: string,
    readonly tableSchema: string,
    readonly incoming: string,
  ) {
    super(message);
  }
}

const describe = (fields: NestedField[]) => fields.map((f) => `${f.name}: ${typeToString(f.type)}${f.required ? ' not null' : ''}`).join('\n');

/** The offsets a job's last snapshot recorded (next offset per partition), walking back from the current one. */
export function committedOffsets(table: LoadedTable, jobId: string): Map<number, number> | null {
  for (const s of ancestors(table.metadata, table.metadata.currentSnapshotId)) {
    if (s.summary[JOB_PROPERTY] !== jobId) continue;
    const parsed = JSON.parse(s.summary[OFFSETS_PROPERTY] ?? '{}') as Record<string, number>;
    return new Map(Object.entries(parsed).map(([p, o]) => [Number(p), Number(o)]));
  }
  return null;
}

/**
 * The table a job lands into: created from the first record's schemas when missing, evolved by field id when a
 * record arrives with a compatible new schema, and the key index for upsert and CDC.
 */
export class LandTable {
  table: LoadedTable | null = null;
  mode: LandMode | null = null;
  target: WriteTarget | null = null;
  keyFields: NestedField[] = [];
  index: KeyIndex | null = null;
  /** Writer schemas (LandedPart.schemaKey) already known to fit the table. */
  private readonly accepted = new Set<string>();

  constructor(
    private readonly spec: LandJobSpecParsed,
    readonly catalog: Catalog,
    readonly io: FileIO,
    private readonly planner: ScanPlanner,
    private readonly indexPath: string,
  ) {}

  get id(): TableId {
    return this.spec.table;
  }

  async load(): Promise<LoadedTable | null> {
    try {
      this.table = await this.catalog.loadTable(this.id);
    } catch (e) {
      if (!(e instanceof FloeError && e.code === 'NOT_FOUND')) throw e;
      this.table = null;
    }
    return this.table;
  }

  get ready(): boolean {
    return this.target !== null;
  }

  /** Decides the mode and key, creates or aligns the table: from the first record (key and value decoded). */
  async prepare(key: LandedPart | null, value: LandedPart, compacted: boolean, parquet: () => Promise<ParquetWriter>, staging: string): Promise<void> {
    this.mode = this.spec.mode ?? (isDebeziumEnvelope(value.mapped.fields) ? 'cdc' : compacted ? 'upsert' : 'append');
    const meta = metadataFields(this.spec.metadataColumns);
    const fields = tableFieldsFor(this.mode, key, value, meta);
    const keyNames = this.mode === 'append' ? [] : (this.spec.keyFields ?? (key ? key.mapped.fields.map((f) => f.name) : []));
    if (this.mode !== 'append' && keyNames.length === 0 && !this.table?.metadata.schemas.length)
      throw new FloeError('BAD_INPUT', `${this.mode} needs a key: the records have none, so name key columns (keyFields)`);
    if (!this.table) await this.create(fields, keyNames);
    else await this.align(fields, key, value);
    this.accept(key, value);
    const schema = currentSchema(this.table!.metadata);
    const names = keyNames.length > 0 ? keyNames : schema.identifierFieldIds.map((id) => schema.fields.find((f) => f.id === id)?.name ?? '');
    if (this.mode !== 'append') {
      if (names.length === 0) throw new FloeError('BAD_INPUT', `${this.mode} needs a key: the records have none and the table has no identifier fields`);
      this.keyFields = keyColumns(schema.fields, names);
      const snapshot = this.table!.metadata.currentSnapshotId;
      this.index = KeyIndex.load(this.indexPath, snapshot) ?? (await rebuildKeyIndex(this.table!, this.planner, this.io, await parquet(), staging, this.keyFields));
    }
    this.retarget();
  }

  private async create(mapped: NestedField[], keyNames: string[]): Promise<void> {
    const { fields } = freshSchema(mapped);
    const keyIds = keyNames.map((n) => fields.find((f) => f.name === n));
    // Identifier fields must be required primitives; a key the schema lets be null stays a key for Floe only.
    const identifierFieldIds = keyIds.every((f) => f?.required) ? keyIds.map((f) => f!.id) : [];
    const partitionFields = parsePartitionBy(this.spec.partitionBy, fields);
    if (!(await this.catalog.listNamespaces()).some((n) => n.join('.') === this.id.namespace.join('.'))) await this.catalog.createNamespace(this.id.namespace).catch(() => undefined);
    this.table = await this.catalog.createTable(this.id, { fields, identifierFieldIds, partitionFields, properties: { 'floe.land.source': this.spec.topic, 'write.parquet.compression-codec': 'zstd', 'write.metadata.delete-after-commit.enabled': 'true', 'write.metadata.previous-versions-max': '100' } });
  }

  /** Evolves the table for a new writer schema, or throws SchemaConflict when Iceberg cannot take the change. */
  private async align(mapped: NestedField[], key: LandedPart | null, value: LandedPart): Promise<void> {
    const table = this.table!;
    const current = currentSchema(table.metadata);
    const aligned = alignToTable(mapped, current.fields, Math.max(table.metadata.lastColumnId, 0));
    const incompatible = aligned.changes.filter((c) => c.kind === 'incompatible');
    if (incompatible.length > 0)
      throw new SchemaConflict(
        `The records' schema (${[key?.schemaKey, value.schemaKey].filter(Boolean).join(', ')}) cannot land in ${[...this.id.namespace, this.id.name].join('.')}: ${incompatible.map((c) => `${c.path}: ${c.detail}`).join('; ')}`,
        describe(current.fields),
        describe(mapped),
      );
    if (aligned.changes.length > 0) this.table = await commitSchema(this.catalog, this.io, this.id, aligned.fields, aligned.lastColumnId);
  }

  /** Whether a record's schemas are already known to fit (no evolution needed). */
  fits(key: Pick<LandedPart, 'schemaKey'> | null, value: Pick<LandedPart, 'schemaKey'> | null): boolean {
    return (!key || this.accepted.has(key.schemaKey)) && (!value || this.accepted.has(value.schemaKey));
  }

  private accept(key: LandedPart | null, value: LandedPart | null) {
    if (key) this.accepted.add(key.schemaKey);
    if (value) this.accepted.add(value.schemaKey);
  }

  /** Takes a record whose schema is new: the caller has committed what was staged for the old schema. */
  async evolve(key: LandedPart | null, value: LandedPart): Promise<void> {
    await this.align(tableFieldsFor(this.mode!, key, value, metadataFields(this.spec.metadataColumns)), key, value);
    this.accept(key, value);
    this.retarget();
  }

  private retarget() {
    const meta = this.table!.metadata;
    const schema = currentSchema(meta);
    const spec = meta.partitionSpecs.find((s) => s.specId === meta.defaultSpecId)!;
    this.target = { location: meta.location, specId: spec.specId, fields: schema.fields, columns: partitionColumns(spec, schema) };
  }

  /** Commits a batch with the consumed offsets; the key index follows the table and is saved beside the job. */
  async commitBatch(batch: LandBatch, jobId: string, offsets: Map<number, number>, parquet: () => Promise<ParquetWriter>, staging: string): Promise<BatchCommit> {
    await this.refreshIndex(jobId, parquet, staging);
    const rebuild = async () => {
      this.table = await this.catalog.loadTable(this.id);
      return (this.index = await rebuildKeyIndex(this.table, this.planner, this.io, await parquet(), staging, this.keyFields));
    };
    const done = await batch.commit(this.catalog, this.id, jobId, offsets, this.index ? { index: this.index, rebuild } : null);
    await this.reload(jobId, parquet, staging);
    this.index?.save(this.indexPath);
    return done;
  }

  /**
   * Before a commit: when another writer committed since the key index was made, the index is rebuilt from the
   * table first, so this commit's deletes reach rows that writer added (a commit racing this check is caught by the batch's commit).
   */
  async refreshIndex(jobId: string, parquet: () => Promise<ParquetWriter>, staging: string): Promise<void> {
    if (!this.index || !this.keyFields) return;
    const table = await this.catalog.loadTable(this.id);
    if (!othersCommitted(table.metadata.snapshots, table.metadata.currentSnapshotId, this.index.snapshotId, jobId)) return;
    this.table = table;
    this.retarget();
    await this.rebuildIndex(table, parquet, staging);
  }

  /**
   * After a commit: the table as the catalog now has it. When another writer committed after the snapshot the key
   * index describes (a pyiceberg append, a compaction), the index no longer tells every live row's position: it is rebuilt.
   */
  async reload(jobId: string, parquet: () => Promise<ParquetWriter>, staging: string): Promise<void> {
    this.table = await this.catalog.loadTable(this.id);
    this.retarget();
    if (this.index && othersCommitted(this.table.metadata.snapshots, this.table.metadata.currentSnapshotId, this.index.snapshotId, jobId)) await this.rebuildIndex(this.table, parquet, staging);
  }

  /** The key index (an upsert or CDC job's) made again from `table`. */
  private async rebuildIndex(table: LoadedTable, parquet: () => Promise<ParquetWriter>, staging: string): Promise<void> {
    if (this.keyFields) this.index = await rebuildKeyIndex(table, this.planner, this.io, await parquet(), staging, this.keyFields);
  }
}

