// A second Kafka cluster for cross-cluster tests: a Kafka-only lab (no registry, no object store, one more JVM)
// beside the test lab. With FLOE_TEST_LAB_HOME it lives in "<that>-second" and stays up between runs (stop it with
// `FLOE_LAB_HOME=<that>-second floe lab down`); without, it gets a temp home and stops with the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labStatus, startLab, stopLab, type LabInfo } from '../../electron/lab';

export async function secondCluster(): Promise<{ lab: LabInfo; stop(): Promise<void> }> {
  const kept = process.env.FLOE_TEST_LAB_HOME;
  const home = kept ? `${kept}-second` : mkdtempSync(join(tmpdir(), 'floe-lab-second-'));
  const log = (line: string) => process.stderr.write(`[second cluster] ${line}\n`);
  const lab = (await labStatus({ home })) ?? (await startLab({ home, kafkaOnly: true, onProgress: log }));
  return {
    lab,
    stop: async () => {
      if (kept) return;
      await stopLab({ home });
      rmSync(home, { recursive: true, force: true });
    },
  };
}
