// One build tool (Vite) for every piece: the renderer, the Node side (CLI, browser-mode server,
// the core's process entry, Electron main) and the sandboxed preload (CommonJS, as sandbox requires).
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureNativeModules } from './native-modules.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
const define = { __FLOE_VERSION__: JSON.stringify(version) };
const quiet = { logLevel: process.env.FLOE_BUILD_VERBOSE ? 'info' : 'warn', configFile: false, define };
const started = Date.now();
ensureNativeModules();

await build({
  ...quiet,
  root: `${root}/renderer`,
  base: './',
  plugins: [react()],
  build: { outDir: `${root}/out/renderer`, emptyOutDir: true, chunkSizeWarningLimit: 4000, sourcemap: true },
});

const node = (entries, outDir, format = 'es') =>
  build({
    ...quiet,
    root,
    build: {
      ssr: true,
      outDir: `${root}/${outDir}`,
      emptyOutDir: true,
      target: 'node20',
      sourcemap: true,
      rollupOptions: {
        input: entries,
        external: ['electron'],
        // Chunks (what each CLI command and host room loads on first use) sit beside their entry, so paths
        // relative to import.meta.url (e.g. out/renderer from `floe serve`) are the same in every file.
        output: { format, entryFileNames: format === 'cjs' ? '[name].cjs' : '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });

// scan-worker: the scan's decode/filter thread, found next to the bundle by scan-worker-pool.ts.
await node({ cli: 'electron/cli/index.ts', 'core-process': 'electron/core/process-entry.ts', 'scan-worker': 'electron/core/messages/scan-worker.ts' }, 'out/node');
await node({ main: 'electron/main/main.ts' }, 'out/main');
await node({ preload: 'electron/preload/preload.ts' }, 'out/preload', 'cjs');
console.log(`floe: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
