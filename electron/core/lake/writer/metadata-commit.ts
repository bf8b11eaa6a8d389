import { randomUUID } from 'node:crypto';
import { FloeError } from '../../../../shared/errors';
import type { TableId } from '../../../../shared/model/lake';
import type { Catalog, LoadedTable } from '../catalog/catalog';
import { readMetadataText } from '../catalog/metadata-file';
import type { FileIO } from '../io/file-io';
import { parseExactJson, stringifyExactJson, type ExactJson } from '../spec/exact-json';
import { fieldsToJson } from '../spec/schema-json';
import type { NestedField } from '../spec/types';

export type MetadataJson = { [key: string]: ExactJson };

/** The name of the metadata file after `baseLocation`: its version number plus one (pyiceberg's and Java's layout). */
export function nextMetadataName(baseLocation: string): string {
  const m = /\/(\d+)-[^/]*\.metadata\.json$/.exec(baseLocation);
  const version = m ? Number(m[1]) + 1 : 1;
  return `${String(version).padStart(5, '0')}-${randomUUID()}.metadata.json`;
}

export async function readMetadataJson(io: FileIO, base: LoadedTable): Promise<MetadataJson> {
  return parseExactJson(await readMetadataText(io, base.metadataLocation)) as MetadataJson;
}

/**
 * Writes `next` as the table's new metadata file (with the base recorded in its metadata log) and swaps the catalog
 * to it. Returns the new location; throws CONFLICT (having removed the unused file) when another writer won.
 */
export async function swapMetadata(catalog: Catalog, io: FileIO, id: TableId, base: LoadedTable, next: MetadataJson, timestampMs: number): Promise<string> {
  const maxLog = Number(base.metadata.properties['write.metadata.previous-versions-max'] ?? 100);
  const log = [...((next['metadata-log'] as ExactJson[] | undefined) ?? []), { 'timestamp-ms': base.metadata.lastUpdatedMs, 'metadata-file': base.metadataLocation }];
  const kept = log.slice(-Math.max(1, maxLog));
  const text = stringifyExactJson({ ...next, 'last-updated-ms': timestampMs, 'metadata-log': kept }, 2);
  const location = `${base.metadata.location.replace(/\/+$/, '')}/metadata/${nextMetadataName(base.metadataLocation)}`;
  await io.write(location, new TextEncoder().encode(text));
  try {
    await catalog.commitTable(id, base.metadataLocation, location);
  } catch (e) {
    if (e instanceof FloeError && e.code === 'CONFLICT') await io.delete(location).catch(() => undefined);
    throw e;
  }
  // Iceberg's write.metadata.delete-after-commit.enabled: metadata files that fell out of the log are deleted (a
  // landing committing every 10 s would otherwise leave 60,480 of them a week).
  if (base.metadata.properties['write.metadata.delete-after-commit.enabled'] === 'true') {
    const still = new Set(kept.map((e) => String((e as MetadataJson)['metadata-file'])));
    for (const e of log) {
      const file = String((e as MetadataJson)['metadata-file']);
      if (!still.has(file)) await io.delete(file).catch(() => undefined);
    }
  }
  return location;
}

/**
 * Makes `fields` the table's current schema (a new schema id; field ids as given, already aligned to the table), by
 * compare-and-swap, retried on the new base when another writer committed first. A no-op when nothing changed.
 */
export async function commitSchema(catalog: Catalog, io: FileIO, id: TableId, fields: NestedField[], lastColumnId: number, maxAttempts = 5): Promise<LoadedTable> {
  for (let attempt = 1; ; attempt++) {
    const base = await catalog.loadTable(id);
    const raw = await readMetadataJson(io, base);
    const schemas = (raw.schemas as MetadataJson[] | undefined) ?? [];
    const current = schemas.find((s) => Number(s['schema-id']) === base.metadata.currentSchemaId);
    const json = fieldsToJson(fields) as ExactJson;
    if (current && stringifyExactJson(current.fields) === stringifyExactJson(json)) return base;
    const schemaId = Math.max(-1, ...schemas.map((s) => Number(s['schema-id']))) + 1;
    const next: MetadataJson = {
      ...raw,
      schemas: [...schemas, { type: 'struct', 'schema-id': schemaId, 'identifier-field-ids': (current?.['identifier-field-ids'] as ExactJson) ?? [], fields: json }],
      'current-schema-id': schemaId,
      'last-column-id': Math.max(lastColumnId, Number(raw['last-column-id'] ?? 0)),
    };
    try {
      await swapMetadata(catalog, io, id, base, next, Math.max(Date.now(), base.metadata.lastUpdatedMs + 1));
      return await catalog.loadTable(id);
    } catch (e) {
      if (!(e instanceof FloeError && e.code === 'CONFLICT') || attempt >= maxAttempts) throw e;
    }
  }
}
