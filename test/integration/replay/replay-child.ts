// A replay in its own process, for kill -9 tests: `tsx replay-child.ts <labHome> <dataDir> <jobId> [stallAtCommit]`,
// with FLOE_TEST_SECRET_KEY (hex) the data folder's secret key when its profiles hold secrets.
// Prints one JSON line per committed transaction; with stallAtCommit=N it stops before the N-th commit (its
// records sent, the transaction open) and prints "stalled", waiting to be killed. One fetch per transaction, so
// a short replay commits several.
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { createHost } from '../../../electron/core/host';

const [labHome, dataDir, id, stall] = process.argv.slice(2) as [string, string, string, string | undefined];
const host = createHost({ dataDir, secretKey: { key: process.env.FLOE_TEST_SECRET_KEY ? Buffer.from(process.env.FLOE_TEST_SECRET_KEY, 'hex') : randomBytes(32), source: 'test' }, mode: 'test', version: 'test', labHome });
let commits = 0;
const beforeCommit = async () => {
  if (stall !== undefined && ++commits >= Number(stall)) {
    process.stdout.write('stalled\n');
    await new Promise(() => undefined);
  }
};
(await host.replay())
  .run(id, (job) => process.stdout.write(`${JSON.stringify({ sent: job.progress.sent, read: job.progress.read })}\n`), undefined, { beforeCommit, txnMaxBytes: 1 })
  .then(
    // Written synchronously: the process exits right after.
    (job) => writeSync(1, `done ${job.progress.sent}\n`),
    (e: Error) => writeSync(1, `error ${e.message}\n`),
  )
  .finally(() => void host.dispose().then(() => process.exit(0)));
