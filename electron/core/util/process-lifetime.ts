// How a long-running Floe process (browser mode, the desktop core process) lives and ends.

type Log = (line: string) => void;

/**
 * An exception or rejection that nothing caught is logged and the process keeps serving its other clients.
 * Every entry point already catches what it throws; this is the net under them.
 */
export function keepServingOnUncaught(log: Log): void {
  const report = (what: string) => (e: unknown) => log(`${what} (still serving): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.on('uncaughtException', report('uncaught exception'));
  process.on('unhandledRejection', report('unhandled rejection'));
}

/** From the first SIGINT or SIGTERM to the end of the process, at most. */
export const STOP_DEADLINE_MS = 1_800;

/**
 * Waits for the first SIGINT (Ctrl+C) or SIGTERM, then runs `stop` and resolves. A second signal exits at once.
 * A process still alive STOP_DEADLINE_MS after the first signal (a handle nobody closed) names what is still
 * open and exits with 1; the timer does not itself keep the process alive.
 */
export function stopOnSignal(stop: () => Promise<void>, log: Log): Promise<void> {
  let signals = 0;
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (++signals > 1) {
        log(`${signal} again: exiting now`);
        process.exit(130);
      }
      setTimeout(() => {
        log(`still running ${STOP_DEADLINE_MS} ms after ${signal} (open: ${process.getActiveResourcesInfo().join(', ')}): exiting`);
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
      stop().then(resolve, (e: unknown) => {
        log(`stopping failed: ${e instanceof Error ? e.message : String(e)}`);
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
