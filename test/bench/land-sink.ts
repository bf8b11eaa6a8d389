// bench:land peer: the Apache Iceberg Kafka Connect sink on the lab's worker lands the same Avro topic (Apicurio's
// AvroConverter reads the registry's Confluent wire format) through a JDBC catalog on SQLite in pyiceberg's layout.
// Timed from the connector's creation to the first commit whose snapshot holds every record of the topic.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectRest, createTopics, deleteTopics, type ConnectLab } from '../integration/connect-fixtures';
import { icebergSinkConfig, sinkCatalogDb, type IcebergSinkTarget } from '../integration/iceberg-sink-fixtures';
import { CatalogWatcher, rateBefore, type SeenCommit } from './land-watch';

export interface SinkRun {
  ms: number;
  recordsPerSec: number;
  /** Records/s up to its last commit before the whole topic was in (null when one commit took it all), as for Floe. */
  sustainedPerSec: number | null;
  catalogDb: string;
  table: string;
  commits: number;
  files: number;
}

export async function landWithIcebergSink(lab: ConnectLab, opts: { topic: string; records: number; commitIntervalMs: number; tasks: number; timeoutMs: number }): Promise<SinkRun> {
  if (!lab.registry) throw new Error('the lab has no schema registry');
  const suffix = Date.now().toString(36);
  const name = `bench-land-iceberg-sink-${suffix}`;
  const target: IcebergSinkTarget = {
    dir: mkdtempSync(join(tmpdir(), 'floe-bench-sink-')),
    table: `bench.sink_${suffix}`,
    topics: [opts.topic],
    controlTopic: `bench-land-control-${suffix}`,
    commitIntervalMs: opts.commitIntervalMs,
  };
  const registry = lab.registry.url.replace(/\/apis\/ccompat\/v\d+\/?$/, '/apis/registry/v2');
  const rest = new ConnectRest(lab.connect);
  await createTopics(lab, [{ topic: target.controlTopic, partitions: 1 }]);
  const watcher = new CatalogWatcher(sinkCatalogDb(target), 'bench', `sink_${suffix}`, 100).start();
  try {
    const started = Date.now();
    await rest.put(
      name,
      icebergSinkConfig(target, {
        'tasks.max': String(opts.tasks),
        'value.converter': 'io.apicurio.registry.utils.converter.AvroConverter',
        'value.converter.apicurio.registry.url': registry,
        'value.converter.apicurio.registry.as-confluent': 'true',
        'value.converter.apicurio.registry.use-id': 'contentId',
        'iceberg.control.commit.timeout-ms': String(Math.max(30_000, opts.commitIntervalMs * 3)),
      }),
    );
    await rest.waitRunning(name, { tasks: opts.tasks, timeoutMs: 120_000 });
    const full = await waitOrFail(rest, name, watcher, (c) => Number(c.summary['total-records'] ?? 0) >= opts.records, opts.timeoutMs);
    const ms = full.seenAtMs - started;
    return {
      ms,
      recordsPerSec: (opts.records * 1000) / ms,
      sustainedPerSec: rateBefore(watcher.commits, full, started, (c) => Number(c.summary['total-records'] ?? 0)),
      catalogDb: sinkCatalogDb(target),
      table: target.table,
      commits: watcher.commits.length,
      files: Number(full.summary['total-data-files'] ?? 0),
    };
  } finally {
    watcher.stop();
    await rest.delete(name).catch(() => undefined);
    await deleteTopics(lab, [target.controlTopic]).catch(() => undefined);
  }
}

/** Waits for the commit, failing at once with the task's trace if the connector fails. */
async function waitOrFail(rest: ConnectRest, name: string, watcher: CatalogWatcher, done: (c: SeenCommit) => boolean, timeoutMs: number): Promise<SeenCommit> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = watcher.commits.find(done);
    if (hit) return hit;
    const status = await rest.status(name);
    const failed = [status.connector, ...status.tasks].find((s) => s.state === 'FAILED');
    if (failed) throw new Error(`the Iceberg sink failed: ${failed.trace ?? 'no trace'}`);
    if (Date.now() > deadline) throw new Error(`the Iceberg sink had not committed all ${watcher.commits.at(-1)?.summary['total-records'] ?? 0} records after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
