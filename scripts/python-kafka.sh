#!/usr/bin/env bash
# The venv whose confluent-kafka (librdkafka plus Confluent's Avro, Protobuf and JSON Schema serializers)
# produces records for the browse tests as an independent client. Prints its python; made once (see python-venv.sh).
exec bash "$(dirname "$0")/python-venv.sh" py-kafka \
  'import confluent_kafka, fastavro, google.protobuf, jsonschema; print("confluent-kafka", confluent_kafka.version())' \
  "confluent-kafka[avro,json,protobuf]==${FLOE_CONFLUENT_KAFKA_VERSION:-2.16.1}"
