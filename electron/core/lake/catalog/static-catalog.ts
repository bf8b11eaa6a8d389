import { basename } from 'node:path';
import { FloeError } from '../../../../shared/errors';
import type { TableId } from '../../../../shared/model/lake';
import type { FileIO } from '../io/file-io';
import { ReadOnlyCatalog, tableName, type LoadedTable } from './catalog';
import { readMetadataFile } from './metadata-file';

/** The version number in a metadata file name: `v3.metadata.json` → 3, `00012-<uuid>.metadata.json` → 12. */
export function metadataVersion(name: string): number | null {
  const m = /^v?(\d+)(-[^/]*)?\.(gz\.)?metadata\.json$/.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * The metadata file a location means: the file itself (`….metadata.json`), or for a table folder the one its
 * `metadata/version-hint.text` names (filesystem tables), else the highest-numbered metadata file in `metadata/`.
 */
export async function resolveMetadataLocation(io: FileIO, location: string): Promise<string> {
  const loc = location.replace(/\/+$/, '');
  if (/\.json$/.test(loc)) return loc;
  const hintPath = `${loc}/metadata/version-hint.text`;
  if (await io.exists(hintPath)) {
    const hint = new TextDecoder().decode(await io.read(hintPath)).trim();
    if (/^\d+$/.test(hint)) return `${loc}/metadata/v${hint}.metadata.json`;
    if (hint.endsWith('.metadata.json')) return hint.includes('/') ? hint : `${loc}/metadata/${hint}`;
    throw new FloeError('STORE_CORRUPT', `${hintPath} holds "${hint.slice(0, 40)}", not a version number`);
  }
  const best = (await io.listNames(`${loc}/metadata`))
    .map((n) => ({ n, v: metadataVersion(n) }))
    .filter((x): x is { n: string; v: number } => x.v !== null)
    .sort((a, b) => b.v - a.v)[0];
  if (best) return `${loc}/metadata/${best.n}`;
  throw new FloeError('NOT_FOUND', `No Iceberg table at ${location}: no metadata.json file, no metadata/version-hint.text and no metadata/*.metadata.json`);
}

/** One table opened from its metadata.json or table folder: read-only, listed under its folder's name. */
export class StaticCatalog extends ReadOnlyCatalog {
  private metadataLocation: string | null = null;
  constructor(
    private readonly io: FileIO,
    private readonly location: string,
  ){
    super();
  }

  get description(): string {
    return `table ${this.location}`;
  }

  private tableId(metadataLocation: string): TableId {
    const folder = metadataLocation.replace(/\/metadata\/[^/]+$/, '');
    return { namespace: [], name: basename(folder) || 'table' };
  }

  private async resolve(): Promise<string> {
    this.metadataLocation ??= await resolveMetadataLocation(this.io, this.location);
    return this.metadataLocation;
  }

  async listNamespaces(): Promise<string[][]> {
    return [];
  }

  async listTables(namespace?: string[]): Promise<TableId[]> {
    if (namespace && namespace.length > 0) return [];
    return [this.tableId(await this.resolve())];
  }

  async loadTable(id: TableId): Promise<LoadedTable> {
    const metadataLocation = await this.resolve();
    const own = this.tableId(metadataLocation);
    if (tableName(id) !== tableName(own)) throw new FloeError('NOT_FOUND', `This catalog holds one table, "${own.name}", not "${tableName(id)}"`);
    const metadata = await readMetadataFile(this.io, metadataLocation);
    return { id: own, metadataLocation, metadata };
  }
}
