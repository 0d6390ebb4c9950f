#!/usr/bin/env bash
# The main job: installs the toolchain, builds everything, and runs `dvt devnet`: a local dvt network
# (anvil, the registry, four coordinator processes) that signs a stream of duties through the
# coordinators' Web3Signer API and checks every promise of the design one by one (threshold signing
# with f operators down, the recovery key with f+1 down and nothing slashable, restart, reshare on an
# operator's exit, shares deleted on a validator's exit, back to solo below n operators).
# Exit code 0 only if every check held. Arguments go to `dvt devnet` (--operators 7, --profile short, ...);
# the JSON report goes to .devnet/report.json unless --report is given.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/bootstrap.sh
echo "== building the .NET solution (and the contracts, through the bindings project)"
dotnet build Dvt.sln -c Release -nologo -v q
args=("$@")
case " $* " in *" --report "*) ;; *) args+=(--report "$root/.devnet/report.json");; esac
echo "== dvt devnet ${args[*]}"
exec dotnet "$root/src/Dvt.Coordinator/bin/Release/net10.0/dvt.dll" devnet "${args[@]}"
