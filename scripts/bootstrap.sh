#!/usr/bin/env bash
# Installs the project's toolchain into .tools/ (ignored by git): anvil, forge and cast from npm,
# solcjs behind a native-solc shim for forge, and blst built from the npm tarball's C sources
# (an ADX build and a portable build); and, as root, Debian's chromium for the dashboard's browser test. Idempotent: each step leaves a stamp naming the pinned
# versions it installed, and is skipped while the stamp still matches scripts/versions.env.
#
# Usage: scripts/bootstrap.sh [--quiet]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1

say() { [ "$quiet" = 1 ] || printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=versions.env
. "$root/scripts/versions.env"

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed or not on PATH; $2"
}
need node "install Node.js 20 or newer (Debian: apt-get install nodejs npm)"
need npm "install npm (Debian: apt-get install npm)"
need gcc "install a C compiler (Debian: apt-get install gcc); blst is built from source"
need dotnet "install the .NET SDK ${DOTNET_MIN_MAJOR} or newer"
need tar "install tar"
need sha512sum "install coreutils"
dotnet_major="$(dotnet --version 2>/dev/null | cut -d. -f1)"
[ -n "$dotnet_major" ] && [ "$dotnet_major" -ge "$DOTNET_MIN_MAJOR" ] \
  || die "the .NET SDK is $(dotnet --version 2>/dev/null || echo unknown); version ${DOTNET_MIN_MAJOR} or newer is needed"
[ "$(uname -m)" = "x86_64" ] || die "only linux x86_64 is supported by this bootstrap (found $(uname -s) $(uname -m))"

mkdir -p "$tools/bin"

stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

# --- Foundry (anvil, forge, cast) and solcjs from npm -------------------------------------------
npm_dir="$tools/npm"
npm_stamp="$tools/npm.stamp"
npm_want="foundry=$FOUNDRY_VERSION solc=$SOLC_VERSION"
if ! stamp_ok "$npm_stamp" "$npm_want" || [ ! -x "$npm_dir/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil" ]; then
  say "installing anvil/forge/cast $FOUNDRY_VERSION and solc $SOLC_VERSION from npm"
  mkdir -p "$npm_dir"
  cat > "$npm_dir/package.json" <<EOF
{
  "name": "dvt-tools",
  "private": true,
  "dependencies": {
    "@foundry-rs/anvil": "$FOUNDRY_VERSION",
    "@foundry-rs/anvil-linux-amd64": "$FOUNDRY_VERSION",
    "@foundry-rs/forge": "$FOUNDRY_VERSION",
    "@foundry-rs/forge-linux-amd64": "$FOUNDRY_VERSION",
    "@foundry-rs/cast": "$FOUNDRY_VERSION",
    "@foundry-rs/cast-linux-amd64": "$FOUNDRY_VERSION",
    "solc": "$SOLC_VERSION"
  }
}
EOF
  (cd "$npm_dir" && npm install --no-audit --no-fund --loglevel=error >"$tools/npm-install.log" 2>&1) \
    || die "npm install failed (see $tools/npm-install.log): $(tail -n 3 "$tools/npm-install.log" | tr '\n' ' ')"
  echo "$npm_want" > "$npm_stamp"
fi

# Native binaries are linked directly: the node_modules/.bin wrappers would make node the
# process a test stops, not anvil itself.
for t in anvil forge cast; do
  bin="$npm_dir/node_modules/@foundry-rs/$t-linux-amd64/bin/$t"
  [ -x "$bin" ] || die "$t binary missing at $bin; delete $tools and run again"
  # Relative, so the links stay right when .tools is moved or reached through another path.
  ln -sfn "../npm/node_modules/@foundry-rs/$t-linux-amd64/bin/$t" "$tools/bin/$t"
done

# forge never downloads solc here: this shim makes solcjs answer like native solc.
solc_shim="$tools/bin/solc"
solc_stamp="$tools/solc.stamp"
if ! stamp_ok "$solc_stamp" "$SOLC_LONG_VERSION" || [ ! -x "$solc_shim" ]; then
  say "writing the solc shim for solcjs $SOLC_LONG_VERSION"
  cat > "$tools/bin/solc-shim.cjs" <<EOF
