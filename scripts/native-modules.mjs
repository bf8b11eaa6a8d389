// Native modules that ship no binary for this Node: npm skips lifecycle scripts here (.npmrc, so that
// electron's download never decides whether `npm install` works), so they are compiled on first build
// instead, once, from the sources npm installed (needs python3, make and a C++ compiler).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(`${root}/package.json`);

const MODULES = [{ name: 'better-sqlite3', check: (m) => new m(':memory:').close() }];

function loads(name, check) {
  try {
    check(require(name));
    return null;
  } catch (error) {
    return error.message.split('\n')[0];
  }
}

export function ensureNativeModules() {
  for (const { name, check } of MODULES) {
    if (loads(name, check) === null) continue;
    process.stderr.write(`floe: compiling ${name} for Node ${process.version} (first build only, about a minute)…\n`);
    // This Node's own headers (<prefix>/include/node): node-gyp would otherwise try to download them.
    const env = { ...process.env, npm_config_nodedir: dirname(dirname(process.execPath)) };
    const rebuilt = spawnSync('npm', ['rebuild', name, '--ignore-scripts=false'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const still = loads(name, check);
    if (still !== null) {
      const why = rebuilt.stderr?.split('\n').filter((l) => /error/i.test(l)).slice(-3).join(' | ') || still;
      throw new Error(`${name} could not be compiled (${why}); install python3, make and g++, then run \`npm rebuild ${name} --ignore-scripts=false\``);
    }
  }
}

// `node scripts/native-modules.mjs`: the same check and compile on its own (tests and benches call it).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureNativeModules();
