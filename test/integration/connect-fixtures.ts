// Kafka Connect in the lab, for tests: bring the worker up (added to the running lab on first use),
// create connectors and wait for them, feed topics and read them back with Floe's own reader.
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { connectMessage, rebalancing } from '../../electron/core/connect/connect-rest';
import { basicAuth, startLab, type LabInfo } from '../../electron/lab';
import type { BrowseRecord } from '../../shared/model/messages';
import { LOCAL_LAB_PROFILE_ID } from '../../shared/model/profile';
import type { startCore } from './core-session';
import { exactProducer } from './exact-producer';

export type ConnectInfo = NonNullable<LabInfo['connect']>;
export type ConnectLab = LabInfo & { connect: ConnectInfo };
export type CdcLab = ConnectLab & { postgres: NonNullable<LabInfo['postgres']> };

const log = (line: string) => process.stderr.write(`[lab] ${line}\n`);

/** The lab with its Kafka Connect worker (and PostgreSQL with `cdc`), started now if the lab runs without them. */
export async function labWithConnect(lab: LabInfo): Promise<ConnectLab> {
  const info = lab.connect ? lab : await startLab({ home: lab.home, connect: true, onProgress: log });
  if (!info.connect) throw new Error('the lab started without Kafka Connect');
  return info as ConnectLab;
}

export async function labWithCdc(lab: LabInfo): Promise<CdcLab> {
  const info = lab.connect && lab.postgres ? lab : await startLab({ home: lab.home, cdc: true, onProgress: log });
  if (!info.connect || !info.postgres) throw new Error('the lab started without Kafka Connect and PostgreSQL');
  return info as CdcLab;
}

export interface ConnectorStatus {
  name: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: { id: number; state: string; worker_id: string; trace?: string }[];
  type: string;
}

export class ConnectError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} answered ${status}: ${body.slice(0, 500)}`);
  }
}

/** The worker's REST API, as much as tests need (the product's Connect client lives in the core). */
export class ConnectRest {
  constructor(private readonly info: ConnectInfo) {}

  /** One call; the 409 or 500 a worker answers while its group rebalances is retried for up to ~10 s. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${this.info.url}${path}`, {
        method,
        headers: { authorization: basicAuth(this.info), accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
      if (!(rebalancing(response.status, connectMessage(text)) && attempt < 20)) throw new ConnectError(response.status, text, `${method} ${path}`);
      await sleep(500);
    }
  }

  plugins(): Promise<{ class: string; type: string; version: string }[]> {
    return this.request('GET', '/connector-plugins?connectorsOnly=false');
  }

  /** Creates (or replaces) a connector. */
  async put(name: string, config: Record<string, string>): Promise<void> {
    await this.request('PUT', `/connectors/${encodeURIComponent(name)}/config`, config);
  }

  names(): Promise<string[]> {
    return this.request('GET', '/connectors');
  }

  status(name: string): Promise<ConnectorStatus> {
    return this.request('GET', `/connectors/${encodeURIComponent(name)}/status`);
  }

  /** Resolves once the connector and `tasks` tasks run; fails at once with the trace when one fails. */
  async waitRunning(name: string, opts: { tasks?: number; timeoutMs?: number } = {}): Promise<ConnectorStatus> {
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    let last = 'no status yet';
    while (Date.now() < deadline) {
      try {
        const status = await this.status(name);
        const failed = [status.connector, ...status.tasks].find((s) => s.state === 'FAILED');
        if (failed) throw new Error(`connector ${name} failed: ${failed.trace ?? 'no trace'}`);
        if (status.connector.state === 'RUNNING' && status.tasks.length >= (opts.tasks ?? 1) && status.tasks.every((t) => t.state === 'RUNNING')) return status;
        last = JSON.stringify({ connector: status.connector.state, tasks: status.tasks.map((t) => t.state) });
      } catch (error) {
        if (!(error instanceof ConnectError && error.status === 404)) throw error;
        last = 'not found yet';
      }
      await sleep(250);
    }
    throw new Error(`connector ${name} is not running after ${opts.timeoutMs ?? 60_000} ms (${last})`);
  }

  async delete(name: string): Promise<void> {
    try {
      await this.request('DELETE', `/connectors/${encodeURIComponent(name)}`);
    } catch (error) {
      if (!(error instanceof ConnectError && error.status === 404)) throw error;
    }
  }
}

