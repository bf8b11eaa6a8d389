import { chmodSync, mkdirSync } from 'node:fs';
import { LabError } from './errors';
import { ensureKafkaDist, KAFKA_VERSION } from './kafka-dist';
import { kafkaLayout, prepareKafka, startKafka, waitKafkaReady, type KafkaPorts } from './kafka';
import { loadOrCreateConfig, saveConfig, withPartSecrets, type LabConfig, type PortName } from './lab-config';
import { missingParts, PART_PORTS, prepareParts, wantedParts, type PartContext, type PartName, type PreparedPart } from './parts';
import { cacheDir, labHome, labPaths } from './paths';
import { freePorts, hostPort, isPortFree, portOf } from './ports';
import { requireTool } from './prerequisites';
import { isAlive, terminate } from './processes';
import { APICURIO_VERSION, ensureRegistryDist, registryInfo, startRegistry, waitRegistryReady } from './registry';
import { ensureS3Server, s3Info, startS3Server, waitS3Ready } from './s3';
import { acquireStartLock, clearStarting, readStarting, readState, recordStarting, removeState, writeState } from './state';
import { labStatus, stopLab } from './status';
import { ensureTls, tlsFiles } from './tls';
import type { LabInfo, LabProcess, StartLabOptions } from './types';

const START_TIMEOUT_MS = 120_000;
const KAFKA_PORTS: PortName[] = ['plaintext', 'controller', 'sasl', 'ssl', 'mtls'];
const BASE_PORTS: PortName[] = [...KAFKA_PORTS, 'registry', 's3'];

/** Keeps the ports a lab home used before when they are still free; reports whether the controller's moved (its storage then needs formatting again). */
async function choosePorts(config: LabConfig, names: readonly PortName[]): Promise<{ ports: Partial<Record<PortName, number>>; controllerMoved: boolean }> {
  const kept = new Map<PortName, number>();
  for (const name of names) {
    const port = config.ports[name];
    if (port && (await isPortFree(port))) kept.set(name, port);
  }
  const missing = names.filter((n) => !kept.has(n));
  const fresh = await freePorts(missing.length, kept.values());
  missing.forEach((name, i) => kept.set(name, fresh[i] as number));
  const ports = Object.fromEntries(kept) as Partial<Record<PortName, number>>;
  return { ports, controllerMoved: config.ports.controller !== undefined && config.ports.controller !== ports.controller };
}

async function cleanUpLeftovers(home: string, progress: (line: string) => void): Promise<void> {
  const halfStarted = readStarting(home).filter((p) => isAlive(p.pid, home));
  if (readState(home) || halfStarted.length) progress('Cleaning up a lab that is no longer whole');
  await stopLab({ home });
  await terminate(halfStarted);
  clearStarting(home);
}

/** Starts prepared parts; resolves once every one is ready. */
async function launchParts(parts: PreparedPart[], track: (p: LabProcess) => LabProcess, deadline: number, progress: (line: string) => void, took: () => string): Promise<void> {
  const launched: [PreparedPart, LabProcess][] = [];
  for (const part of parts) launched.push([part, track(await part.launch())]);
  await Promise.all(launched.map(([part, proc]) => part.ready(proc, deadline).then(() => progress(`${part.describe} ready (${took()})`))));
}

const stopwatch = () => {
  const t0 = performance.now();
  return () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
};

/** Adds parts to a lab that runs without them; on failure stops only what it started. */
async function addParts(running: LabInfo, names: PartName[], ctx: Omit<PartContext, 'ports' | 'config'>, track: (p: LabProcess) => LabProcess, started: LabProcess[]): Promise<LabInfo> {
  const { home, paths, progress } = ctx;
  // A half-done earlier addition may have left processes behind.
  await terminate(readStarting(home).filter((p) => isAlive(p.pid, home) && !running.processes.some((r) => r.pid === p.pid)));
  const config = withPartSecrets(loadOrCreateConfig(paths.config));
  const { ports } = await choosePorts(config, names.map((n) => PART_PORTS[n]));
  saveConfig(paths.config, { ...config, ports: { ...config.ports, ...ports } });
  const parts = await prepareParts(names, { ...ctx, config, ports: { ...ports, plaintext: portOf(running.kafka.plaintext) } });
  progress(`Adding ${parts.map((p) => p.describe).join(' and ')} to the running lab`);
  try {
    await launchParts(parts, track, Date.now() + START_TIMEOUT_MS, progress, stopwatch());
  } catch (error) {
    await terminate(started, 5_000);
    clearStarting(home);
    throw error;
  }
  const info: LabInfo = { ...running, processes: [...running.processes, ...started] };
  for (const part of parts) part.addTo(info);
  writeState(info);
  clearStarting(home);
  return info;
}

