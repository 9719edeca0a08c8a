#!/usr/bin/env bash
# Installs the Node-based tools the build uses (today: dynalite, the DynamoDB emulator) from the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1; then
  echo "error: Node.js >= 20 is needed for the DynamoDB emulator; install it (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
dir=tools/dynalite
if [ ! -d "$dir/node_modules/dynalite" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