// Makes solcjs behave like the native solc command line for forge: --version and --standard-json.
const args = process.argv.slice(2);
if (args.includes('--version')) {
  // Printed without loading solcjs (0.35 s a load).
  process.stdout.write('solc, the solidity compiler commandline interface\nVersion: $SOLC_LONG_VERSION.Linux.g++\n', () => process.exit(0));
} else if (args.includes('--standard-json')) {
  const solc = require('$npm_dir/node_modules/solc');
  const chunks = [];
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', () => {
    const input = Buffer.concat(chunks).toString('utf8');
    const fs = require('fs');
    const path = require('path');
    const base = process.cwd();
    const findImports = (p) => {
      for (const candidate of [p, path.join(base, p)]) {
        try { return { contents: fs.readFileSync(candidate, 'utf8') }; } catch (e) { /* next */ }
      }
      return { error: 'File not found: ' + p };
    };
    const output = solc.compile(input, { import: findImports });
    // Exit only after stdout is flushed, else output is cut at 64 KiB.
    process.stdout.write(output, () => process.exit(0));
  });
} else {
  process.stderr.write('solc shim: only --version and --standard-json are supported\n');
  process.exit(2);
}
EOF
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$tools/bin/solc-shim.cjs" > "$solc_shim"
  chmod +x "$solc_shim"
  echo "$SOLC_LONG_VERSION" > "$solc_stamp"
fi

# --- blst from the npm tarball ------------------------------------------------------------------
blst_dir="$tools/blst"
blst_stamp="$tools/blst.stamp"
blst_want="$BLST_NPM_PACKAGE@$BLST_NPM_VERSION blst=$BLST_VERSION"
if ! stamp_ok "$blst_stamp" "$blst_want" || [ ! -f "$blst_dir/libblst-adx.so" ] || [ ! -f "$blst_dir/libblst-portable.so" ]; then
  say "building blst $BLST_VERSION from $BLST_NPM_PACKAGE@$BLST_NPM_VERSION"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack "$BLST_NPM_PACKAGE@$BLST_NPM_VERSION" --loglevel=error >pack.log 2>&1) \
    || die "npm pack $BLST_NPM_PACKAGE@$BLST_NPM_VERSION failed: $(tail -n 3 "$work/pack.log" | tr '\n' ' ')"
  tarball="$(ls "$work"/*.tgz 2>/dev/null | head -n 1)"
  [ -n "$tarball" ] || die "npm pack produced no tarball for $BLST_NPM_PACKAGE@$BLST_NPM_VERSION"
  got="sha512-$(sha512sum "$tarball" | cut -d' ' -f1 | xxd -r -p | base64 -w0)"
  [ "$got" = "$BLST_NPM_INTEGRITY" ] \
    || die "integrity mismatch for $BLST_NPM_PACKAGE@$BLST_NPM_VERSION: expected $BLST_NPM_INTEGRITY, got $got"
  tar -xzf "$tarball" -C "$work"
  src="$work/package/blst"
  [ -f "$src/build.sh" ] || die "the tarball has no package/blst/build.sh"
  # The vendored release is named in the Rust binding's manifest; refuse anything else.
  found_version="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$src/bindings/rust/Cargo.toml" | head -n 1)"
  [ "$found_version" = "$BLST_VERSION" ] \
    || die "blst version in the tarball is '${found_version:-unknown}', expected $BLST_VERSION"
  mkdir -p "$blst_dir"
  for flavour in adx portable; do
    flag="-D__ADX__"; [ "$flavour" = portable ] && flag="-D__BLST_PORTABLE__"
    rm -rf "$work/build-$flavour" && cp -r "$src" "$work/build-$flavour"
    (cd "$work/build-$flavour" && sh build.sh -shared "$flag" >build.log 2>&1) \
      || die "building blst ($flavour) failed: $(tail -n 5 "$work/build-$flavour/build.log" | tr '\n' ' ')"
    cp "$work/build-$flavour/libblst.so" "$blst_dir/libblst-$flavour.so"
  done
  cp "$src/bindings/blst.h" "$src/bindings/blst_aux.h" "$blst_dir/"
  echo "$blst_want" > "$blst_stamp"
  rm -rf "$work"; trap - EXIT
fi

# --- Chromium for the dashboard's browser test ---------------------------------------------------
# Debian's package, driven by Playwright through executablePath (Playwright's own browser download is never used).
# Installed only when missing; as root (CI, this project's machines) with apt-get, else the test says what to run.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing chromium with apt-get (the dashboard's browser test)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq chromium >"$tools/apt-chromium.log" 2>&1 \
      || { apt-get update -qq >>"$tools/apt-chromium.log" 2>&1 && apt-get install -y -qq chromium >>"$tools/apt-chromium.log" 2>&1; } \
      || die "apt-get install chromium failed (see $tools/apt-chromium.log): $(tail -n 3 "$tools/apt-chromium.log" | tr '\n' ' ')"
  else
    say "chromium is not installed: the dashboard's browser test needs it (as root: apt-get install chromium)"
  fi
fi

say "ready: $tools/bin/{anvil,forge,cast,solc}, $blst_dir/libblst-{adx,portable}.so"
