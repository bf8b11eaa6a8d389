#!/usr/bin/env bash
# Compiles the native modules npm left unbuilt (see native-modules.mjs); returns at once when they load.
exec node "$(dirname "$0")/native-modules.mjs"
