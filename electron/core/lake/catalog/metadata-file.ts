import { FloeError } from '../../../../shared/errors';
import type { FileIO } from '../io/file-io';
import { isMissingObject } from '../io/object-store';
import { parseTableMetadata, type TableMetadata } from '../spec/metadata';

/** Reads and parses a metadata.json. `owner` says who pointed at it (a catalog row, a version hint) for the message. */
export async function readMetadataFile(io: FileIO, location: string, owner?: string): Promise<TableMetadata> {
  return parseTableMetadata(await readMetadataText(io, location, owner), location);
}

/** The text of a metadata.json (gunzipped when compressed). */
export async function readMetadataText(io: FileIO, location: string, owner?: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await io.read(location);
  } catch (e) {
    if (isMissingObject(e))
      throw new FloeError('NOT_FOUND', `Table metadata ${location} does not exist${owner ? ` (${owner} points there)` : ''}`);
    throw e;
  }
  if (/\.gz(\.metadata\.json)?$/.test(location) || (bytes[0] === 0x1f && bytes[1] === 0x8b)) {
    const { gunzipSync } = await import('node:zlib');
    bytes = gunzipSync(bytes);
  }
  return new TextDecoder().decode(bytes);
}
