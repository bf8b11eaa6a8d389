import { deflateRawSync } from 'node:zlib';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { isFloeError } from '../../../shared/errors';
import { AVRO_HEADER, AVRO_MAGIC, readAvroFile } from '../../../electron/core/lake/spec/avro-file';
import { writeAvroFile } from '../../../electron/core/lake/spec/avro-writer';

// Manifests and manifest lists come from object storage another writer controls: a damaged one must end in a
// STORE_CORRUPT error naming the file, never a hang, a crash of the process or memory taken by a hostile count.

// Shaped like a manifest entry: longs past 2^53, maps of bytes (bounds), arrays, nullable unions, a nested record.
const SCHEMA: avro.Schema = {
  type: 'record',
  name: 'entry',
  fields: [
    { name: 'status', type: 'int' },
    { name: 'snapshot_id', type: ['null', 'long'] },
    {
      name: 'data_file',
      type: {
        type: 'record',
        name: 'r2',
        fields: [
          { name: 'file_path', type: 'string' },
          { name: 'record_count', type: 'long' },
          { name: 'lower_bounds', type: ['null', { type: 'map', values: 'bytes' }] },
          { name: 'split_offsets', type: ['null', { type: 'array', items: 'long' }] },
        ],
      },
    },
  ],
};
const records = Array.from({ length: 300 }, (_, i) => ({
  status: i % 3,
  snapshot_id: i % 5 === 0 ? null : 2n ** 62n + BigInt(i),
  data_file: {
    file_path: `s3://bucket/t/data/${i}-é.parquet`,
    record_count: BigInt(i * 1000),
    lower_bounds: i % 4 === 0 ? null : { '1': Buffer.from([i & 255, 1]), '2': Buffer.from('abc') },
    split_offsets: i % 2 ? null : [4n, BigInt(i)],
  },
}));

const LONG = avro.Type.forSchema('long');
const longBytes = (n: number) => LONG.toBuffer(n);

/** A container file with the null codec (writeAvroFile deflates): the record bytes lie open to damage. */
function nullCodecFile(): Buffer {
  const sync = Buffer.alloc(16, 7);
  const type = avro.Type.forSchema(SCHEMA, { registry: { long: avro.types.LongType.__with({ fromBuffer: (b: Buffer) => b.readBigInt64LE(0), toBuffer: (n: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64LE(n); return b; }, fromJSON: BigInt, toJSON: Number, isValid: (n: unknown) => typeof n === 'bigint', compare: () => 0 }) } as never });
  const parts: Buffer[] = [AVRO_HEADER.toBuffer({ magic: AVRO_MAGIC, meta: { 'avro.schema': Buffer.from(JSON.stringify(SCHEMA)), 'avro.codec': Buffer.from('null') }, sync })];
  for (let i = 0; i < records.length; i += 100) {
    const data = Buffer.concat(records.slice(i, i + 100).map((r) => type.toBuffer(r)));
    parts.push(longBytes(Math.min(100, records.length - i)), longBytes(data.length), data, sync);
  }
  return Buffer.concat(parts);
}

/** Reads a file that may be damaged: its records, or the message of a STORE_CORRUPT (or, for a damaged codec name, UNSUPPORTED) error naming it; anything else fails the test. */
function readOrCorrupt(bytes: Buffer): number | string {
  try {
    return readAvroFile(bytes, '/w/m.avro').records.length;
  } catch (e) {
    if (!isFloeError(e) || !['STORE_CORRUPT', 'UNSUPPORTED'].includes(e.code) || !e.message.startsWith('/w/m.avro ')) throw e;
    return e.message;
  }
}

function mulberry(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('damaged Avro container files', () => {
  it('read whole when intact, with either codec', () => {
    expect(readOrCorrupt(nullCodecFile())).toBe(300);
    expect(readOrCorrupt(writeAvroFile(SCHEMA, records, {}))).toBe(300);
  });

  it('end in STORE_CORRUPT or read, never hang or crash: flipped bytes and cuts at random places', { timeout: 60_000 }, () => {
    const random = mulberry(11);
    for (const file of [nullCodecFile(), writeAvroFile(SCHEMA, records, {})]) {
      for (let n = 0; n < 1500; n++) {
        const bytes = Buffer.from(file);
        for (let k = 1 + Math.floor(random() * 3); k > 0; k--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        const cut = random() < 0.2 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
        const got = readOrCorrupt(cut);
        if (typeof got === 'number') expect(got).toBeLessThanOrEqual(300);
      }
    }
  });

  it('refuse counts no block can hold, before reading item by item', () => {
    const file = nullCodecFile();
    const headerEnd = (AVRO_HEADER.decode(file, 0) as { offset: number }).offset;
    // The header's map says it holds 2^40 entries; then a block claims 2^40 records, then a negative size.
    const hugeMap = Buffer.concat([file.subarray(0, 4), longBytes(2 ** 40), file.subarray(5)]);
    expect(readOrCorrupt(hugeMap)).toMatch(/not a readable Avro file/);
    const block = file.subarray(headerEnd);
    const countEnd = (LONG.decode(block, 0) as { offset: number }).offset;
    const hugeCount = Buffer.concat([file.subarray(0, headerEnd), longBytes(2 ** 40), block.subarray(countEnd)]);
    expect(readOrCorrupt(hugeCount)).toMatch(/claims 1099511627776 records/);
    const negative = Buffer.concat([file.subarray(0, headerEnd), longBytes(0), longBytes(-40), Buffer.alloc(16, 7)]);
    expect(readOrCorrupt(negative)).toMatch(/0 records in -40 bytes/);
  });

  it('refuse a deflate block that inflates past 64 MiB', () => {
    const bomb = deflateRawSync(Buffer.alloc(65 * 1024 ** 2));
    const file = writeAvroFile(SCHEMA, records.slice(0, 1), {});
    const headerEnd = (AVRO_HEADER.decode(file, 0) as { offset: number }).offset;
    const sync = file.subarray(file.length - 16);
    const bombed = Buffer.concat([file.subarray(0, headerEnd), longBytes(1), longBytes(bomb.length), bomb, sync]);
    expect(readOrCorrupt(bombed)).toMatch(/inflates past 64 MiB/);
  });
});
