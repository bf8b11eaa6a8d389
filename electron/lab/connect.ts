import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectDist } from './connect-dist';
import { LabError } from './errors';
import { KAFKA_VERSION } from './kafka-dist';
import { log4jRollingFile } from './log4j';
import { HOST, hostPort } from './ports';
import { isAlive, spawnDetached, tail } from './processes';
import type { LabInfo, LabProcess } from './types';

export const CONNECT_GROUP = 'floe-lab-connect';
const TOPICS = { offset: `${CONNECT_GROUP}-offsets`, config: `${CONNECT_GROUP}-configs`, status: `${CONNECT_GROUP}-status` };

export interface ConnectLayout {
  dir: string;
  properties: string;
  log4j: string;
  jaas: string;
  users: string;
  /** Secrets connectors reference as ${file:<path>:<key>} instead of holding them in their config. */
  secrets: string;
  log: string;
  out: string;
}

export function connectLayout(dir: string, logs: string): ConnectLayout {
  return {
    dir,
    properties: join(dir, 'connect-distributed.properties'),
    log4j: join(dir, 'log4j2.properties'),
    jaas: join(dir, 'rest-jaas.conf'),
    users: join(dir, 'rest-users.properties'),
    secrets: join(dir, 'secrets.properties'),
    log: join(logs, 'connect.log'),
    out: join(logs, 'connect.out'),
  };
}

export function connectInfo(port: number, credentials: { username: string; password: string }, layout: ConnectLayout): NonNullable<LabInfo['connect']> {
  return {
    url: `http://${hostPort(port)}`,
    ...credentials,
    version: KAFKA_VERSION,
    groupId: CONNECT_GROUP,
    internalTopics: Object.values(TOPICS),
    secretRefs: { postgresPassword: `\${file:${layout.secrets}:postgres.password}` },
  };
}

function workerProperties(bootstrap: string, port: number, dist: ConnectDist, layout: ConnectLayout): string {
  return [
    '# Written by Floe for the local lab; rewritten on every start.',
    `bootstrap.servers=${bootstrap}`,
    `group.id=${CONNECT_GROUP}`,
    'key.converter=org.apache.kafka.connect.json.JsonConverter',
    'value.converter=org.apache.kafka.connect.json.JsonConverter',
    `offset.storage.topic=${TOPICS.offset}`,
    `config.storage.topic=${TOPICS.config}`,
    `status.storage.topic=${TOPICS.status}`,
    'offset.storage.replication.factor=1',
    'config.storage.replication.factor=1',
    'status.storage.replication.factor=1',
    'offset.storage.partitions=1',
    'status.storage.partitions=1',
    // Source offsets and sink commits every second: a lab wants quick turns (the Iceberg sink answers
    // its coordinator from put(), which an idle task only reaches about once per flush interval).
    'offset.flush.interval.ms=1000',
    // One worker: a task lost by a restart is reassigned at once, not after the 5-minute grace.
    'scheduled.rebalance.max.delay.ms=0',
    'connector.client.config.override.policy=All',
    `listeners=http://${hostPort(port)}`,
    `rest.advertised.host.name=${HOST}`,
    `rest.advertised.port=${port}`,
    // Every REST call needs the lab's user: the worker can write files (FileStreamSink) as this OS user.
    'rest.extension.classes=org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension',
    `plugin.path=${dist.pluginPath.join(',')}`,
    // Connectors name lab secrets as ${file:<secrets file>:<key>}: the config topic and GET .../config never hold them.
    'config.providers=file',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
    // Every plugin here ships ServiceLoader manifests: no class scanning (starts in half the time and
    // without the ~1.4 GB scan peak of hybrid_warn).
    'plugin.discovery=service_load',
    `# JAAS for the REST user: ${layout.jaas}`,
    '',
  ].join('\n');
}

/** Writes the worker's configuration: properties, logging, and the REST user (files mode 0600). */
export function prepareConnect(layout: ConnectLayout, dist: ConnectDist, bootstrap: string, port: number, credentials: { username: string; password: string }, secrets: { postgresPassword: string }): void {
  mkdirSync(layout.dir, { recursive: true, mode: 0o700 });
  writeFileSync(layout.properties, workerProperties(bootstrap, port, dist, layout), { mode: 0o600 });
  writeFileSync(layout.log4j, log4jRollingFile(layout.log, { 'org.apache.kafka.clients': 'WARN' }, '[%d] %p %X{connector.context}%m (%c)%n'), { mode: 0o600 });
  writeFileSync(layout.users, `${credentials.username}=${credentials.password}\n`, { mode: 0o600 });
  writeFileSync(layout.secrets, `postgres.password=${secrets.postgresPassword}\n`, { mode: 0o600 });
  const module = 'org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule';
  writeFileSync(layout.jaas, `KafkaConnect {\n  ${module} required\n  file="${layout.users}";\n};\n`, { mode: 0o600 });
}

export function startConnect(layout: ConnectLayout, dist: ConnectDist, home: string): Promise<LabProcess> {
  return spawnDetached({
    name: 'connect',
    command: 'java',
    args: [
      '-Xms256m',
      '-Xmx1g',
      '-XX:+UseG1GC',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${layout.log4j}`,
      `-Djava.security.auth.login.config=${layout.jaas}`,
      `-Dfloe.lab.home=${home}`,
      '-cp',
      join(dist.libs, '*'),
      'org.apache.kafka.connect.cli.ConnectDistributed',
      layout.properties,
    ],
    log: layout.out,
    cwd: layout.dir,
  }).then((p) => ({ ...p, log: layout.log }));
}

export const basicAuth = (info: { username: string; password: string }) => `Basic ${Buffer.from(`${info.username}:${info.password}`).toString('base64')}`;

function failureDetail(layout: ConnectLayout): string {
  return [tail(layout.out, 8), tail(layout.log, 12)].filter(Boolean).join('\n');
}

/** Ready once the worker has joined its group: `/health` answers 200 and `/` names the lab's Kafka cluster. */
export async function waitConnectReady(proc: LabProcess, layout: ConnectLayout, info: NonNullable<LabInfo['connect']>, clusterId: string, deadline: number, signal?: AbortSignal): Promise<void> {
  const headers = { authorization: basicAuth(info), accept: 'application/json' };
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (!isAlive(proc.pid)) throw new LabError(`Kafka Connect exited during start-up:\n${failureDetail(layout)}`, 'START_FAILED');
    try {
      const health = await fetch(`${info.url}/health`, { headers, signal: AbortSignal.timeout(3000) });
      if (health.ok) {
        const root = (await (await fetch(`${info.url}/`, { headers, signal: AbortSignal.timeout(3000) })).json()) as { version?: string; kafka_cluster_id?: string };
        if (root.kafka_cluster_id !== clusterId) throw new LabError(`Kafka Connect on ${info.url} works for cluster ${root.kafka_cluster_id}, expected ${clusterId}: another worker holds the port`, 'START_FAILED');
        return;
      }
      last = `/health answered ${health.status}: ${(await health.text()).slice(0, 200)}`;
    } catch (error) {
      if (error instanceof LabError) throw error;
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new LabError(`Kafka Connect did not become ready in time (${last}):\n${failureDetail(layout)}`, 'TIMEOUT');
}
