import { mkdirSync } from 'node:fs';
import { LabError } from './errors';
import { ensureKafkaDist, KAFKA_VERSION } from './kafka-dist';
import { kafkaLayout, prepareKafka, startKafka, waitKafkaReady, type KafkaPorts } from './kafka';
import { loadOrCreateConfig, saveConfig, type LabConfig, type PortName } from './lab-config';
import { cacheDir, labHome, labPaths } from './paths';
import { freePorts, hostPort, isPortFree } from './ports';
import { requireTool } from './prerequisites';
import { isAlive, terminate } from './processes';
import { APICURIO_VERSION, ensureRegistryDist, registryInfo, startRegistry, waitRegistryReady } from './registry';
import { ensureS3Server, s3Info, startS3Server, waitS3Ready } from './s3';
import { acquireStartLock, clearStarting, readStarting, readState, recordStarting, removeState, writeState } from './state';
import { labStatus, stopLab } from './status';
import { ensureTls, tlsFiles } from './tls';
import type { LabInfo, LabProcess, StartLabOptions } from './types';

const START_TIMEOUT_MS = 90_000;

/** Keeps the ports a lab home used before when they are still free; reports whether the controller's moved (its storage then needs formatting again). */
async function choosePorts(config: LabConfig, names: readonly PortName[]): Promise<{ ports: Record<PortName, number>; controllerMoved: boolean }> {
  const kept = new Map<PortName, number>();
  for (const name of names) {
    const port = config.ports[name];
    if (port && (await isPortFree(port))) kept.set(name, port);
  }
  const missing = names.filter((n) => !kept.has(n));
  const fresh = await freePorts(missing.length, kept.values());
  missing.forEach((name, i) => kept.set(name, fresh[i] as number));
  const ports = Object.fromEntries(kept) as Record<PortName, number>;
  return { ports, controllerMoved: config.ports.controller !== undefined && config.ports.controller !== ports.controller };
}

async function cleanUpLeftovers(home: string, progress: (line: string) => void): Promise<void> {
  const halfStarted = readStarting(home).filter((p) => isAlive(p.pid, home));
  if (readState(home) || halfStarted.length) progress('Cleaning up a lab that is no longer whole');
  await stopLab({ home });
  await terminate(halfStarted.map((p) => p.pid));
  clearStarting(home);
}

export async function startLab(opts: StartLabOptions = {}): Promise<LabInfo> {
  const home = opts.home ?? labHome();
  const progress = opts.onProgress ?? (() => undefined);
  const paths = labPaths(home);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const release = await acquireStartLock(home, 10 * 60_000, opts.signal);
  const started: LabProcess[] = [];
  // Stops the other readiness loops when one fails (or the caller aborts).
  const failed = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, failed.signal]) : failed.signal;
  const track = (p: LabProcess) => {
    started.push(p);
    recordStarting(home, started);
    return p;
  };
  try {
    const running = await labStatus({ home });
    if (running) {
      progress(`Lab already running (since ${running.startedAt})`);
      return running;
    }
    await cleanUpLeftovers(home, progress);
    requireTool('java');
    const cache = cacheDir();
    const config = loadOrCreateConfig(paths.config);

    const { ports, controllerMoved } = await choosePorts(config, ['plaintext', 'controller', 'sasl', 'ssl', 'mtls', 'registry', 's3']);
    const kafkaPorts: KafkaPorts = { plaintext: ports.plaintext, controller: ports.controller, sasl: ports.sasl, ssl: ports.ssl, mtls: ports.mtls };
    const layout = kafkaLayout(paths.kafka, paths.logs);
    if (controllerMoved) progress('The Kafka controller port was taken: formatting fresh Kafka storage');
    const tls = tlsFiles(paths.tls, config.tlsPassword);
    // Formatting the storage does not read the keystores: make them meanwhile.
    const [libs, , s3Binary, registryJar] = await Promise.all([
      ensureKafkaDist(cache, progress, signal).then(async (dist) => {
        await prepareKafka({ layout, libs: dist, home, ports: kafkaPorts, tls, config, reformat: controllerMoved, signal });
        return dist;
      }),
      ensureTls(paths.tls, config.tlsPassword, signal),
      ensureS3Server(cache, progress, signal),
      ensureRegistryDist(cache, progress, signal),
    ]);
    saveConfig(paths.config, { ...config, ports: { ...config.ports, ...ports } });

    const deadline = Date.now() + START_TIMEOUT_MS;
    const t0 = performance.now();
    const took = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
    progress(`Starting Kafka ${KAFKA_VERSION} (KRaft) on ${hostPort(ports.plaintext)}, the schema registry (Apicurio ${APICURIO_VERSION}) on ${hostPort(ports.registry)} and S3 (versitygw) on ${hostPort(ports.s3)}`);
    const kafka = track(await startKafka(layout, libs, home));
    const registryProcess = track(await startRegistry(registryJar, paths.registry, paths.logs, home, ports.registry));
    const registry = registryInfo(ports.registry);
    const s3Process = track(await startS3Server(s3Binary, paths.s3, paths.logs, config, ports.s3));
    const s3 = s3Info(config, ports.s3);
    await Promise.all([
      waitKafkaReady(kafka, layout, kafkaPorts, config.clusterId, deadline, signal).then(() => progress(`Kafka ready (${took()})`)),
      waitS3Ready(s3Process, s3, deadline, signal).then(() => progress(`S3 ready, bucket ${s3.bucket} (${took()})`)),
      waitRegistryReady(registryProcess, registry, deadline, signal).then(() => progress(`Schema registry ready (${took()})`)),
    ]);

    const info: LabInfo = {
      home,
      startedAt: new Date().toISOString(),
      kafka: {
        plaintext: hostPort(ports.plaintext),
        saslScram: hostPort(ports.sasl),
        ssl: hostPort(ports.ssl),
        mtls: hostPort(ports.mtls),
        clusterId: config.clusterId,
        caPemPath: tls.caPem,
        clientCertPemPath: tls.clientCertPem,
        clientKeyPemPath: tls.clientKeyPem,
      },
      scram: { ...config.scram },
      registry,
      s3,
      processes: started,
    };
    writeState(info);
    clearStarting(home);
    return info;
  } catch (error) {
    failed.abort();
    await terminate(started.map((p) => p.pid), 5_000);
    removeState(home);
    clearStarting(home);
    if (error instanceof LabError || opts.signal?.aborted) throw error;
    throw new LabError(`Lab start failed: ${(error as Error).message}`, 'START_FAILED');
  } finally {
    release();
  }
}
