import duckdb from '@duckdb/node-bindings';
import { mkdirSync, rmSync } from 'node:fs';
import { DuckDBDataChunk, BIGINT, VARCHAR, DOUBLE, TIMESTAMPTZ, LIST } from '@duckdb/node-api';
import { AVRO_SCHEMA, avroValue } from '../browse-topics';
import { ParquetWriter } from '../../../electron/core/lake/writer/parquet-writer';
import { mapAvroSchema } from '../../../electron/core/land/type-mapping/avro-mapping';
import { freshSchema } from '../../../electron/core/land/type-mapping/schema-alignment';

const N = Number(process.env.N ?? 1_000_000);
const fields = freshSchema(mapAvroSchema(JSON.stringify(AVRO_SCHEMA)).fields).fields;
const records = Array.from({ length: 10000 }, (_, i) => avroValue(i, 1));
const dir = '/tmp/direct-micro'; rmSync(dir, { recursive: true, force: true }); mkdirSync(dir, { recursive: true });
const w = await ParquetWriter.open(dir + '/s', [dir], { stageOnDisk: true, threads: 1, memoryLimit: '128MB' });
const staged = await w.stage(fields);
const appender = (staged as any).appender.appender as duckdb.Appender;
const chunkObj = DuckDBDataChunk.create([BIGINT, VARCHAR, DOUBLE, VARCHAR, VARCHAR, TIMESTAMPTZ, LIST(VARCHAR), VARCHAR]);
const chunk = (chunkObj as any).chunk as duckdb.DataChunk;
const CAP = 2048;
let vecs: duckdb.Vector[] = [], data: Uint8Array[] = [], dvs: DataView[] = [];
for (let c = 0; c < 8; c++) { const d = new Uint8Array(CAP * 16); data.push(d); dvs.push(new DataView(d.buffer)); }
let childData = new Uint8Array(CAP * 2 * 16), childDv = new DataView(childData.buffer), childSize = 0;
const longs: { col: number; row: number; b: Buffer; s: number; e: number }[] = [];
function setup() { vecs = []; for (let c = 0; c < 8; c++) vecs.push(duckdb.data_chunk_get_vector(chunk, c)); childSize = 0; longs.length = 0; }
function grow(n: number) { if (n * 16 <= childData.length) return; const d = new Uint8Array(Math.max(n * 16, childData.length * 2)); d.set(childData); childData = d; childDv = new DataView(d.buffer); }
function flushChunk(rows: number) {
  for (const c of [0, 1, 2, 3, 4, 5, 6, 7]) duckdb.copy_data_to_vector(vecs[c]!, 0, data[c]!.buffer, 0, rows * (c === 0 || c === 2 || c === 5 ? 8 : 16));
  const child = duckdb.list_vector_get_child(vecs[6]!);
  duckdb.list_vector_reserve(vecs[6]!, childSize);
  duckdb.copy_data_to_vector(child, 0, childData.buffer, 0, childSize * 16);
  duckdb.list_vector_set_size(vecs[6]!, childSize);
  for (const l of longs) duckdb.vector_assign_string_element_len(l.col < 0 ? child : vecs[l.col]!, l.row, l.b.subarray(l.s, l.e));
  duckdb.data_chunk_set_size(chunk, rows); duckdb.append_data_chunk(appender, chunk); duckdb.data_chunk_reset(chunk); setup();
}
let buf: Buffer, pos = 0;
function varlong(): number { let n = 0, shift = 0, b; do { b = buf[pos++]!; n += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80); return n % 2 === 0 ? n / 2 : -(n + 1) / 2; }
function putLong(dv: DataView, o: number, n: number) { dv.setInt32(o, n | 0, true); dv.setInt32(o + 4, Math.floor(n / 4294967296), true); }
function str(col: number, d: Uint8Array, dv: DataView, row: number) {
  const len = varlong(); const o = row * 16;
  if (len <= 12) { dv.setUint32(o, len, true); let j = 0; for (; j < len; j++) { const b = buf[pos + j]!; if (b >= 0x80) break; d[o + 4 + j] = b; } if (j < len) longs.push({ col, row, b: buf, s: pos, e: pos + len }); else for (; j < 12; j++) d[o + 4 + j] = 0; }
  else { longs.push({ col, row, b: buf, s: pos, e: pos + len }); }
  pos += len;
}
let row = 0;
setup();
const t0 = performance.now(); const c0 = process.cpuUsage();
for (let i = 0; i < N; i++) {
  buf = records[i % 10000]!; pos = 5;
  putLong(dvs[0]!, row * 8, varlong());
  str(1, data[1]!, dvs[1]!, row);
  for (let j = 0; j < 8; j++) data[2]![row * 8 + j] = buf[pos + j]!; pos += 8;
  str(3, data[3]!, dvs[3]!, row);
  str(4, data[4]!, dvs[4]!, row);
  putLong(dvs[5]!, row * 8, varlong() * 1000);
  // array of strings: blocks
  const start = childSize;
  for (let n = varlong(); n !== 0; n = varlong()) { if (n < 0) { n = -n; varlong(); } grow(childSize + n); for (let k = 0; k < n; k++) str(-1, childData, childDv, childSize++); }
  putLong(dvs[6]!, row * 16, start); putLong(dvs[6]!, row * 16 + 8, childSize - start);
  str(7, data[7]!, dvs[7]!, row);
  if (++row === CAP) { flushChunk(row); row = 0; }
}
if (row) flushChunk(row);
(staged as any).rows = N; (staged as any).bytes = N * 200;
const ta = performance.now() - t0; const c = process.cpuUsage(c0);
console.log('decode+append', ta.toFixed(0), 'ms cpu', ((c.user + c.system) / 1000).toFixed(0));
const tw = performance.now();
await w.write(staged, dir + '/d.parquet');
console.log('write', (performance.now() - tw).toFixed(0));
const check = await w.rows(`select count(*) n, sum(id) s, min("createdAt") mi, max("createdAt") ma, count(distinct "user") u, sum(len(tags)) t, max(note) nt, sum(amount) am from '${dir}/d.parquet'`);
console.log(check);
w.close();
