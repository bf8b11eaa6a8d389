import { ensureConnectDist } from './connect-dist';
import { connectInfo, connectLayout, prepareConnect, startConnect, waitConnectReady } from './connect';
import type { LabConfig, PortName } from './lab-config';
import type { LabPaths } from './paths';
import { hostPort } from './ports';
import { postgresInfo, postgresLayout, preparePostgres, startPostgres, waitPostgresReady } from './postgres';
import type { LabInfo, LabProcess, StartLabOptions } from './types';

/** The lab's optional parts: started with the lab when asked for, or added to a lab that runs without them. */
export type PartName = 'connect' | 'postgres';

export const PART_PORTS: Record<PartName, PortName> = { connect: 'connect', postgres: 'postgres' };

export function wantedParts(opts: Pick<StartLabOptions, 'connect' | 'cdc'>): PartName[] {
  const parts: PartName[] = [];
  if (opts.connect || opts.cdc) parts.push('connect');
  if (opts.cdc) parts.push('postgres');
  return parts;
}

export const missingParts = (info: LabInfo, wanted: PartName[]) => wanted.filter((part) => !info[part]);

export interface PartContext {
  home: string;
  paths: LabPaths;
  cache: string;
  /** With the parts' secrets (see withPartSecrets). */
  config: LabConfig;
  ports: Partial<Record<PortName, number>>;
  progress: (line: string) => void;
  signal: AbortSignal;
}

/** A prepared part: what starts it, when it is ready, and what it adds to LabInfo. */
export interface PreparedPart {
  name: PartName;
  describe: string;
  launch(): Promise<LabProcess>;
  ready(proc: LabProcess, deadline: number): Promise<void>;
  addTo(info: LabInfo): void;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`lab part: ${what} is missing`);
  return value;
}

async function prepareConnectPart(ctx: PartContext): Promise<PreparedPart> {
  const port = required(ctx.ports.connect, 'the Connect port');
  const credentials = required(ctx.config.connect, 'the Connect credentials');
  const bootstrap = hostPort(required(ctx.ports.plaintext, 'the Kafka port'));
  const dist = await ensureConnectDist(ctx.cache, ctx.progress, ctx.signal);
  const layout = connectLayout(`${ctx.home}/connect`, ctx.paths.logs);
  prepareConnect(layout, dist, bootstrap, port, credentials, { postgresPassword: required(ctx.config.postgres, 'the PostgreSQL password').password });
  const info = connectInfo(port, credentials, layout);
  return {
    name: 'connect',
    describe: `Kafka Connect on ${hostPort(port)}`,
    launch: () => startConnect(layout, dist, ctx.home),
    ready: (proc, deadline) => waitConnectReady(proc, layout, info, ctx.config.clusterId, deadline, ctx.signal),
    addTo: (lab) => {
      lab.connect = info;
    },
  };
}

async function preparePostgresPart(ctx: PartContext): Promise<PreparedPart> {
  const port = required(ctx.ports.postgres, 'the PostgreSQL port');
  const password = required(ctx.config.postgres, 'the PostgreSQL password').password;
  const layout = postgresLayout(ctx.home, ctx.paths.logs);
  await preparePostgres(layout, ctx.signal);
  const info = postgresInfo(layout, port, password);
  return {
    name: 'postgres',
    describe: `PostgreSQL ${layout.install.version} on ${hostPort(port)}`,
    launch: () => startPostgres(layout, ctx.home, port),
    ready: (proc, deadline) => waitPostgresReady(proc, info, deadline, ctx.signal),
    addTo: (lab) => {
      lab.postgres = info;
      if (layout.note) lab.notes = [...(lab.notes ?? []).filter((n) => n !== layout.note), layout.note];
    },
  };
}

/** Resolves and configures the parts (jars, the cluster's initdb), in parallel with each other and whatever else the caller runs. */
export function prepareParts(names: PartName[], ctx: PartContext): Promise<PreparedPart[]> {
  return Promise.all(names.map((name) => (name === 'connect' ? prepareConnectPart(ctx) : preparePostgresPart(ctx))));
}
