import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestCatalogSpec } from '../../../shared/model/lake';
import { startCore } from '../core-session';
import { startIcebergRestServer, type RestServer } from './iceberg-rest-server';
import { resultRows } from './lake-fixtures';
import { buildJavaFixtures, javaOracleRows, type JavaOracle } from './java-fixtures';

// Floe's REST catalog client against Apache Iceberg's own REST catalog server, serving a table written by Java
// Iceberg (registered through the REST API): the rows must be the ones Java Iceberg scans.
const root = join(import.meta.dirname, '..', '..', '..');
let server: RestServer;
let oracle: JavaOracle;
let vanished: JavaOracle;
let core: ReturnType<typeof startCore>;
let catalog: RestCatalogSpec;
const table = { namespace: ['db'], name: 'deletes' };

beforeAll(async () => {
  const fixtures = buildJavaFixtures();
  oracle = fixtures.deletes;
  // The other table is registered and then robbed of its metadata file.
  vanished = fixtures.keyed;
  server = await startIcebergRestServer();
  await server.post('/v1/namespaces', { namespace: ['db'] });
  await server.post('/v1/namespaces/db/register', { name: 'deletes', 'metadata-location': oracle.metadataLocation });
  await server.post('/v1/namespaces/db/register', { name: 'vanished', 'metadata-location': vanished.metadataLocation });
  // Its metadata file goes away after registration: the server fails loading it (HTTP 500).
  rmSync(vanished.metadataLocation.replace(/^file:/, ''));
  core = startCore(mkdtempSync(join(tmpdir(), 'floe-no-lab-')));
  catalog = { kind: 'rest', uri: server.uri, credential: 'floe:secret' };
}, 300_000);
afterAll(async () => {
  await core?.close();
  await server?.stop();
});

describe('REST catalog: Apache Iceberg RESTCatalogServer', () => {
  it('lists namespaces and tables (after an OAuth2 client-credentials token)', async () => {
    const list = await core.client.call('lake.tables', { catalog });
    expect(list.namespaces).toEqual([['db']]);
    expect(list.tables.map((t) => `${t.namespace.join('.')}.${t.name}`).sort()).toEqual(['db.deletes', 'db.vanished']);
  });

  it('loads a table as its metadata location and reads every snapshot with the rows Java Iceberg scans', async () => {
    const view = await core.client.call('lake.table', { catalog, table });
    expect(view.metadataLocation).toBe(oracle.metadataLocation);
    expect(view.snapshotCount).toBe(oracle.snapshots.length);
    for (const snap of oracle.snapshots) {
      const result = await core.client.call('lake.preview', { catalog, table, at: { snapshotId: BigInt(snap.snapshotId) }, limit: 1000 });
      expect(resultRows(result), `snapshot ${snap.sequenceNumber}`).toEqual(javaOracleRows(snap));
    }
    const sql = await core.client.call('lake.sql', { catalog, sql: 'SELECT count(*) AS n FROM db.deletes', limit: 10 });
    expect(resultRows(sql)).toEqual([JSON.stringify({ n: String(oracle.snapshots.at(-1)?.rows.length) })]);
  });

  it('a missing table is a 404 and a table whose metadata is gone a 500, each named with the URL and the server\'s words', async () => {
    await expect(core.client.call('lake.table', { catalog, table: { namespace: ['db'], name: 'nope' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `The REST catalog has no table db.nope (GET ${server.uri}/v1/namespaces/db/tables/nope → HTTP 404: NoSuchTableException: Table does not exist: db.nope)`,
    });
    await expect(core.client.call('lake.table', { catalog, table: { namespace: ['db'], name: 'vanished' } })).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      message: expect.stringContaining(`The REST catalog failed on table db.vanished (GET ${server.uri}/v1/namespaces/db/tables/vanished → HTTP 500: NotFoundException: Failed to open input stream for file: ${vanished.metadataLocation}`),
    });
  });

  it('the CLI takes an http URI as --catalog and the credential from the environment', () => {
    const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-rest-')), FLOE_NO_KEYRING: '1', FLOE_REST_CREDENTIAL: 'floe:secret' };
    const run = spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), 'table', 'preview', 'db.deletes', '--catalog', server.uri, '--json'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(oracle.snapshots.at(-1)?.rows.length ?? -1);
  });
});
