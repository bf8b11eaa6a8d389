// Seeded generators of malformed browser-mode input: cookies, request targets, headers, upgrade requests,
// WebSocket frames and RPC envelopes. Same seed, same inputs: a failure can be replayed.

export type Random = () => number;

/** mulberry32: a small seeded PRNG. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Random, n: number) => Math.floor(r() * n);
const pick = <T>(r: Random, list: readonly T[]): T => list[int(r, list.length)]!;
const repeat = (r: Random, max: number, part: () => string) => Array.from({ length: 1 + int(r, max) }, part).join('');

/** Percent-encoding that decodeURIComponent refuses or that decodes to something awkward. */
const BAD_ESCAPES = ['%zz', '%', '%4', '%E0%A4%A', '%E0%A4', '%C0%AE', '%ff', '%FE%FF', '%ED%A0%80', '%F4%90%80%80', '%00', '%%', '%u0041', '%2', '%c3%28'];
const AWKWARD = ['..', '%2e%2e', '%2E%2e%2F', '\\', '%5c', '//', '%2f', '~', '%20', '+', ';', '=', '%3F', '%23', '@', ':', 'é', '%C3%A9', 'index.html', 'assets', '%0d%0a'];

/** Header-safe text (printable ASCII), so that the server's code, not Node's parser, sees it. */
function printable(r: Random, max: number): string {
  return repeat(r, max, () => String.fromCharCode(0x21 + int(r, 94)));
}

export function fuzzCookie(r: Random, token: string): string {
  const value = () =>
    pick(r, [
      () => pick(r, BAD_ESCAPES),
      () => repeat(r, 4, () => pick(r, BAD_ESCAPES) + printable(r, 3)),
      () => encodeURIComponent(token),
      () => token + pick(r, BAD_ESCAPES),
      () => printable(r, 40).replace(/;/g, ''),
      () => '',
      () => '='.repeat(1 + int(r, 3)),
    ])();
  const pairs = repeat(r, 4, () => `${pick(r, ['floe_token', 'floe_token', 'x', 'floe_token ', ' floe_token', 'FLOE_TOKEN', ''])}=${value()};`);
  return pairs.slice(0, -1);
}

