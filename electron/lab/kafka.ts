import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { LabError } from './errors';
import type { LabConfig } from './lab-config';
import { log4jRollingFile } from './log4j';
import { hostPort, HOST, portAnswers } from './ports';
import { isAlive, spawnDetached, tail } from './processes';
import { requireTool } from './prerequisites';
import { run } from './run';
import type { LabTls } from './tls';
import type { LabProcess } from './types';

export interface KafkaPorts {
  plaintext: number;
  controller: number;
  sasl: number;
  ssl: number;
  mtls: number;
}

export interface KafkaLayout {
  dir: string;
  data: string;
  properties: string;
  log4j: string;
  /** The broker's own log (log4j2, rolled at 10 MB). */
  log: string;
  /** The JVM's stdout/stderr (start-up failures land here). */
  out: string;
}

export function kafkaLayout(dir: string, logs: string): KafkaLayout {
  return {
    dir,
    data: join(dir, 'data'),
    properties: join(dir, 'server.properties'),
    log4j: join(dir, 'log4j2.properties'),
    log: join(logs, 'kafka.log'),
    out: join(logs, 'kafka.out'),
  };
}

function serverProperties(layout: KafkaLayout, ports: KafkaPorts, tls: LabTls): string {
  const l = (name: string, port: number) => `${name}://${hostPort(port)}`;
  const listeners = [l('PLAINTEXT', ports.plaintext), l('CONTROLLER', ports.controller), l('SASL_PLAINTEXT', ports.sasl), l('SSL', ports.ssl), l('MTLS', ports.mtls)].join(',');
  const jaas = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  return [
    '# Written by Floe for the local lab; rewritten on every start.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=${hostPort(ports.controller)}`,
    'controller.listener.names=CONTROLLER',
    `listeners=${listeners}`,
    `advertised.listeners=${listeners}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,MTLS:SSL',
    'inter.broker.listener.name=PLAINTEXT',
    'sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512',
    `listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=${jaas}`,
    `listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=${jaas}`,
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${tls.serverKeystore}`,
    `ssl.keystore.password=${tls.password}`,
    `ssl.key.password=${tls.password}`,
    'ssl.truststore.type=PKCS12',
    `ssl.truststore.location=${tls.truststore}`,
    `ssl.truststore.password=${tls.password}`,
    'ssl.client.auth=none',
    // ACLs work (describeAcls, createAcls) but everything stays open until a test adds one. PLAINTEXT
    // (and so inter-broker and controller traffic) is the super user; SCRAM and TLS users are not.
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=true',
    'super.users=User:ANONYMOUS',
    'listener.name.mtls.ssl.client.auth=required',
    `log.dirs=${layout.data}`,
    'num.partitions=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=5',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=5',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=true',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

const jvm = (layout: KafkaLayout, libs: string, home: string) => [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
  `-Dlog4j2.configurationFile=${layout.log4j}`,
  `-Dfloe.lab.home=${home}`,
  '-cp',
  join(libs, '*'),
];

/** Writes the configs; formats the storage (with the SCRAM users) unless it already is, or `reformat` is set. */
export async function prepareKafka(opts: { layout: KafkaLayout; libs: string; home: string; ports: KafkaPorts; tls: LabTls; config: LabConfig; reformat: boolean; signal?: AbortSignal }): Promise<void> {
  const { layout, config } = opts;
  requireTool('java');
  mkdirSync(layout.dir, { recursive: true, mode: 0o700 });
  writeFileSync(layout.properties, serverProperties(layout, opts.ports, opts.tls), { mode: 0o600 });
  writeFileSync(layout.log4j, log4jRollingFile(layout.log, { 'state.change.logger': 'WARN', 'kafka.request.logger': 'WARN' }));
  if (!opts.reformat && existsSync(join(layout.data, 'meta.properties'))) return;
  rmSync(layout.data, { recursive: true, force: true });
  const user = `[name=${config.scram.username},password=${config.scram.password}]`;
  await run('Kafka storage format', 'java', [
    ...jvm(layout, opts.libs, opts.home),
    'kafka.tools.StorageTool',
    'format',
    '--standalone',
    '-t',
    config.clusterId,
    '-c',
    layout.properties,
    '--add-scram',
    `SCRAM-SHA-256=${user}`,
    '--add-scram',
    `SCRAM-SHA-512=${user}`,
  ], { signal: opts.signal, timeoutMs: 120_000 });
}

export function startKafka(layout: KafkaLayout, libs: string, home: string): Promise<LabProcess> {
  return spawnDetached({ name: 'kafka', command: 'java', args: [...jvm(layout, libs, home), 'kafka.Kafka', layout.properties], log: layout.out, cwd: layout.dir }).then((p) => ({ ...p, log: layout.log }));
}

export function kafkaFailureDetail(layout: KafkaLayout): string {
  const out = tail(layout.out, 8);
  const log = tail(layout.log, 12);
  return [out && `--- ${layout.out}\n${out}`, log && `--- ${layout.log}\n${log}`].filter(Boolean).join('\n');
}

/** Ready means the broker answers a metadata request with itself in it, and every listener accepts connections. */
export async function waitKafkaReady(proc: LabProcess, layout: KafkaLayout, ports: KafkaPorts, clusterId: string, deadline: number, signal?: AbortSignal): Promise<void> {
  const kafka = new Kafka({ brokers: [hostPort(ports.plaintext)], clientId: 'floe-lab-ready', logLevel: logLevel.NOTHING, connectionTimeout: 1000, requestTimeout: 3000, retry: { retries: 0 } });
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (!isAlive(proc.pid)) throw new LabError(`Kafka exited during start-up:\n${kafkaFailureDetail(layout)}`, 'START_FAILED');
    if (await portAnswers(ports.plaintext, 500)) {
      const admin = kafka.admin({ retry: { retries: 0 } });
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (cluster.clusterId !== clusterId) throw new LabError(`Kafka on ${HOST}:${ports.plaintext} reports cluster ${cluster.clusterId}, expected ${clusterId}: another broker holds the port`, 'START_FAILED');
        if (cluster.brokers.length > 0 && cluster.controller !== null) {
          const others = await Promise.all([ports.sasl, ports.ssl, ports.mtls].map((p) => portAnswers(p, 1000)));
          if (others.every(Boolean)) return;
          last = 'broker answers, other listeners not yet bound';
        }
      } catch (error) {
        if (error instanceof LabError) throw error;
        last = (error as Error).message;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
    await sleep(250);
  }
  throw new LabError(`Kafka did not become ready in time (${last}):\n${kafkaFailureDetail(layout)}`, 'TIMEOUT');
}
