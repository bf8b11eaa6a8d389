// Starts one real lab (Kafka KRaft, schema registry, S3 server) for the test run and hands its
// LabInfo to the tests: `inject('lab')`, or JSON in FLOE_TEST_LAB_JSON for code outside vitest.
//
// FLOE_TEST_LAB_HOME=<folder> keeps a lab between runs: a lab already running there is reused
// and left running; if none runs, one is started there and also left running (stop it with
// `FLOE_LAB_HOME=<folder> floe lab down`). Without it, each run gets a fresh temp lab.
//
// Kafka Connect and PostgreSQL cost the lab's start, so tests that need them add them on first use
// (connect-fixtures.ts: labWithConnect, labWithCdc). FLOE_TEST_LAB_CONNECT=1 or FLOE_TEST_LAB_CDC=1
// starts them with the lab instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { labStatus, startLab, stopLab, type LabInfo } from '../../electron/lab';

declare module 'vitest' {
  export interface ProvidedContext {
    lab: LabInfo;
  }
}

interface SharedLab {
  users: number;
  lab: Promise<{ info: LabInfo; owned: boolean }>;
}

// The integration and e2e projects both list this file and vitest loads it once per project:
// share one lab through globalThis and stop it when the last project tears down.
const KEY = Symbol.for('floe.test.lab');
const registry = globalThis as unknown as Record<symbol, SharedLab | undefined>;

const log = (line: string) => process.stderr.write(`[lab] ${line}\n`);

const parts = { connect: process.env.FLOE_TEST_LAB_CONNECT === '1', cdc: process.env.FLOE_TEST_LAB_CDC === '1' };

async function bringUp(): Promise<{ info: LabInfo; owned: boolean }> {
  const kept = process.env.FLOE_TEST_LAB_HOME;
  if (kept) {
    const running = await labStatus({ home: kept });
    if (running && (!parts.connect || running.connect) && (!parts.cdc || running.postgres)) {
      log(`reusing the lab in ${kept}`);
      return { info: running, owned: false };
    }
    log(`starting a lab in ${kept}; it stays up after the run`);
    return { info: await startLab({ home: kept, ...parts, onProgress: log }), owned: false };
  }
  const home = mkdtempSync(join(tmpdir(), 'floe-lab-'));
  const started = performance.now();
  const info = await startLab({ home, ...parts, onProgress: log });
  log(`up in ${((performance.now() - started) / 1000).toFixed(1)} s (${home})`);
  return { info, owned: true };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let shared = registry[KEY];
  if (!shared) {
    shared = { users: 0, lab: bringUp() };
    registry[KEY] = shared;
  }
  shared.users++;
  const { info } = await shared.lab.catch((error: unknown) => {
    registry[KEY] = undefined;
    throw error;
  });
  project.provide('lab', info);
  process.env.FLOE_TEST_LAB_JSON = JSON.stringify(info);

  return async () => {
    const current = registry[KEY];
    if (!current || --current.users > 0) return;
    registry[KEY] = undefined;
    const { info: lab, owned } = await current.lab;
    if (!owned) return;
    await stopLab({ home: lab.home });
    rmSync(lab.home, { recursive: true, force: true });
  };
}
