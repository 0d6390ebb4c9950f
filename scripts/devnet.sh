#!/usr/bin/env bash
# The main job. Today: installs the toolchain, builds the contracts and every .NET project, and runs
# the contract suite against the real EVM. (The End-to-end issue turns this into `dvt devnet`.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/bootstrap.sh
echo "== building contracts"
bash scripts/forge.sh build
echo "== building the .NET solution"
dotnet build Dvt.sln -c Release -nologo -v q
echo "== contract suite"
bash scripts/forge.sh test --summary
