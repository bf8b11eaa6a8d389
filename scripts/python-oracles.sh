#!/usr/bin/env bash
# Creates (once) the Python venv whose pyiceberg builds Iceberg fixtures and scans them as the oracle
# for Floe's lake reader. Idempotent: a second call with the venv in place returns in well under a second.
# Prints the venv's python path on stdout; everything else goes to stderr.
set -euo pipefail

CACHE="${FLOE_CACHE_DIR:-$HOME/.cache/floe}"
VENV="$CACHE/py-oracles"
PYICEBERG_VERSION="${FLOE_PYICEBERG_VERSION:-0.11.1}"
STAMP="$VENV/.floe-oracles-$PYICEBERG_VERSION"

if [[ -f "$STAMP" && -x "$VENV/bin/python" ]]; then
  echo "$VENV/bin/python"
  exit 0
fi

PY="${FLOE_PYTHON:-$(command -v python3)}"
mkdir -p "$CACHE"
echo "python-oracles: creating $VENV with $("$PY" --version 2>&1)" >&2
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  "pyiceberg[sql-sqlite,pyarrow]==$PYICEBERG_VERSION" >&2
"$VENV/bin/python" -c 'import pyiceberg, pyarrow, sqlalchemy; print("pyiceberg", pyiceberg.__version__, "pyarrow", pyarrow.__version__)' >&2
touch "$STAMP"
echo "$VENV/bin/python"
