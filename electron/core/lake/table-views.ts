import type { DataFileView, SnapshotView, TableId, TableView } from '../../../shared/model/lake';
import type { LoadedTable } from './catalog/catalog';
import type { ManifestEntry } from './spec/manifest';
import { currentSchema } from './spec/metadata';
import { typeToString } from './spec/types';

/** Table metadata as the UI and CLI show it. */
export function toTableView(t: LoadedTable, id: TableId): TableView {
  const m = t.metadata;
  const spec = m.partitionSpecs.find((s) => s.specId === m.defaultSpecId);
  const schema = currentSchema(m);
  return {
    id,
    location: m.location,
    metadataLocation: t.metadataLocation,
    formatVersion: m.formatVersion,
    tableUuid: m.tableUuid,
    currentSnapshotId: m.currentSnapshotId,
    schema: schema.fields.map((f) => ({ id: f.id, name: f.name, type: typeToString(f.type), required: f.required, ...(f.doc ? { doc: f.doc } : {}) })),
    identifierFields: schema.identifierFieldIds.flatMap((id) => schema.fields.find((f) => f.id === id)?.name ?? []),
    partitionSpec: (spec?.fields ?? []).map((f) => ({ sourceId: f.sourceId, fieldId: f.fieldId, name: f.name, transform: f.transform })),
    properties: m.properties,
    refs: [...m.refs].map(([name, r]) => ({ name, type: r.type, snapshotId: r.snapshotId })),
    snapshotCount: m.snapshots.length,
  };
}

/** Snapshots oldest first, each with the branches and tags that point at it. */
export function toSnapshotViews(t: LoadedTable): SnapshotView[] {
  const m = t.metadata;
  return [...m.snapshots]
    .sort((a, b) => a.timestampMs - b.timestampMs || (a.sequenceNumber < b.sequenceNumber ? -1 : 1))
    .map((s) => {
      const { operation, ...summary } = s.summary;
      return {
        snapshotId: s.snapshotId,
        parentSnapshotId: s.parentSnapshotId,
        sequenceNumber: s.sequenceNumber,
        timestampMs: s.timestampMs,
        operation: operation ?? null,
        summary,
        schemaId: s.schemaId,
        manifestList: s.manifestList ?? '',
        refs: [...m.refs].filter(([, r]) => r.snapshotId === s.snapshotId).map(([name]) => name),
      };
    });
}

export function toFileView(e: ManifestEntry): DataFileView {
  const f = e.file;
  return {
    path: f.path,
    content: f.content,
    format: f.format,
    recordCount: f.recordCount,
    sizeBytes: f.sizeBytes,
    specId: f.specId,
    partition: f.partition,
    sequenceNumber: e.sequenceNumber,
    ...(f.equalityIds ? { equalityIds: f.equalityIds } : {}),
  };
}
