#!/usr/bin/env bash
# Runs every test: the Foundry suite (unit, fuzz, invariant) and every dotnet test project.
# Installs the toolchain first (idempotent). Ends with one line: "N passed, N failed[, N skipped]",
# counting forge and dotnet tests together; exits non-zero when any test failed or a runner broke.
#
# Usage: scripts/test.sh [--filter EXPR]   (EXPR is passed to dotnet test --filter; forge runs in full)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
filter=""
if [ "${1:-}" = "--filter" ]; then filter="${2:-}"; fi

bash scripts/bootstrap.sh || exit 1

logs="$root/.tools/test-logs"
rm -rf "$logs" && mkdir -p "$logs"
passed=0; failed=0; skipped=0; broken=0

# --- Foundry ----------------------------------------------------------------------------------
echo "== forge test"
bash scripts/forge.sh test 2>&1 | tee "$logs/forge.log"
forge_rc=${PIPESTATUS[0]}
# forge prints: "Ran N test suites in ...: A tests passed, B failed, C skipped (T total tests)"
line="$(grep -E 'tests? passed, [0-9]+ failed, [0-9]+ skipped' "$logs/forge.log" | tail -n 1)"
if [ -n "$line" ]; then
  fp=$(sed -E 's/.* ([0-9]+) tests? passed.*/\1/' <<<"$line")
  ff=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
  fs=$(sed -E 's/.* ([0-9]+) skipped.*/\1/' <<<"$line")
  passed=$((passed + fp)); failed=$((failed + ff)); skipped=$((skipped + fs))
fi
if [ "$forge_rc" -ne 0 ] && { [ -z "$line" ] || [ "${ff:-0}" -eq 0 ]; }; then
  echo "forge test exited $forge_rc without a failing test count: counted as one failure"
  broken=$((broken + 1))
fi

# --- dotnet -----------------------------------------------------------------------------------
echo "== dotnet build"
if ! dotnet build Dvt.sln -c Release -nologo -v q 2>&1 | tee "$logs/build.log" | grep -E 'error|Warn|Elapsed' ; then :; fi
if grep -qE ' error [A-Z]+[0-9]+' "$logs/build.log" || ! grep -q "Build succeeded" "$logs/build.log"; then
  echo "dotnet build failed: counted as one failure"
  broken=$((broken + 1))
else
  for proj in tests/*.Tests/*.csproj; do
    name="$(basename "$proj" .csproj)"
    echo "== dotnet test $name"
    args=(test "$proj" -c Release --no-build -nologo --logger "console;verbosity=minimal"
          --logger "trx;LogFileName=$name.trx" --results-directory "$logs")
    [ -n "$filter" ] && args+=(--filter "$filter")
    dotnet "${args[@]}" >"$logs/$name.log" 2>&1
    rc=$?
    grep -E '^\s+Failed |^\s+Skipped |Error Message:|Passed!|Failed!' -A3 "$logs/$name.log" | head -n 200
    # Counted from the TRX file: skipped tests are its notExecuted.
    trx="$logs/$name.trx"
    counters="$( [ -f "$trx" ] && grep -o '<Counters [^>]*>' "$trx" | head -n 1 )"
    if [ -n "$counters" ]; then
      attr() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }
      tp=$(attr passed); tf=$(( $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted) )); ts=$(attr notExecuted)
      passed=$((passed + tp)); failed=$((failed + tf)); skipped=$((skipped + ts))
      echo "   ($name: passed $tp, failed $tf, skipped $ts)"
    fi
    if [ "$rc" -ne 0 ] && { [ -z "$counters" ] || [ "${tf:-0}" -eq 0 ]; }; then
      echo "dotnet test $name exited $rc without a failing test count (see $logs/$name.log): counted as one failure"
      tail -n 20 "$logs/$name.log"
      broken=$((broken + 1))
    fi
    unset tf tp ts
  done
fi

failed=$((failed + broken))
echo
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
