import duckdb from '@duckdb/node-bindings';
import { DuckDBDataChunk, VARCHAR } from '@duckdb/node-api';
const chunk = DuckDBDataChunk.create([VARCHAR]);
const raw = (chunk as unknown as { chunk: duckdb.DataChunk }).chunk;
const vec = duckdb.data_chunk_get_vector(raw, 0);
const shorts = Array.from({ length: 2048 }, (_, i) => `user-${i}`);
const longs = Array.from({ length: 2048 }, (_, i) => `${'n'.repeat(150)}${i}`);
const enc = new TextEncoder();
for (const [name, strs] of [['short', shorts], ['long', longs]] as const) {
  for (let rep = 0; rep < 3; rep++) {
    let t0 = performance.now();
    for (let k = 0; k < 100; k++) for (let i = 0; i < 2048; i++) duckdb.vector_assign_string_element(vec, i, strs[i]!);
    const a = (performance.now() - t0) / 204.8;
    const buf = new Uint8Array(2048 * 200);
    t0 = performance.now();
    for (let k = 0; k < 100; k++) {
      let off = 0;
      for (let i = 0; i < 2048; i++) { const r = enc.encodeInto(strs[i]!, buf.subarray(off)); duckdb.vector_assign_string_element_len(vec, i, buf.subarray(off, off + r.written)); off += r.written; }
    }
    const b = (performance.now() - t0) / 204.8;
    const data = duckdb.vector_get_data(vec, 2048 * 16);
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    t0 = performance.now();
    for (let k = 0; k < 100; k++) for (let i = 0; i < 2048; i++) { const s = strs[i]!; const o = i * 16; if (s.length <= 12) { dv.setUint32(o, s.length, true); for (let j = 0; j < 12; j++) data[o + 4 + j] = j < s.length ? s.charCodeAt(j) : 0; } }
    const c = (performance.now() - t0) / 204.8;
    console.log(name, 'assign µs', a.toFixed(3), 'len', b.toFixed(3), 'inline', c.toFixed(3));
  }
}
