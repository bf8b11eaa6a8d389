import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FloeError } from '../../../shared/errors';
import { parse } from '../args';
import { openCore } from '../context';
import { serveBrowserMode } from '../../server/serve';
import { keepServingOnUncaught, stopOnSignal } from '../../core/util/process-lifetime';
import type { Io } from '../output';

/** out/renderer beside out/node, where the build puts it. */
export function rendererDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

export const serveCommand = {
  summary: 'Browser mode: serve the UI on 127.0.0.1 with a per-launch token',
  usage: 'floe serve [--port N] [--json]',
  async run(argv: string[], io: Io): Promise<void> {
    const { values } = parse(argv, { port: { type: 'string' } });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FloeError('BAD_INPUT', `--port must be a port number, not "${values.port}"`);
    const dir = rendererDir();
    if (!existsSync(join(dir, 'index.html'))) throw new FloeError('NOT_FOUND', `The renderer is not built (${dir}): run \`npm run build\``);
    const log = (line: string) => io.err(`[floe] ${line}`);
    keepServingOnUncaught(log);
    const core = openCore('browser');
    // Landing jobs that were running when Floe last stopped run again in this server; interrupted replays go on.
    for (const id of await core.host.resumeJobs(log)) log(`resuming interrupted replay ${id}`);
    const server = await serveBrowserMode(core.host, { rendererDir: dir, port });
    if (values.json) io.out(JSON.stringify({ url: server.url, port: server.port }));
    else io.out(`Floe is running in browser mode: ${server.url}\n(only this machine can reach it; the token in the URL is required; Ctrl+C stops it)`);
    // Together: the port and every WebSocket close, every call in flight is aborted, every broker socket closes.
    await stopOnSignal(async () => {
      await Promise.all([server.close(), core.close()]);
    }, log);
  },
};
