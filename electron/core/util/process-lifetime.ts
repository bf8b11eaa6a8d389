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
