#!/usr/bin/env bash
# The venv whose confluent-kafka (librdkafka plus Confluent's Avro, Protobuf and JSON Schema serializers,
# and its data-contract rule executors: CEL and CEL_FIELD on cel-python, JSONata on jsonata-python)
# produces records for the browse tests and is the oracle for Floe's rule tests. Prints its python;
# made once (see python-venv.sh). Only the rule extras the executors import are installed (the [rules]
# extra would add every cloud KMS client, which the encryption executors alone need).
exec bash "$(dirname "$0")/python-venv.sh" py-kafka \
  'import confluent_kafka, fastavro, google.protobuf, jsonschema, celpy, jsonata; import confluent_kafka.schema_registry.rules.cel.cel_executor, confluent_kafka.schema_registry.rules.cel.cel_field_executor, confluent_kafka.schema_registry.rules.jsonata.jsonata_executor; print("confluent-kafka", confluent_kafka.version())' \
  "confluent-kafka[avro,json,protobuf]==${FLOE_CONFLUENT_KAFKA_VERSION:-2.16.1}" \
  'cel-python==0.5.0' 'jsonata-python==0.7.1'
