#!/usr/bin/env node
// The `floe` command. Builds once if the build output is missing (e.g. right after `npm install`).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}/out/node/cli.js`;
if (!existsSync(cli)) {
  process.stderr.write('floe: first run, building (a few seconds)…\n');
  const result = spawnSync(process.execPath, [`${root}/scripts/build.mjs`], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import(cli);
