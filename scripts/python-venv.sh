#!/usr/bin/env bash
# usage: python-venv.sh NAME CHECK PIP_SPEC...
# Creates (once) a Python venv in ${FLOE_CACHE_DIR:-~/.cache/floe}/NAME with PIP_SPEC installed from PyPI,
# proves it with `python -c CHECK`, and prints the venv's python on stdout (everything else on stderr).
# Idempotent: with the same specs already installed it returns at once.
set -euo pipefail
NAME="$1"; CHECK="$2"; shift 2
CACHE="${FLOE_CACHE_DIR:-$HOME/.cache/floe}"
# One venv per set of specs: checkouts that pin different versions (branches, an older clone) each keep their own
# instead of rebuilding one shared venv back and forth under each other.
HASH="$(printf '%s\n' "$@" | sha256sum | cut -c1-12)"
VENV="$CACHE/$NAME-$HASH"
STAMP="$VENV/.floe-ready"

ready() { [[ -f "$STAMP" && -x "$VENV/bin/python" ]]; }
if ready; then
  echo "$VENV/bin/python"
  exit 0
fi

# One creator at a time (parallel test files, a CI script and a developer may all ask at once).
mkdir -p "$CACHE"
exec 9>"$VENV.lock"
flock 9
if ready; then
  echo "$VENV/bin/python"
  exit 0
fi

PY="${FLOE_PYTHON:-$(command -v python3)}"
echo "$NAME: creating $VENV with $("$PY" --version 2>&1): $*" >&2
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@" >&2
"$VENV/bin/python" -c "$CHECK" >&2
touch "$STAMP"
echo "$VENV/bin/python"
