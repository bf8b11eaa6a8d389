import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
}

const offenders = (dir: string, forbidden: (spec: string) => boolean) =>
  sources(join(root, dir)).flatMap((f) => importsOf(f).filter(forbidden).map((spec) => `${relative(root, f)} imports ${spec}`));

const NODE_BUILTINS = /^(node:|fs$|path$|os$|child_process$|net$|tls$|http$|https$|crypto$|stream$|worker_threads$)/;

describe('layering', () => {
  it('the core never imports electron (it must run as plain Node)', () => {
    expect(offenders('electron/core', (s) => s === 'electron' || s.startsWith('electron/'))).toEqual([]);
  });

  it('the core, server, CLI and lab never import the Electron shell', () => {
    for (const dir of ['electron/core', 'electron/server', 'electron/cli'])
      expect(offenders(dir, (s) => s === 'electron' || /(^|\/)main\//.test(s) || /(^|\/)preload\//.test(s))).toEqual([]);
  });

  it('the renderer and shared/ never import Node or Electron', () => {
    for (const dir of ['renderer', 'shared']) expect(offenders(dir, (s) => NODE_BUILTINS.test(s) || s === 'electron' || s === 'ws')).toEqual([]);
  });
});

/** Packages a module reaches through static (non-type) imports, following relative imports: what loading it loads. */
function staticPackages(entry: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\bfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const spec = m[1] ?? '';
      if (!spec.startsWith('.')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      else visit(join(file, '..', `${spec}.ts`));
    }
  };
  visit(join(root, entry));
  return packages;
}

describe('start-up', () => {
  it('the CLI, the core process and the host load no heavy library until a command or a procedure needs it', () => {
    for (const entry of ['electron/cli/index.ts', 'electron/core/process-entry.ts', 'electron/core/host.ts'])
      expect([...staticPackages(entry)].filter((p) => !p.startsWith('node:') && p !== 'zod'), entry).toEqual([]);
  });

  it('decoding, encoding, fetching and filtering load a schema library, a codec or CEL only when a record or a filter needs it', () => {
    const files = ['decode/part-decoder.ts', 'messages/record-decoder.ts', 'produce/part-encoder.ts', 'kafka/partition-fetcher.ts', 'messages/messages-service.ts', 'messages/messages-handlers.ts', 'replay/replay-handlers.ts', 'messages/scan-worker.ts'];
    for (const file of files) expect([...staticPackages(`electron/core/${file}`)].filter((p) => !p.startsWith('node:')), file).toEqual([]);
    expect([...staticPackages('electron/cli/commands/follow.ts')].filter((p) => !p.startsWith('node:') && p !== 'zod'), 'follow.ts').toEqual([]);
  });
});
