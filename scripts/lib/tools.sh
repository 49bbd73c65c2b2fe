# Installs, idempotently, every tool the project needs; sourced by scripts/run and scripts/test.
# Each `ensure_*` checks first and does nothing when the right version is already there.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TRUNK_VERSION=0.21.14
export TRUNK_SKIP_VERSION_CHECK=true
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown && return
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

ensure_trunk() {
  trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION" && return
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  # 0.22 needs a newer rustc than this toolchain; --locked keeps its own deps reproducible.
  cargo install trunk --version "$TRUNK_VERSION" --locked
}

# Trunk only uses a wasm-bindgen whose version equals the one in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_bindgen() {
  local want
  want=$(wasm_bindgen_version)
  wasm-bindgen --version 2>/dev/null | grep -q " $want\$" \
    && wasm-bindgen-test-runner --version 2>/dev/null | grep -q " $want\$" && return
  say "installing wasm-bindgen-cli $want (a couple of minutes, once)"
  # Not --locked: its lockfile pins a webpki-roots version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$want" --force
}

ensure_wasm_opt() {
  if [ -x "$ROOT/tools/node_modules/.bin/wasm-opt" ] \
    && (cd "$ROOT/tools" && npm ls binaryen >/dev/null 2>&1); then
    return
  fi
  say "installing wasm-opt (npm binaryen)"
  (cd "$ROOT/tools" && npm ci --no-audit --no-fund)
}

ensure_chromium() {
  command -v chromium >/dev/null && command -v chromedriver >/dev/null && return
  say "installing Chromium and ChromeDriver from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
}

ensure_e2e_deps() {
  if (cd "$ROOT/tests/e2e" && npm ls --depth=0 >/dev/null 2>&1); then
    return
  fi
  say "installing Playwright and axe-core (npm ci)"
  (cd "$ROOT/tests/e2e" && npm ci --no-audit --no-fund)
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_wasm_opt
  # Offline Trunk runs `cargo build --offline`: everything must be fetched beforehand.
  (cd "$ROOT" && cargo fetch --locked >/dev/null)
}

ensure_test_tools() {
  ensure_build_tools
  ensure_chromium
  ensure_e2e_deps
}

build_app() {
  say "building the app (trunk build --release)"
  (cd "$ROOT" && trunk build --release)
}

# Prints the size of the release bundle (raw, gzip, brotli), as browsers download it.
report_bundle_size() {
  (cd "$ROOT/dist" && node -e '
    const fs = require("fs"), zlib = require("zlib");
    const rows = fs.readdirSync(".").filter((f) => /\.(wasm|js|css)$/.test(f)).map((f) => {
      const raw = fs.readFileSync(f);
      const gz = zlib.gzipSync(raw, { level: 9 }).length;
      const br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      return [f.replace(/-[0-9a-f]{8,}/, ""), raw.length, gz, br];
    });
    const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KB";
    for (const [f, raw, gz, br] of rows) console.log(`    ${f.padEnd(28)} raw${kb(raw)}  gzip${kb(gz)}  brotli${kb(br)}`);
  ')
}
