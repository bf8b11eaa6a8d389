import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestCatalog } from '../../../electron/core/lake/catalog/rest/rest-catalog';
import { namespacePath, resourceBase } from '../../../electron/core/lake/catalog/rest/rest-paths';
import { isFloeError } from '../../../shared/errors';

// A scripted HTTP server speaking the REST catalog protocol, to check the requests the client builds and how it
// reads answers and errors. (test/integration/lake/rest.test.ts runs the client against Apache Iceberg's own server.)
interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: string;
}
let server: Server;
let uri: string;
const seen: Seen[] = [];
let tokensIssued = 0;
let refuseToken: string | null = null;

const METADATA = `{"format-version":2,"table-uuid":"9f1c","location":"s3://bucket/db/t","last-sequence-number":1,"last-updated-ms":1,
"last-column-id":1,"current-schema-id":0,"schemas":[{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":false,"type":"long"}]}],
"default-spec-id":0,"partition-specs":[{"spec-id":0,"fields":[]}],"last-partition-id":999,"properties":{},
"current-snapshot-id":9007199254740993,"snapshots":[{"snapshot-id":9007199254740993,"sequence-number":1,"timestamp-ms":1,
"manifest-list":"s3://bucket/db/t/metadata/snap.avro","summary":{"operation":"append"},"schema-id":0}]}`;

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', uri);
  const auth = req.headers.authorization;
  seen.push({ method: req.method ?? '', url: url.pathname + url.search, auth, body });
  const p = url.pathname;
  if (p === '/v1/oauth/tokens') {
    const form = new URLSearchParams(body);
    if (form.get('client_secret') !== 'sesame') return send(res, 401, '{"error":"invalid_client","error_description":"bad secret"}');
    return send(res, 200, JSON.stringify({ access_token: `tok${++tokensIssued}`, token_type: 'bearer', expires_in: 3600 }));
  }
  if (p === '/v1/config') return send(res, 200, JSON.stringify({ defaults: { prefix: 'ignored', a: '1' }, overrides: { prefix: 'wh/p1' } }));
  if (auth === `Bearer ${refuseToken}`) return send(res, 401, '{"error":{"message":"token expired","type":"NotAuthorizedException","code":401}}');
  if (p === '/v1/wh/p1/namespaces') {
    const parent = url.searchParams.get('parent');
    if (parent === 'db') return send(res, 200, JSON.stringify({ namespaces: [['db', 'inner']] }));
    if (parent) return send(res, 200, JSON.stringify({ namespaces: [] }));
    if (url.searchParams.get('pageToken') === 'p2') return send(res, 200, JSON.stringify({ namespaces: [['other']], 'next-page-token': null }));
    return send(res, 200, JSON.stringify({ namespaces: [['db']], 'next-page-token': 'p2' }));
  }
  if (p === '/v1/wh/p1/namespaces/db%1Finner/tables') return send(res, 200, JSON.stringify({ identifiers: [{ namespace: ['db', 'inner'], name: 't' }] }));
  if (/^\/v1\/wh\/p1\/namespaces\/[^/]+\/tables$/.test(p)) return send(res, 200, JSON.stringify({ identifiers: [] }));
  if (p === '/v1/wh/p1/namespaces/db%1Finner/tables/t') return send(res, 200, `{"metadata-location":"s3://bucket/db/t/metadata/00001.metadata.json","metadata":${METADATA},"config":{}}`);
  if (p === '/v1/wh/p1/namespaces/db/tables/broken') return send(res, 500, '{"error":{"message":"backend down","type":"RuntimeException","code":500}}');
  if (p === '/v1/wh/p1/namespaces/db/tables/gone') return send(res, 404, '{"error":{"message":"Table does not exist: db.gone","type":"NoSuchTableException","code":404}}');
  send(res, 404, '{"error":{"message":"no route","type":"NotFound","code":404}}');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isFloeError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('REST catalog client', () => {
  it('builds paths: nested namespaces joined by 0x1F, the config prefix under v1', () => {
    expect(namespacePath(['a', 'b c'])).toBe('a%1Fb%20c');
    expect(resourceBase('http://h:1/', 'wh/p 1')).toBe('http://h:1/v1/wh/p%201');
    expect(resourceBase('http://h:1', undefined)).toBe('http://h:1/v1');
  });

  it('gets a token with client credentials, sends it as bearer, asks the config for the warehouse and uses its prefix', async () => {
    seen.length = 0;
    const c = await RestCatalog.open({ uri, warehouse: 'lake one', credential: 'floe:sesame' });
    expect(c.base).toBe(`${uri}/v1/wh/p1`);
    expect(c.properties).toEqual({ prefix: 'wh/p1', a: '1', warehouse: 'lake one' });
    const [token, config] = seen;
    expect(token?.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({ grant_type: 'client_credentials', scope: 'catalog', client_id: 'floe', client_secret: 'sesame' });
    expect(config).toMatchObject({ method: 'GET', url: '/v1/config?warehouse=lake+one', auth: 'Bearer tok1' });
  });

  it('lists nested namespaces across pages and the tables of each', async () => {
    const c = await RestCatalog.open({ uri, token: 'static' });
    seen.length = 0;
    expect(await c.listNamespaces()).toEqual([['db'], ['db', 'inner'], ['other']]);
    expect(seen.map((s) => s.url)).toEqual(['/v1/wh/p1/namespaces', '/v1/wh/p1/namespaces?pageToken=p2', '/v1/wh/p1/namespaces?parent=db', '/v1/wh/p1/namespaces?parent=other', '/v1/wh/p1/namespaces?parent=db%1Finner']);
    expect(seen.every((s) => s.auth === 'Bearer static')).toBe(true);
    expect(await c.listTables()).toEqual([{ namespace: ['db', 'inner'], name: 't' }]);
  });

  it('loads a table as its metadata location and metadata, 64-bit snapshot ids exact', async () => {
    const c = await RestCatalog.open({ uri });
    const t = await c.loadTable({ namespace: ['db', 'inner'], name: 't' });
    expect(t.metadataLocation).toBe('s3://bucket/db/t/metadata/00001.metadata.json');
    expect(t.metadata.currentSnapshotId).toBe(9007199254740993n);
    expect(t.metadata.snapshots[0]?.manifestList).toBe('s3://bucket/db/t/metadata/snap.avro');
  });

  it('401, 404 and 500 each say what failed, with the URL and the server\'s words', async () => {
    const c = await RestCatalog.open({ uri });
    const notFound = await failure(c.loadTable({ namespace: ['db'], name: 'gone' }));
    expect(notFound).toEqual({ code: 'NOT_FOUND', message: `The REST catalog has no table db.gone (GET ${uri}/v1/wh/p1/namespaces/db/tables/gone → HTTP 404: NoSuchTableException: Table does not exist: db.gone)` });
    const broken = await failure(c.loadTable({ namespace: ['db'], name: 'broken' }));
    expect(broken).toEqual({ code: 'REMOTE_ERROR', message: `The REST catalog failed on table db.broken (GET ${uri}/v1/wh/p1/namespaces/db/tables/broken → HTTP 500: RuntimeException: backend down)` });
    const badSecret = await failure(RestCatalog.open({ uri, credential: 'floe:wrong' }));
    expect(badSecret.code).toBe('AUTH_FAILED');
    expect(badSecret.message).toBe(`The REST catalog refused an OAuth2 token (client credentials): not authenticated, a token or client credentials are missing or wrong (POST ${uri}/v1/oauth/tokens → HTTP 401: invalid_client: bad secret)`);
  });

  it('fetches a new token once when the catalog refuses the current one, and reports a refused static token', async () => {
    const c = await RestCatalog.open({ uri, credential: 'floe:sesame' });
    refuseToken = `tok${tokensIssued}`;
    const before = tokensIssued;
    expect(await c.listTables(['db', 'inner'])).toHaveLength(1);
    expect(tokensIssued).toBe(before + 1);
    refuseToken = 'static';
    const refused = await failure((await RestCatalog.open({ uri, token: 'static' })).listTables(['db']));
    expect(refused.code).toBe('AUTH_FAILED');
    expect(refused.message).toMatch(new RegExp(`^The REST catalog refused the tables of namespace db: not authenticated.*\\(GET ${uri.replace(/\./g, '\\.')}/v1/wh/p1/namespaces/db/tables → HTTP 401: NotAuthorizedException: token expired\\)$`));
    refuseToken = null;
  });

  it('names the URL when nothing listens there', async () => {
    const probe = createServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((ok) => probe.close(() => ok()));
    const dead = await failure(RestCatalog.open({ uri: `http://127.0.0.1:${port}` }));
    expect(dead.code).toBe('UNREACHABLE');
    expect(dead.message).toBe(`The REST catalog (the catalog config, GET http://127.0.0.1:${port}/v1/config): connection refused by 127.0.0.1:${port}: is it running, is the port right?`);
  });
});
