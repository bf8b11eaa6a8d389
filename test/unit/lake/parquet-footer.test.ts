import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { FloeError } from '../../../shared/errors';
import { parseFooterSchema, readParquetFields } from '../../../electron/core/lake/io/parquet-footer';

const dir = mkdtempSync(join(tmpdir(), 'floe-footer-'));
const file = join(dir, 'nested.parquet');
let footer: Buffer;

beforeAll(async () => {
  // A real Parquet file with field ids at every depth, written by DuckDB's COPY … FIELD_IDS.
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(
    `COPY (SELECT 1::BIGINT AS id, {'a': 1::INT, 'b': 'x'} AS s, [{'p': 1::INT}] AS l, MAP{'k': {'v': 2::INT}} AS m, '\\x00\\xff'::BLOB AS raw, [[1::INT]] AS ll)` +
      ` TO '${file}' (FORMAT parquet, FIELD_IDS {id: 1, s: {__duckdb_field_id: 2, a: 3, b: 4}, l: {__duckdb_field_id: 5, element: {__duckdb_field_id: 6, p: 7}},` +
      ` m: {__duckdb_field_id: 8, key: 9, value: {__duckdb_field_id: 10, v: 11}}, raw: 12, ll: {__duckdb_field_id: 13, element: {__duckdb_field_id: 14, element: 15}}})`,
  );
  conn.closeSync();
  db.closeSync();
  const bytes = readFileSync(file);
  const len = bytes.readUInt32LE(bytes.length - 8);
  footer = bytes.subarray(bytes.length - 8 - len, bytes.length - 8);
});

describe('Parquet footer schema (field ids at every depth)', () => {
  it('reads structs, lists, maps and their field ids, and which leaves are bytes', async () => {
    const fields = await readParquetFields(file);
    expect(fields).toEqual([
      { name: 'id', id: 1, type: { kind: 'primitive', binary: false } },
      { name: 's', id: 2, type: { kind: 'struct', fields: [{ name: 'a', id: 3, type: { kind: 'primitive', binary: false } }, { name: 'b', id: 4, type: { kind: 'primitive', binary: false } }] } },
      { name: 'l', id: 5, type: { kind: 'list', element: { name: 'element', id: 6, type: { kind: 'struct', fields: [{ name: 'p', id: 7, type: { kind: 'primitive', binary: false } }] } } } },
      {
        name: 'm',
        id: 8,
        type: { kind: 'map', key: { name: 'key', id: 9, type: { kind: 'primitive', binary: false } }, value: { name: 'value', id: 10, type: { kind: 'struct', fields: [{ name: 'v', id: 11, type: { kind: 'primitive', binary: false } }] } } },
      },
      { name: 'raw', id: 12, type: { kind: 'primitive', binary: true } },
      { name: 'll', id: 13, type: { kind: 'list', element: { name: 'element', id: 14, type: { kind: 'list', element: { name: 'element', id: 15, type: { kind: 'primitive', binary: false } } } } } },
    ]);
  });

  it('refuses files that are not Parquet, or whose footer is encrypted or does not fit, by name', async () => {
    const cases: [string, Buffer, RegExp][] = [
      ['short.parquet', Buffer.from('PAR1'), /too short to be Parquet/],
      ['csv.parquet', Buffer.from('a,b\n1,2\n3,4\n5,6\n'), /magic bytes/],
      ['encrypted.parquet', Buffer.concat([Buffer.from('PARE'), Buffer.alloc(16), Buffer.from([4, 0, 0, 0]), Buffer.from('PARE')]), /encrypted footer/],
      ['long.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(8), Buffer.from([0xff, 0xff, 0, 0]), Buffer.from('PAR1')]), /footer length \(65535\) exceeds/],
    ];
    for (const [name, bytes, why] of cases) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      await expect(readParquetFields(path)).rejects.toThrow(why);
      await expect(readParquetFields(path)).rejects.toThrow(path);
    }
  });

  it('a truncated or mangled footer is a clear error, never a crash (2,000 seeded mutations)', () => {
    expect(() => parseFooterSchema(footer.subarray(0, 40), 'cut')).toThrow(FloeError);
    expect(() => parseFooterSchema(footer.subarray(0, 40), 'cut')).toThrow(/^cut: /);
    expect(() => parseFooterSchema(Buffer.from([0x19, 0xfc, 0xff, 0xff, 0xff, 0x0f]), 'huge list')).toThrow(/huge list: a list is longer than the footer/);
    // Structs nested past any real footer: refused before the stack is at risk.
    expect(() => parseFooterSchema(Buffer.alloc(10_000, 0x1c), 'deep')).toThrow(/deep: structs nest too deep/);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(footer);
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      const cut = rand() < 0.3 ? bytes.subarray(0, Math.floor(rand() * bytes.length)) : bytes;
      try {
        parseFooterSchema(cut, 'mutated');
      } catch (e) {
        expect(e, `mutation ${i}`).toBeInstanceOf(FloeError);
      }
    }
  });
});
