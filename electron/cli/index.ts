import '../core/util/quiet-warnings';
import { runCli } from './main';

/** Resolves when stdout has room again, or can take nothing more (closed by its reader: then there is nothing to wait for). */
function stdoutDrained(): Promise<void> {
  const stdout = process.stdout;
  if (!stdout.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stdout.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stdout.on('drain', done).on('close', done).on('error', done);
  });
}

const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  drained: stdoutDrained,
});
process.exitCode = code;
