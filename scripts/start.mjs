// `npm start`: the desktop window when Electron can run here, otherwise browser mode, saying why.
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

const build = spawnSync(process.execPath, [`${root}/scripts/build.mjs`], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

function electronBinary() {
  const installer = `${root}/node_modules/electron/install.js`;
  const find = () => {
    try {
      const path = require('electron'); // the package exports the binary's path, or throws if absent
      return typeof path === 'string' && existsSync(path) ? path : null;
    } catch {
      return null;
    }
  };
  if (find()) return { path: find() };
  if (!existsSync(installer)) return { why: 'the electron package is not installed' };
  // npm install skips lifecycle scripts (.npmrc), so the binary is fetched here, on first start only.
  process.stderr.write('floe: fetching the Electron binary (first start only)…\n');
  const fetched = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  const path = find();
  if (path) return { path };
  const reason = (fetched.stderr?.toString().trim().split('\n').find((l) => /Error|error/.test(l)) ?? 'download failed').slice(0, 160);
  return { why: `the Electron binary could not be downloaded (${reason})` };
}

const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const electron = process.env.FLOE_BROWSER_MODE ? { why: 'FLOE_BROWSER_MODE is set' } : noDisplay ? { why: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' } : electronBinary();

const child = electron.path
  ? spawn(electron.path, [root], { stdio: 'inherit' })
  : (process.stderr.write(`floe: starting browser mode because ${electron.why}.\n`),
    spawn(process.execPath, [`${root}/out/node/cli.js`, 'serve', ...process.argv.slice(2)], { stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
