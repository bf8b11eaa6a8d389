import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabError } from './errors';
import { hostPort } from './ports';
import { isAlive, spawnDetached, tail } from './processes';
import type { LabInfo, LabProcess } from './types';

export { ensureRegistryDist, APICURIO_VERSION } from './registry-dist';

export function registryInfo(port: number): NonNullable<LabInfo['registry']> {
  return { url: `http://${hostPort(port)}/apis/ccompat/v7` };
}

/** Apicurio with its in-memory H2 store: a fresh, empty registry on every lab start. */
export function startRegistry(jar: string, dir: string, logs: string, home: string, port: number): Promise<LabProcess> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return spawnDetached({
    name: 'registry',
    command: 'java',
    args: [
      '-Xms64m',
      '-Xmx384m',
      '-XX:+ExitOnOutOfMemoryError',
      `-Dfloe.lab.home=${home}`,
      '-Dquarkus.http.host=127.0.0.1',
      `-Dquarkus.http.port=${port}`,
      '-Dquarkus.datasource.jdbc.min-size=2',
      '-Dquarkus.datasource.jdbc.initial-size=2',
      '-Dregistry.rest.artifact.deletion.enabled=true',
      '-jar',
      jar,
    ],
    log: join(logs, 'registry.log'),
    cwd: dir,
  });
}

/** Ready once the health check passes and the Confluent API lists subjects. */
export async function waitRegistryReady(proc: LabProcess, info: NonNullable<LabInfo['registry']>, deadline: number, signal?: AbortSignal): Promise<void> {
  const base = new URL(info.url);
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (!isAlive(proc.pid)) throw new LabError(`The schema registry exited during start-up:\n${tail(proc.log)}`, 'START_FAILED');
    try {
      const health = await fetch(new URL('/health/ready', base), { signal: AbortSignal.timeout(2000) });
      if (health.ok) {
        const subjects = await fetch(`${info.url}/subjects`, { signal: AbortSignal.timeout(2000) });
        if (subjects.ok) return;
        last = `GET /subjects answered ${subjects.status}`;
      } else last = `health check answered ${health.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new LabError(`The schema registry did not become ready in time (${last}):\n${tail(proc.log)}`, 'TIMEOUT');
}
