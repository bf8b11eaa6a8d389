// A scan worker that stops on purpose, for the pool's tests: the real worker, its listener wrapped so each job is
// seen first. `crash.partition`'s jobs exit the thread while the shared counter is below `crash.times` (so "once" means a
// retry on a fresh worker succeeds); `hang.partition`'s jobs spin forever (only terminate() ends them).
import { parentPort, workerData } from 'node:worker_threads';
import type { ToWorker } from '../../../electron/core/messages/scan-worker-protocol';

export interface Faults {
  crash?: { partition: number; times: number; counter: SharedArrayBuffer };
  hang?: { partition: number };
}

const faults = (workerData as { faults: Faults }).faults;

function fault(m: ToWorker) {
  if (m.type !== 'job') return;
  const { crash, hang } = faults;
  if (crash && m.job.partition === crash.partition && Atomics.add(new Int32Array(crash.counter), 0, 1) < crash.times) process.exit(7);
  if (hang && m.job.partition === hang.partition) for (;;);
}

// The real worker's message listener, with the fault check in front of it.
const port = parentPort!;
const on = port.on.bind(port);
port.on = ((event: string, handler: (m: ToWorker) => void) => on(event, event === 'message' ? (m: ToWorker) => (fault(m), handler(m)) : handler)) as typeof port.on;
await import('../../../electron/core/messages/scan-worker');
