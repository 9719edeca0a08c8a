#!/usr/bin/env sh
# Runs the CDK app for the cdk CLI (cdk.json "app"): infra's compiled classes plus the class path Maven wrote.
set -eu
cd "$(dirname "$0")"
if [ ! -f target/classpath.txt ] || [ ! -d target/classes ]; then
  echo "error: infra is not built: run \`make build\` at the repository root first" >&2
  exit 1
fi
JAVA_HOME=$(../scripts/find-jdk.sh) || exit 1
exec "$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/classpath.txt)" dev.streamgate.infra.StreamgateApp
