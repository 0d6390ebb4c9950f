#!/usr/bin/env bash
# Runs the bootstrap's forge with the solc shim; arguments pass through (e.g. scripts/forge.sh test).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/bootstrap.sh" --quiet
cd "$root"
export FOUNDRY_SOLC="$root/.tools/bin/solc" FOUNDRY_OFFLINE=true
exec "$root/.tools/bin/forge" "$@"
