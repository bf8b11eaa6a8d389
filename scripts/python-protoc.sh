#!/usr/bin/env bash
# The venv with protoc (grpcio-tools bundles the reference compiler and Google's well-known .proto files): the
# oracle for Floe's .proto text → FileDescriptorProto conversion, and the descriptors the Python rule oracle builds
# its message classes from. Prints its python; made once (see python-venv.sh).
exec bash "$(dirname "$0")/python-venv.sh" py-protoc \
  'import grpc_tools.protoc, google.protobuf; print("grpcio-tools ok")' \
  "grpcio-tools==${FLOE_GRPCIO_TOOLS_VERSION:-1.85.1}" 'protobuf==7.36.2'
