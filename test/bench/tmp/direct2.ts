import { mkdirSync, rmSync } from 'node:fs';
import { AVRO_SCHEMA, avroValue } from '../browse-topics';
import { ParquetWriter } from '../../../electron/core/lake/writer/parquet-writer';
import { mapAvroSchema } from '../../../electron/core/land/type-mapping/avro-mapping';
import { freshSchema } from '../../../electron/core/land/type-mapping/schema-alignment';
import { AvroCursor } from '../../../electron/core/land/type-mapping/avro-direct';

const N = Number(process.env.N ?? 1_000_000);
const mapped = mapAvroSchema(JSON.stringify(AVRO_SCHEMA));
const fields = freshSchema(mapped.fields).fields;
const records = Array.from({ length: 10000 }, (_, i) => avroValue(i, 1));
const dir = '/tmp/direct-micro'; rmSync(dir, { recursive: true, force: true }); mkdirSync(dir, { recursive: true });
const w = await ParquetWriter.open(dir + '/s', [dir], { stageOnDisk: process.env.DISK !== '0', threads: 1, memoryLimit: '128MB' });
const staged = await w.stage(fields);
const cur = new AvroCursor();
const t0 = performance.now(); const c0 = process.cpuUsage();
for (let i = 0; i < N; i++) { const b = records[i % 10000]!; if (staged.addDirect(mapped.direct!, cur.at(b, 5, b.length), b.length) < 0) throw new Error('gave up'); }
staged.close();
const ta = performance.now() - t0; const c = process.cpuUsage(c0);
console.log('decode+append+close', ta.toFixed(0), 'ms cpu', ((c.user + c.system) / 1000).toFixed(0), 'rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0));
const tw = performance.now();
await w.write(staged, dir + '/d.parquet');
console.log('write', (performance.now() - tw).toFixed(0), 'rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0));
w.close();
