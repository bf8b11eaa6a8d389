import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import avro from 'avsc';
import { AVRO_HEADER, AVRO_MAGIC, BigLong } from './avro-file';

/** An Avro schema whose longs are read and written as bigint (ids and sequence numbers are 63-bit). */
export function bigLongType(schema: avro.Schema): avro.Type {
  return avro.Type.forSchema(schema, { registry: { long: BigLong } as unknown as Record<string, avro.Type> });
}

const LONG = avro.Type.forSchema('long');
const BLOCK_RECORDS = 4096;

/**
 * Writes an Avro object container file (deflate blocks), as Iceberg manifests and manifest lists are.
 * `meta` goes into the header beside avro.schema and avro.codec.
 */
export function writeAvroFile(schema: avro.Schema, records: readonly unknown[], meta: Record<string, string>): Buffer {
  const type = bigLongType(schema);
  const sync = randomBytes(16);
  const headerMeta: Record<string, Buffer> = { 'avro.schema': Buffer.from(JSON.stringify(schema)), 'avro.codec': Buffer.from('deflate') };
  for (const [k, v] of Object.entries(meta)) headerMeta[k] = Buffer.from(v, 'utf8');
  const parts: Buffer[] = [AVRO_HEADER.toBuffer({ magic: AVRO_MAGIC, meta: headerMeta, sync })];
  for (let i = 0; i < records.length; i += BLOCK_RECORDS) {
    const block = records.slice(i, i + BLOCK_RECORDS);
    const data = deflateRawSync(Buffer.concat(block.map((r) => type.toBuffer(r))));
    parts.push(LONG.toBuffer(block.length), LONG.toBuffer(data.length), data, sync);
  }
  return Buffer.concat(parts);
}
