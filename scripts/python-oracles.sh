#!/usr/bin/env bash
# The venv whose pyiceberg builds Iceberg fixtures and scans them as the oracle for Floe's lake reader.
# Prints its python; made once (see python-venv.sh).
exec bash "$(dirname "$0")/python-venv.sh" py-oracles \
  'import pyiceberg, pyarrow, sqlalchemy; print("pyiceberg", pyiceberg.__version__, "pyarrow", pyarrow.__version__)' \
  "pyiceberg[sql-sqlite,pyarrow]==${FLOE_PYICEBERG_VERSION:-0.11.1}"
