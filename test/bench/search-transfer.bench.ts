// npm run bench:transfer — what 1M search matches cost between the core and the grid, in each form they could cross
// in (issue 12, item 3: is a binary framing worth it?). The matches are real BrowseRecords: the bench:browse JSON
// topic's ~200-byte values read by the core's own decoder and record view, in batches of 500 as the scan sends them.
// Per form: the core's time to encode, the renderer's time to decode (median of 3 runs), bytes on the wire, and the
// renderer memory the decoded 1M rows hold (V8 heap + array buffers after a GC; Chromium's renderer runs the same
// V8). Forms: the JSON envelope of browser mode (with its tag reviver) and structured clone (the desktop's
// MessagePort; v8.serialize is the same serializer), each for whole records, for view 'grid' (the decoded key and
// value bodies left out: what the app asked for before frames) and for view 'frame' (the grid's rows in columns,
// MatchFrame: what the app asks for now, kept by the renderer as they came); and the grid's columns as Arrow IPC.
// Prints figures; asserts nothing.
// The first 100,000 matches are built once and sent over and over: holding 1M source records in this process made
// every major collection mark ~600 MB the core never holds, and charged that to the forms that collect the most.
// BENCH_MATCHES=N changes the count; BENCH_FORMS=json,clone,json-grid,clone-grid,arrow-grid,json-frame,frame picks forms. Needs --expose-gc (the npm script passes it).
import { loadavg } from 'node:os';
import v8 from 'node:v8';
import { Dictionary, Float64, Int32, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { BrowseRecord } from '../../shared/model/messages';
import { decodeEnvelope, encodeEnvelope } from '../../shared/rpc/json-codec';
import { PartDecoder } from '../../electron/core/decode/part-decoder';
import { recordReaders } from '../../electron/core/messages/record-decoder';
import { browseRecord, decodeParts, gridRecord } from '../../electron/core/messages/record-view';
import { decodeProblem } from '../../shared/model/record';
import { FrameRows, type MatchFrame } from '../../shared/model/match-frame';
import { MatchFrameBuilder } from '../../electron/core/messages/match-frame-builder';
import { jsonValue } from './browse-topics';

const N = Number(process.env.BENCH_MATCHES ?? 1_000_000);
const BATCH = 500;
const RUNS = 3;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:transfer does)');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const readers = await recordReaders({ key: { format: 'auto' }, value: { format: 'auto' } }, new PartDecoder(null), null);
async function batch(from: number): Promise<BrowseRecord[]> {
  const out: BrowseRecord[] = [];
  for (let i = from; i < Math.min(from + BATCH, N); i++) {
    const key = Buffer.from(`k${i}`);
    const value = Buffer.from(jsonValue(i));
    const raw = { offset: Math.floor(i / 6), timestamp: 1_764_000_000_000 + i, timestampType: 0 as const, key, value, headers: [], size: key.length + value.length };
    const { key: k, value: v, truncated } = await decodeParts(raw, readers);
    out.push(browseRecord(i % 6, raw, k, v, truncated));
  }
  return out;
}

function arrowBatch(records: BrowseRecord[]): Uint8Array {
  const col = <T>(f: (r: BrowseRecord) => T) => records.map(f);
  const table = new Table({
    partition: vectorFromArray(col((r) => r.partition), new Int32()),
    offset: vectorFromArray(col((r) => r.offset), new Float64()),
    timestamp: vectorFromArray(col((r) => r.timestamp), new Float64()),
    keyKind: vectorFromArray(col((r) => r.key.kind), new Dictionary(new Utf8(), new Int32())),
    valueKind: vectorFromArray(col((r) => r.value.kind), new Dictionary(new Utf8(), new Int32())),
    keyProblem: vectorFromArray(col((r) => decodeProblem(r.key)?.reason ?? null), new Utf8()),
    valueProblem: vectorFromArray(col((r) => decodeProblem(r.value)?.reason ?? null), new Utf8()),
    keyPreview: vectorFromArray(col((r) => r.keyPreview), new Utf8()),
    valuePreview: vectorFromArray(col((r) => r.valuePreview), new Utf8()),
    headers: vectorFromArray(col((r) => r.headers.length), new Int32()),
    size: vectorFromArray(col((r) => r.size), new Int32()),
    schemaId: vectorFromArray(col((r) => r.schemaId ?? null), new Int32()),
  });
  return tableToIPC(table, 'stream');
}

