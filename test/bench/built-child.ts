// A bench's child process built as the app's core is (Vite, the same settings as scripts/build.mjs), so what it
// measures is the shipped code: run from source through tsx the process carried the loader and its compiled copies
// of every module (~40 MB more RSS at start), and scan workers were the built ones only by an environment override.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Builds `entries` (name → source path from the repo root) into out/bench, with the scan worker beside them; returns the folder. */
export async function buildBenchChildren(entries: Record<string, string>): Promise<string> {
  const outDir = `${root}out/bench`;
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    define: { __FLOE_VERSION__: JSON.stringify('bench') },
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      rollupOptions: {
        input: { ...entries, 'scan-worker': 'electron/core/messages/scan-worker.ts' },
        external: ['electron'],
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
  return outDir;
}
