import { inflateRawSync } from 'node:zlib';
import avro from 'avsc';
import { FloeError } from '../../../../shared/errors';
import { avroSkipper } from '../../decode/avro-reader';

/** Avro longs as bigint: snapshot ids and sequence numbers are 63-bit and must stay exact. */
export const BigLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(0),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (v: unknown) => BigInt(v as string | number),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

export const AVRO_HEADER = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } },
  ],
});
const LONG = avro.Type.forSchema('long');
const skipHeader = avroSkipper(AVRO_HEADER);
/** What one block may inflate to: a manifest's blocks are ~64 KB; a damaged or hostile one must not take the memory. */
const MAX_BLOCK_BYTES = 64 * 1024 ** 2;
export const AVRO_MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]); // "Obj" 1

export interface AvroFile {
  /** Header metadata as text (Iceberg puts schema, partition-spec, format-version, content here). */
  meta: Record<string, string>;
  records: Record<string, unknown>[];
}

/**
 * Reads a whole Avro object container file. `source` names it in every error. Every value is stepped over by a
 * checked skipper before avsc decodes it: avsc reads a damaged block count of billions item by item past the end.
 */
export function readAvroFile(bytes: Uint8Array, source: string): AvroFile {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 4 || !buf.subarray(0, 4).equals(AVRO_MAGIC)) throw new FloeError('STORE_CORRUPT', `${source} is not an Avro file (no "Obj" header)`);
  try {
    skipHeader(buf, 0);
    const header = AVRO_HEADER.decode(buf, 0) as { value: { meta: Record<string, Buffer>; sync: Buffer }; offset: number };
    const meta = Object.fromEntries(Object.entries(header.value.meta).map(([k, v]) => [k, v.toString('utf8')]));
    const codec = meta['avro.codec'] ?? 'null';
    if (codec !== 'null' && codec !== 'deflate') throw new FloeError('UNSUPPORTED', `${source} uses Avro codec "${codec}"; Floe reads "null" and "deflate"`);
    const schemaText = meta['avro.schema'];
    if (!schemaText) throw new Error('no avro.schema in the header');
    const type = avro.Type.forSchema(JSON.parse(schemaText) as avro.Schema, { registry: { long: BigLong } as unknown as Record<string, avro.Type> });
    const skipRecord = avroSkipper(type);
    const records: Record<string, unknown>[] = [];
    let pos = header.offset;
    while (pos < buf.length) {
      const count = LONG.decode(buf, pos) as { value: number; offset: number };
      const size = LONG.decode(buf, count.offset) as { value: number; offset: number };
      if (count.offset < 0 || size.offset < 0) throw new Error('truncated block header');
      if (count.value < 0 || size.value < 0) throw new Error(`a block header gives ${count.value} records in ${size.value} bytes`);
      const end = size.offset + size.value;
      if (end + 16 > buf.length) throw new Error('truncated block');
      let block = buf.subarray(size.offset, end);
      if (codec === 'deflate') block = inflateBlock(block);
      if (count.value > Math.max(block.length, 1)) throw new Error(`a block of ${block.length} bytes claims ${count.value} records`);
      let p = 0;
      for (let i = 0; i < count.value; i++) {
        const next = skipRecord(block, p);
        records.push((type.decode(block, p) as { value: Record<string, unknown> }).value);
        p = next;
      }
      if (p !== block.length) throw new Error(`${block.length - p} bytes after the block's ${count.value} records`);
      if (!buf.subarray(end, end + 16).equals(header.value.sync)) throw new Error('sync marker mismatch');
      pos = end + 16;
    }
    return { meta, records };
  } catch (e) {
    if (e instanceof FloeError) throw e;
    throw new FloeError('STORE_CORRUPT', `${source} is not a readable Avro file: ${(e as Error).message}`);
  }
}

function inflateBlock(block: Buffer): Buffer {
  try {
    return inflateRawSync(block, { maxOutputLength: MAX_BLOCK_BYTES });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`a deflate block inflates past ${MAX_BLOCK_BYTES / 1024 ** 2} MiB`, { cause: e });
    throw new Error(`a deflate block does not inflate: ${(e as Error).message}`, { cause: e });
  }
}