/** A batch as the scan builds it for the app (view 'frame'). */
function frameOf(records: BrowseRecord[]): MatchFrame {
  const builder = new MatchFrameBuilder();
  for (const r of records) builder.add(r);
  return builder.build();
}
/** What the renderer keeps of a frame event: the frame itself, read a row at a time when drawn. */
const keptFrame = (event: unknown) => new FrameRows((event as { event: { frame: MatchFrame } }).event.frame);

interface Form {
  id: string;
  name: string;
  /** Core side: a batch of matches to what crosses. */
  encode(records: BrowseRecord[]): string | Uint8Array;
  /** Renderer side: what crossed to what the store keeps. */
  decode(wire: string | Uint8Array): unknown;
}
const event = (records: unknown) => ({ k: 'event' as const, id: 1, event: { kind: 'matches', records } });
const frameEvent = (frame: MatchFrame) => ({ k: 'event' as const, id: 1, event: { kind: 'frame', frame } });
const forms: Form[] = [
  { id: 'json', name: 'JSON envelope, whole records (browser mode before)', encode: (r) => encodeEnvelope(event(r)), decode: (w) => decodeEnvelope(w as string) },
  { id: 'clone', name: 'structured clone, whole records (desktop before)', encode: (r) => v8.serialize(event(r)), decode: (w) => v8.deserialize(w as Uint8Array) },
  { id: 'json-grid', name: "JSON envelope, view 'grid' (browser mode before frames)", encode: (r) => encodeEnvelope(event(r.map(gridRecord))), decode: (w) => decodeEnvelope(w as string) },
  { id: 'clone-grid', name: "structured clone, view 'grid' (desktop before frames)", encode: (r) => v8.serialize(event(r.map(gridRecord))), decode: (w) => v8.deserialize(w as Uint8Array) },
  { id: 'arrow-grid', name: 'Arrow IPC of the grid columns (a binary frame)', encode: (r) => arrowBatch(r), decode: (w) => tableFromIPC(w as Uint8Array) },
  { id: 'json-frame', name: "JSON envelope, view 'frame' (browser mode now; frames kept as they came)", encode: (r) => encodeEnvelope(frameEvent(frameOf(r))), decode: (w) => keptFrame(decodeEnvelope(w as string)) },
  { id: 'frame', name: "structured clone, view 'frame' (desktop now; frames kept as they came)", encode: (r) => v8.serialize(frameEvent(frameOf(r))), decode: (w) => keptFrame(v8.deserialize(w as Uint8Array)) },
];
const chosen = (process.env.BENCH_FORMS ?? forms.map((f) => f.id).join(',')).split(',');

const memory = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

const started = performance.now();
const source: BrowseRecord[][] = [];
for (let i = 0; i < Math.min(N, 100_000); i += BATCH) source.push(await batch(i));
const batches = Array.from({ length: Math.ceil(N / BATCH) }, (_, b) => source[b % source.length]!);
console.log(`[bench:transfer] ${N.toLocaleString('en-US')} matches (${(source.length * BATCH).toLocaleString('en-US')} distinct) of ~200-byte JSON values built in ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

console.log('| form | core encode | renderer decode | µs/match (both) | bytes on the wire | renderer memory for the rows |');
console.log('|---|---|---|---|---|---|');
for (const form of forms.filter((f) => chosen.includes(f.id))) {
  const enc: number[] = [];
  const dec: number[] = [];
  let bytes = 0;
  let held = 0;
  for (let run = 0; run < RUNS; run++) {
    const before = memory();
    const kept: unknown[] = [];
    let e = 0;
    let d = 0;
    bytes = 0;
    for (const records of batches) {
      const t0 = performance.now();
      const wire = form.encode(records);
      const t1 = performance.now();
      kept.push(form.decode(wire));
      d += performance.now() - t1;
      e += t1 - t0;
      bytes += typeof wire === 'string' ? Buffer.byteLength(wire) : wire.byteLength;
    }
    enc.push(e);
    dec.push(d);
    held = memory() - before;
    kept.length = 0;
  }
  const [e, d] = [median(enc), median(dec)];
  console.log(`| ${form.name} | ${(e / 1000).toFixed(2)} s | ${(d / 1000).toFixed(2)} s | ${(((e + d) * 1000) / N).toFixed(2)} | ${mb(bytes)} | ${mb(held)} |`);
}
console.log(`[bench:transfer] load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
