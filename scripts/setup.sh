#!/usr/bin/env bash
# Policy Playground: install everything the project needs, then build and serve the app at
# http://127.0.0.1:8080.
#
#   scripts/setup.sh             install what is missing, then serve (Ctrl-C to stop)
#   scripts/setup.sh --no-serve  install what is missing and stop (used by scripts/test.sh)
#
# Idempotent and quick when everything is present: each tool is checked first and only
# installed when missing or at the wrong version. Versions are pinned here and in
# Cargo.lock; Trunk is configured (Trunk.toml) to use these local tools and never
# download anything.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock, or the build fails.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
APT_PACKAGES=(chromium chromium-driver mesa-vulkan-drivers fonts-dejavu-core nodejs npm)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_apt_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Node may come from elsewhere than Debian (e.g. a preinstalled nodejs): do not fight it.
  if command -v node >/dev/null && command -v npm >/dev/null; then
    local keep=()
    for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || keep+=("$p"); done
    missing=("${keep[@]}")
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    log "Installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

install_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # No TLS features: these tools never download here (Trunk.toml sets offline = true),
  # and leaving TLS out roughly halves their build time.
  if ! trunk --version 2>/dev/null | grep -qF "$TRUNK_VERSION"; then
    log "Building Trunk $TRUNK_VERSION (several minutes, once)"
    cargo install --locked --no-default-features trunk --version "$TRUNK_VERSION"
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -qF "$WASM_BINDGEN_VERSION"; then
    log "Building wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
    # Without --locked: its lockfile pins a crate version the registry no longer has.
    cargo install --no-default-features --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

install_npm_packages() {
  for dir in tools tests/e2e; do
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      log "Installing npm packages in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
    fi
  done
}

install_apt_packages
install_rust_tools
install_npm_packages
log "Fetching crates (so Trunk can build offline)"
cargo fetch --quiet

if [ "${1:-}" = "--no-serve" ]; then
  log "Set up. Run scripts/setup.sh to serve the app, scripts/test.sh to test it."
  exit 0
fi

# Trunk takes the first wasm-opt on PATH whatever its version: ours (binaryen 132) first.
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
log "Building and serving Policy Playground at http://127.0.0.1:8080 (Ctrl-C stops)"
exec trunk serve
