import { labHome } from './paths';
import { portAnswers, portOf } from './ports';
import { terminate } from './processes';
import { allAlive, readState, removeState } from './state';
import type { LabInfo } from './types';

/** Every address a running lab must answer on. */
export function labPorts(info: LabInfo): number[] {
  const addresses = [info.kafka.plaintext, info.kafka.saslScram, info.kafka.ssl, info.kafka.mtls, info.registry?.url, info.s3?.endpoint, info.connect?.url];
  return [...addresses.filter((a): a is string => !!a).map(portOf), ...(info.postgres ? [info.postgres.port] : [])];
}

/** Cheap, synchronous, no network: the recorded lab if its processes still run, else null. */
export function readLabState(home: string = labHome()): LabInfo | null {
  const info = readState(home);
  return info && allAlive(info) ? info : null;
}

/** The running lab, or null unless every process is alive and every port answers. */
export async function labStatus(opts: { home?: string } = {}): Promise<LabInfo | null> {
  const info = readLabState(opts.home ?? labHome());
  if (!info) return null;
  const answers = await Promise.all(labPorts(info).map((port) => portAnswers(port, 1500)));
  return answers.every(Boolean) ? info : null;
}

/** SIGTERM every lab process, SIGKILL after a grace period, forget the state. False if nothing ran. */
export async function stopLab(opts: { home?: string } = {}): Promise<boolean> {
  const home = opts.home ?? labHome();
  const info = readState(home);
  if (!info) return false;
  const ours = info.processes.filter((p) => allAlive({ ...info, processes: [p] }));
  await terminate(ours);
  removeState(home);
  return ours.length > 0;
}
