import { mkdirSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { landingAvroType, mapAvroSchema } from '../../../electron/core/land/type-mapping/avro-mapping';
import { AVRO_SCHEMA, avroValue } from '../browse-topics';
import { ParquetWriter } from '../../../electron/core/lake/writer/parquet-writer';
import { freshSchema } from '../../../electron/core/land/type-mapping/schema-alignment';

const N = Number(process.env.N ?? 1_000_000);
const text = JSON.stringify(AVRO_SCHEMA);
const t = landingAvroType(text);
const mapped = mapAvroSchema(text);
const payloads = Array.from({ length: 10000 }, (_, i) => avroValue(i, 1).subarray(5));
const rows: Record<string, unknown>[] = [];
let t0 = performance.now();
for (let i = 0; i < N; i++) rows.push(mapped.convert(t.fromBuffer(payloads[i % 10000]!)) as Record<string, unknown>);
console.log('decode', (performance.now() - t0).toFixed(0), 'ms', rows[1]);
const fields = freshSchema(mapped.fields).fields;
const dir = '/tmp/stage-micro'; rmSync(dir, { recursive: true, force: true }); mkdirSync(dir, { recursive: true });
const mode = process.env.MODE ?? 'A';
const cpu0 = process.cpuUsage(); t0 = performance.now();
const w = await ParquetWriter.open(dir + '/s', [dir], { stageOnDisk: process.env.DISK !== '0', threads: 1, memoryLimit: '128MB' });
if (mode === 'A') {
  const s = await w.stage(fields as never);
  const ta = performance.now();
  for (const r of rows) s.add(r);
  console.log('append', (performance.now() - ta).toFixed(0), 'ms');
  const tw = performance.now();
  await w.write(s, dir + '/a.parquet');
  console.log('write', (performance.now() - tw).toFixed(0), 'ms');
} else {
  const ta = performance.now();
  const fd = openSync(dir + '/s.ndjson', 'w');
  let buf = '';
  for (const r of rows) {
    buf += '{"id":' + String(r.id) + ',"user":' + JSON.stringify(r.user) + ',"amount":' + r.amount + ',"currency":' + JSON.stringify(r.currency) + ',"status":' + JSON.stringify(r.status) + ',"createdAt":' + String(r.createdAt) + ',"tags":' + JSON.stringify(r.tags) + ',"note":' + JSON.stringify(r.note) + '}\n';
    if (buf.length > 1 << 20) { writeSync(fd, buf); buf = ''; }
  }
  writeSync(fd, buf); closeSync(fd);
  console.log('ndjson', (performance.now() - ta).toFixed(0), 'ms');
  const tw = performance.now();
  await w.writeSelect(fields as never, `SELECT id, "user", amount, currency, status, make_timestamptz(createdAt) AS "createdAt", tags, note FROM read_ndjson('${dir}/s.ndjson', columns={id:'BIGINT', "user":'VARCHAR', amount:'DOUBLE', currency:'VARCHAR', status:'VARCHAR', createdAt:'BIGINT', tags:'VARCHAR[]', note:'VARCHAR'})`, dir + '/b.parquet');
  console.log('write', (performance.now() - tw).toFixed(0), 'ms');
}
const c = process.cpuUsage(cpu0);
console.log(mode, 'total', (performance.now() - t0).toFixed(0), 'ms; process cpu', ((c.user + c.system) / 1000).toFixed(0), 'ms; rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0));
w.close();