export function fuzzPath(r: Random): string {
  const segment = () => repeat(r, 3, () => (r() < 0.5 ? pick(r, BAD_ESCAPES) : pick(r, AWKWARD)) + printable(r, 4).replace(/[?#%]/g, ''));
  const path = '/' + Array.from({ length: 1 + int(r, 5) }, segment).join('/');
  return r() < 0.05 ? path + 'a'.repeat(2000 + int(r, 30_000)) : path;
}

export interface RawRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body?: string;
}

/** A request with a token but hostile headers: Host, Origin, duplicates, odd methods and framing. */
export function fuzzHeaders(r: Random, port: number, token: string): RawRequest {
  const host = pick(r, [`127.0.0.1:${port}`, `localhost:${port}`, `127.0.0.1:${port + 1}`, 'evil.example', '', `127.0.0.1:${port}.evil`, `[::1]:${port}`, printable(r, 30), `127.0.0.1:${port}, evil`]);
  const headers: [string, string][] = r() < 0.9 ? [['Host', host]] : [];
  if (r() < 0.3) headers.push(['Host', pick(r, ['evil.example', `localhost:${port}`])]);
  if (r() < 0.4) headers.push(['Origin', pick(r, [`http://127.0.0.1:${port}`, 'http://evil.example', 'null', printable(r, 20), `http://localhost:${port}/x`])]);
  if (r() < 0.3) headers.push(['Cookie', fuzzCookie(r, token)]);
  for (let i = int(r, 4); i > 0; i--) headers.push([pick(r, ['X-' + printable(r, 8).replace(/[^A-Za-z0-9-]/g, 'a'), 'Content-Type', 'Accept', 'Range', 'If-None-Match', 'Upgrade', 'Connection']), printable(r, 60)]);
  if (r() < 0.05) headers.push(['X-Big', 'v'.repeat(20_000 + int(r, 20_000))]);
  const method = pick(r, ['GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'CONNECT', 'FOO']);
  const request: RawRequest = { method, target: `/?token=${token}`, headers };
  if (r() < 0.2) {
    request.body = printable(r, 200);
    headers.push(r() < 0.5 ? ['Content-Length', String(pick(r, [request.body.length, 0, 5, -1, 99999]))] : ['Transfer-Encoding', pick(r, ['chunked', 'gzip', 'chunked, chunked', 'x'])]);
  }
  return request;
}

/** An upgrade to the RPC socket with a hostile cookie, key, version or path. */
export function fuzzUpgrade(r: Random, port: number, token: string): RawRequest {
  const withToken = r() < 0.5;
  const headers: [string, string][] = [
    ['Host', `127.0.0.1:${port}`],
    ['Upgrade', pick(r, ['websocket', 'websocket', 'WebSocket', 'h2c', ''])],
    ['Connection', pick(r, ['Upgrade', 'Upgrade', 'keep-alive, Upgrade', 'close'])],
    ['Sec-WebSocket-Version', pick(r, ['13', '13', '8', '', 'x'])],
    ['Sec-WebSocket-Key', pick(r, ['dGhlIHNhbXBsZSBub25jZQ==', 'dGhlIHNhbXBsZSBub25jZQ==', '', 'short', printable(r, 30)])],
    ['Cookie', fuzzCookie(r, token)],
  ];
  if (r() < 0.3) headers.push(['Origin', pick(r, ['http://evil.example', `http://127.0.0.1:${port}`])]);
  const path = pick(r, ['/rpc', '/rpc', '/rpc/', '/', fuzzPath(r)]);
  return { method: 'GET', target: withToken ? `${path}?token=${token}` : path, headers };
}

export function encodeRequest(req: RawRequest): Buffer {
  const head = [`${req.method} ${req.target} HTTP/1.1`, ...req.headers.map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(req.body ?? '', 'latin1')]);
}

/** A client frame (masked unless asked otherwise). */
export function frame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv?: number; masked?: boolean; declaredLength?: bigint } = {}): Buffer {
  const { fin = true, rsv = 0, masked = true } = options;
  const length = options.declaredLength ?? BigInt(payload.length);
  const head = [((fin ? 0x80 : 0) | (rsv << 4) | opcode) & 0xff];
  const mask = masked ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (length < 126n) head.push(mask | Number(length));
  else if (length < 65536n) {
    head.push(mask | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(length));
  } else {
    head.push(mask | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(length);
  }
  const key = masked ? Buffer.from([0x12, 0x34, 0x56, 0x78]) : Buffer.alloc(0);
  const body = masked ? Buffer.from(payload.map((b, i) => b ^ key[i % 4]!)) : payload;
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

export interface FrameCase {
  name: string;
  bytes: Buffer;
  /** The close codes the server may answer with (1000-range codes from RFC 6455). */
  closeCodes: number[];
}

/** Frames that break the protocol; the server must close that connection with the matching code. */
export function fuzzFrame(r: Random): FrameCase {
  const kind = int(r, 9);
  const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => int(r, 256)));
  switch (kind) {
    case 0:
      return { name: 'text, invalid UTF-8', bytes: frame(1, Buffer.concat([Buffer.from('{"k":"call"'), Buffer.from(pick(r, [[0xff, 0xfe], [0xc0, 0xae], [0xed, 0xa0, 0x80], [0xe0, 0xa4]])), Buffer.from('"}')])), closeCodes: [1007] };
    case 1:
      return { name: 'declared length over 64 MiB', bytes: frame(1, Buffer.alloc(0), { declaredLength: 64n * 1024n * 1024n + 1n + BigInt(int(r, 1 << 30)) }), closeCodes: [1009] };
    case 2:
      return { name: 'unmasked client frame', bytes: frame(1, Buffer.from('{}'), { masked: false }), closeCodes: [1002] };
    case 3:
      return { name: 'reserved opcode', bytes: frame(pick(r, [3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), junk(int(r, 20))), closeCodes: [1002] };
    case 4:
      return { name: 'RSV bits without an extension', bytes: frame(1, Buffer.from('{}'), { rsv: 1 + int(r, 7) }), closeCodes: [1002] };
    case 5:
      return { name: 'fragmented control frame', bytes: frame(pick(r, [8, 9, 10]), junk(4), { fin: false }), closeCodes: [1002] };
    case 6:
      return { name: 'control frame over 125 bytes', bytes: frame(9, Buffer.alloc(0), { declaredLength: 126n + BigInt(int(r, 1000)) }), closeCodes: [1002] };
    case 7:
      return { name: 'continuation without a start', bytes: frame(0, junk(int(r, 50))), closeCodes: [1002] };
    default:
      return { name: 'close frame with an invalid code', bytes: frame(8, Buffer.from([...[pick(r, [0, 999, 1004, 1005, 1006, 1015, 2999, 5000])].flatMap((c) => [c >> 8, c & 0xff])])), closeCodes: [1002] };
  }
}

const READ_ONLY_METHODS = ['app.info', 'connections.list', 'topics.list', 'topics.describe', 'messages.read', 'messages.checkFilter', 'groups.list', 'lake.tables'];
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

function jsonValue(r: Random, depth: number): unknown {
  const kind = depth > 3 ? int(r, 5) : int(r, 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return pick(r, [0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 4294967296]);
    case 2:
      return printable(r, 30);
    case 3:
      return r() < 0.5;
    case 4:
      return pick(r, [{ $bigint: 'x' }, { $bigint: '12' }, { $bytes: '!!!' }, { $bytes: 'AAAA' }, { $bigint: 12 }]);
    case 5:
      return Array.from({ length: int(r, 4) }, () => jsonValue(r, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: int(r, 4) }, () => [pick(r, [...PROTO_NAMES, 'profileId', 'topic', 'filter', 'start', printable(r, 6)]), jsonValue(r, depth + 1)]));
  }
}

export interface EnvelopeCase {
  text: string;
  /** answer: a call, answered with a result or an error; ignored: an envelope the server does not take; close: no envelope at all. */
  expect: 'answer' | 'ignored' | 'close';
}

/** A text frame of JSON (or almost JSON) that the RPC layer must answer, ignore or refuse, never crash on. */
export function fuzzEnvelope(r: Random, id: number): EnvelopeCase {
  const kind = int(r, 10);
  if (kind === 0) return { text: printable(r, 80), expect: 'close' };
  if (kind === 1) return { text: '['.repeat(5000 + int(r, 50_000)) + ']'.repeat(int(r, 10)), expect: 'close' };
  if (kind === 2) return { text: JSON.stringify(pick(r, [null, 1, 'x', [], [1, { k: 'call' }], { k: 'call' }, { id: 1 }, { k: 'subscribe', id: 1 }])), expect: 'close' };
  if (kind === 3) return { text: JSON.stringify({ k: pick(r, ['cancel', 'ack', 'result', 'event', 'error']), id: pick(r, [id, -1, 1e300, 0.5]), x: jsonValue(r, 1) }), expect: 'ignored' };
  if (kind === 4) return { text: JSON.stringify({ k: 'call', id: pick(r, ['1', null, {}]), method: 'app.info', input: {} }), expect: 'close' };
  const method = pick(r, [...READ_ONLY_METHODS, ...PROTO_NAMES, printable(r, 12), '']);
  const call: Record<string, unknown> = { k: 'call', id, method: r() < 0.1 ? jsonValue(r, 2) : method, input: jsonValue(r, 0) };
  return { text: JSON.stringify(call), expect: 'answer' };
}