export async function startLab(opts: StartLabOptions = {}): Promise<LabInfo> {
  const home = opts.home ?? labHome();
  const progress = opts.onProgress ?? (() => undefined);
  const paths = labPaths(home);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  // Logs stay private even when the home is made searchable for PostgreSQL (log4j would make the folder 0755).
  mkdirSync(paths.logs, { recursive: true, mode: 0o700 });
  chmodSync(paths.logs, 0o700);
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
  const wanted = wantedParts(opts);
  const cache = cacheDir();
  let adding = false;
  try {
    const running = await labStatus({ home });
    if (running) {
      const missing = missingParts(running, wanted);
      if (!missing.length) {
        progress(`Lab already running (since ${running.startedAt})`);
        return running;
      }
      adding = true;
      return await addParts(running, missing, { home, paths, cache, progress, signal }, track, started);
    }
    await cleanUpLeftovers(home, progress);
    requireTool('java');
    const config = withPartSecrets(loadOrCreateConfig(paths.config));

    const kafkaOnly = opts.kafkaOnly === true;
    const chosen = await choosePorts(config, [...(kafkaOnly ? KAFKA_PORTS : BASE_PORTS), ...wanted.map((n) => PART_PORTS[n])]);
    const { controllerMoved } = chosen;
    const ports = chosen.ports as Record<PortName, number>;
    const kafkaPorts: KafkaPorts = { plaintext: ports.plaintext, controller: ports.controller, sasl: ports.sasl, ssl: ports.ssl, mtls: ports.mtls };
    const layout = kafkaLayout(paths.kafka, paths.logs);
    if (controllerMoved) progress('The Kafka controller port was taken: formatting fresh Kafka storage');
    const tls = tlsFiles(paths.tls, config.tlsPassword);
    // Formatting the storage does not read the keystores: make them meanwhile.
    const [libs, , s3Binary, registryJar, parts] = await Promise.all([
      ensureKafkaDist(cache, progress, signal).then(async (dist) => {
        await prepareKafka({ layout, libs: dist, home, ports: kafkaPorts, tls, config, reformat: controllerMoved, signal });
        return dist;
      }),
      ensureTls(paths.tls, config.tlsPassword, signal),
      kafkaOnly ? null : ensureS3Server(cache, progress, signal),
      kafkaOnly ? null : ensureRegistryDist(cache, progress, signal),
      prepareParts(wanted, { home, paths, cache, config, ports, progress, signal }),
    ]);
    saveConfig(paths.config, { ...config, ports: { ...config.ports, ...ports } });

    const deadline = Date.now() + START_TIMEOUT_MS;
    const took = stopwatch();
    const extra = parts.map((p) => `, ${p.describe}`).join('');
    const kafkaLine = `Kafka ${KAFKA_VERSION} (KRaft) on ${hostPort(ports.plaintext)}`;
    progress(kafkaOnly ? `Starting ${kafkaLine} only` : `Starting ${kafkaLine}, the schema registry (Apicurio ${APICURIO_VERSION}) on ${hostPort(ports.registry)}, S3 (versitygw) on ${hostPort(ports.s3)}${extra}`);
    const kafka = track(await startKafka(layout, libs, home));
    // A Kafka-only lab (a second cluster for tests, say) has no registry and no object store.
    const registryProcess = registryJar ? track(await startRegistry(registryJar, paths.registry, paths.logs, home, ports.registry)) : null;
    const registry = registryProcess ? registryInfo(ports.registry) : undefined;
    const s3Process = s3Binary ? track(await startS3Server(s3Binary, paths.s3, paths.logs, config, ports.s3)) : null;
    const s3 = s3Process ? s3Info(config, ports.s3) : undefined;
    await Promise.all([
      waitKafkaReady(kafka, layout, kafkaPorts, config.clusterId, deadline, signal).then(() => progress(`Kafka ready (${took()})`)),
      s3Process && s3 && waitS3Ready(s3Process, s3, deadline, signal).then(() => progress(`S3 ready, bucket ${s3.bucket} (${took()})`)),
      registryProcess && registry && waitRegistryReady(registryProcess, registry, deadline, signal).then(() => progress(`Schema registry ready (${took()})`)),
      launchParts(parts, track, deadline, progress, took),
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
      ...(registry ? { registry } : {}),
      ...(s3 ? { s3 } : {}),
      processes: started,
    };
    for (const part of parts) part.addTo(info);
    writeState(info);
    clearStarting(home);
    return info;
  } catch (error) {
    failed.abort();
    if (!adding) {
      await terminate(started, 5_000);
      removeState(home);
      clearStarting(home);
    }
    if (error instanceof LabError || opts.signal?.aborted) throw error;
    throw new LabError(`Lab start failed: ${(error as Error).message}`, 'START_FAILED');
  } finally {
    release();
  }
}