/**
 * A FileStreamSink that reads JSON values (schemaless), casts `amount` to float64, and sends what fails to
 * convert or cast to a DLQ with Kafka Connect's context headers: genuine dead letters of both stages.
 */
export function fileSinkWithDlq(opts: { source: string; dlq: string; file: string }): Record<string, string> {
  return {
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
    'tasks.max': '1',
    topics: opts.source,
    file: opts.file,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    transforms: 'cast',
    'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value',
    'transforms.cast.spec': 'amount:float64',
    'errors.tolerance': 'all',
    'errors.deadletterqueue.topic.name': opts.dlq,
    'errors.deadletterqueue.topic.replication.factor': '1',
    'errors.deadletterqueue.context.headers.enable': 'true',
    'consumer.override.auto.offset.reset': 'earliest',
  };
}

export interface FeedRecord {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: IHeaders;
  partition?: number;
}

export const kafkaOf = (lab: LabInfo) => new Kafka({ brokers: [lab.kafka.plaintext], clientId: 'floe-connect-test', logLevel: logLevel.NOTHING });

export async function createTopics(lab: LabInfo, topics: { topic: string; partitions?: number }[]): Promise<void> {
  const admin = kafkaOf(lab).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((t) => ({ topic: t.topic, numPartitions: t.partitions ?? 1 })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(lab: LabInfo, topics: string[]): Promise<void> {
  const admin = kafkaOf(lab).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const doomed = topics.filter((t) => existing.has(t));
    if (doomed.length) await admin.deleteTopics({ topics: doomed });
  } finally {
    await admin.disconnect();
  }
}

/** Produces the records as given (bytes untouched: poison input stays poison). */
export async function feed(lab: LabInfo, topic: string, records: FeedRecord[]): Promise<void> {
  const producer = exactProducer(kafkaOf(lab));
  await producer.connect();
  try {
    await producer.send({ topic, messages: records.map((r) => ({ key: r.key ?? null, value: r.value, headers: r.headers, partition: r.partition })) });
  } finally {
    await producer.disconnect();
  }
}

type Core = ReturnType<typeof startCore>;

/** Every record of the topic, read from the beginning with Floe's reader (`messages.read`), once at least `atLeast` are there. */
export async function readTopic(core: Core, topic: string, opts: { atLeast: number; timeoutMs?: number; profileId?: string }): Promise<BrowseRecord[]> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let records: BrowseRecord[] = [];
  while (Date.now() < deadline) {
    try {
      records = await readAll(core, topic, opts.profileId ?? LOCAL_LAB_PROFILE_ID);
      if (records.length >= opts.atLeast) return records;
    } catch (error) {
      // The topic may not exist yet: Connect creates it with the first record.
      if (!/not exist|unknown topic|UNKNOWN_TOPIC/i.test((error as Error).message)) throw error;
    }
    await sleep(500);
  }
  throw new Error(`${topic}: ${records.length} records after ${opts.timeoutMs ?? 60_000} ms, expected at least ${opts.atLeast}`);
}

async function readAll(core: Core, topic: string, profileId: string): Promise<BrowseRecord[]> {
  const records: BrowseRecord[] = [];
  let page = await core.client.call('messages.read', { profileId, topic, start: { kind: 'beginning' }, limit: 5000, decoding: { key: { format: 'string' }, value: { format: 'string' } } });
  records.push(...page.records);
  while (page.next) {
    page = await core.client.call('messages.read', { profileId, topic, start: { kind: 'after', positions: page.next }, limit: 5000, decoding: { key: { format: 'string' }, value: { format: 'string' } } });
    records.push(...page.records);
  }
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** A record's headers by name (the last value wins), UTF-8. */
export const headersOf = (record: BrowseRecord): Record<string, string | null> => Object.fromEntries(record.headers.map((h) => [h.key, h.value]));

/** The value as text (null for a tombstone), whatever the reader decoded it as. */
export function valueText(record: BrowseRecord): string | null {
  if (record.value.kind === 'null') return null;
  return typeof record.value.value === 'string' ? record.value.value : JSON.stringify(record.value.value);
}
