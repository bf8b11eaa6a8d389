import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

export interface RestServer {
  uri: string;
  /** POSTs JSON to the catalog API (test setup: namespaces, table registration). */
  post(path: string, body: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

/**
 * Starts Apache Iceberg's own REST catalog server (org.apache.iceberg.rest.RESTCatalogServer from
 * iceberg-open-api's test fixtures on Maven Central, a JDBC catalog on in-memory SQLite behind it) on a free
 * port, with the classpath scripts/iceberg-java-fixtures.sh builds. Resolves once it answers GET /v1/config.
 */
export async function startIcebergRestServer(): Promise<RestServer> {
  const classpath = execFileSync('bash', [join(root, 'scripts/iceberg-java-fixtures.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const port = await freePort();
  const warehouse = mkdtempSync(join(tmpdir(), 'floe-rest-wh-'));
  const child: ChildProcess = spawn('java', ['-cp', classpath, 'org.apache.iceberg.rest.RESTCatalogServer'], {
    env: { ...process.env, CATALOG_REST_PORT: String(port), CATALOG_WAREHOUSE: `file:${warehouse}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const uri = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`RESTCatalogServer exited with ${child.exitCode}: ${stderr}`);
    const up = await fetch(`${uri}/v1/config`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`RESTCatalogServer did not answer on ${uri} within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    uri,
    async post(path, body) {
      const res = await fetch(`${uri}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await res.text();
      if (!res.ok) throw new Error(`POST ${path} → ${res.status}: ${text.slice(0, 300)}`);
      return JSON.parse(text) as unknown;
    },
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill();
      }),
  };
}
