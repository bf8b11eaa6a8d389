#!/usr/bin/env bash
# Builds better-sqlite3's native addon (the SQL catalog's driver) from source against this Node's own headers.
# .npmrc turns install scripts off and no prebuilt binary can be downloaded here, so `npm install`/`npm ci`
# leave it unbuilt. Idempotent: returns at once when the addon already loads.
set -euo pipefail
cd "$(dirname "$0")/.."
if node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then exit 0; fi
NODE_PREFIX="$(dirname "$(dirname "$(command -v node)")")"
echo "build-native: compiling better-sqlite3 against $NODE_PREFIX/include/node (about a minute)" >&2
npm_config_nodedir="$NODE_PREFIX" npm rebuild better-sqlite3 --ignore-scripts=false >&2
node -e "new (require('better-sqlite3'))(':memory:').close()"
