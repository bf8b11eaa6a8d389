#!/usr/bin/env bash
# Creates (once) the Python venv whose confluent-kafka (librdkafka plus Confluent's Avro, Protobuf and
# JSON Schema serializers) produces records for the browse tests as an independent client.
# Idempotent; prints the venv's python path on stdout, everything else on stderr.
set -euo pipefail

CACHE="${FLOE_CACHE_DIR:-$HOME/.cache/floe}"
VENV="$CACHE/py-kafka"
VERSION="${FLOE_CONFLUENT_KAFKA_VERSION:-2.16.1}"
STAMP="$VENV/.floe-kafka-$VERSION"

if [[ -f "$STAMP" && -x "$VENV/bin/python" ]]; then
  echo "$VENV/bin/python"
  exit 0
fi

PY="${FLOE_PYTHON:-$(command -v python3)}"
mkdir -p "$CACHE"
echo "python-kafka: creating $VENV with $("$PY" --version 2>&1)" >&2
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "confluent-kafka[avro,json,protobuf]==$VERSION" >&2
"$VENV/bin/python" -c 'import confluent_kafka, fastavro, google.protobuf, jsonschema; print("confluent-kafka", confluent_kafka.version())' >&2
touch "$STAMP"
echo "$VENV/bin/python"
