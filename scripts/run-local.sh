#!/usr/bin/env bash
# Starts the whole local stack in one JVM: dynalite, the local gateway with the real handlers, the core(s) with the
# demo engine, and the demo page. Prints the URLs, a token and copy-paste examples; Ctrl-C stops everything.
# Usage: scripts/run-local.sh [--cores N] [--help]   (settings: SG_* variables, see README "Configuration")
# `make run` builds first; run this directly after `./mvnw -DskipTests install` (or `make build`).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=$(scripts/find-jdk.sh) || exit 1
jar=$(ls modules/launcher/target/streamgate-launcher-*-all.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ]; then
  echo "error: modules/launcher/target/streamgate-launcher-*-all.jar not found: run 'make run' (or 'make build') first" >&2
  exit 1
fi
if [ -z "${SG_DYNAMODB_ENDPOINT:-}" ]; then
  scripts/install-tools.sh
fi
# exec: the JVM gets Ctrl-C directly and its shutdown hook stops the gateway, the cores and dynalite
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Daws.disableEc2Metadata=true \
  ${SG_JAVA_OPTS:-} -jar "$jar" "$@"
