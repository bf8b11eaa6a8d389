#!/usr/bin/env bash
# The venv whose DuckDB 1.4.4 + iceberg extension is a second opinion on Floe's lake reader (beside pyiceberg).
# The extension comes from PyPI inside duckdb-ext-iceberg (and the avro extension it needs from duckdb-ext-avro;
# httpfs from duckdb-ext-httpfs reads tables on S3):
# loaded from the installed files, never downloaded at run time (see test/fixtures/lake/duckdb_scan.py).
# pytz: DuckDB hands TIMESTAMPTZ values to Python through it.
# Prints its python; made once (see python-venv.sh).
FIXTURES="$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/lake"
# The check runs the scanner as a script would run: its own folder first on sys.path (it imports canon.py beside it).
exec bash "$(dirname "$0")/python-venv.sh" py-duckdb \
  "import runpy, sys; sys.path.insert(0, '$FIXTURES'); sys.argv = ['duckdb_scan.py', '--check']; runpy.run_path('$FIXTURES/duckdb_scan.py', run_name='__main__')" \
  "duckdb==${FLOE_DUCKDB_VERSION:-1.4.4}" "duckdb-ext-iceberg==${FLOE_DUCKDB_VERSION:-1.4.4}.*" "duckdb-ext-avro==${FLOE_DUCKDB_VERSION:-1.4.4}.*" "duckdb-ext-httpfs==${FLOE_DUCKDB_VERSION:-1.4.4}.*" "pytz"
