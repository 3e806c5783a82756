#!/usr/bin/env bash
# Policy Playground: run every check, exactly as CI does (.ci/run calls this script).
#
#   1. formatting and clippy (native and wasm32, warnings denied)
#   2. native tests of every crate (cargo test), GPU kernels on Mesa's lavapipe
#   3. wasm tests in headless Chromium (wasm-bindgen-test)
#   4. the release web build (Trunk), its bundle-size budget
#   5. end-to-end tests in headless Chromium (Playwright), once with WebGPU and once without
#
# It first runs scripts/setup.sh --no-serve, which installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --no-serve

export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Mesa warns when it has no runtime dir; give it a private one.
XDG_RUNTIME_DIR="$(mktemp -d)"
export XDG_RUNTIME_DIR
export CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
started=$SECONDS

step "Formatting"
cargo fmt --all --check

step "Clippy, native"
cargo clippy --workspace --exclude playground-web --all-targets --quiet -- -D warnings
step "Clippy, wasm32"
cargo clippy --target wasm32-unknown-unknown -p playground-web -p playground-core -p playground-bandit -p playground-figure -p playground-nn -p playground-lm -p playground-pg -p playground-pref -p playground-pareto -p playground-constrained -p playground-bayesopt --quiet -- -D warnings

step "Native tests (GPU kernels on Mesa's lavapipe: a missing adapter is a failure here)"
PLAYGROUND_REQUIRE_GPU=1 cargo test --quiet

# The runner rejects cargo's --quiet, hence no -q. Each test binary runs in its crate's
# folder, whose webdriver.json sets Chromium's flags (crates/nn adds WebGPU).
step "Wasm tests in headless Chromium (the web crate's unit tests, bit-identity with native)"
cargo test --target wasm32-unknown-unknown -p playground-web --lib --test browser
step "Wasm GPU tests in headless Chromium (WebGPU through SwiftShader)"
# PLAYGROUND_REQUIRE_GPU (read when the test compiles): a WebGPU that does not open fails
# here instead of skipping the comparisons.
PLAYGROUND_REQUIRE_GPU=1 cargo test --target wasm32-unknown-unknown -p playground-nn --test browser_gpu

step "Release build of the web app"
trunk build --quiet
node scripts/bundle-report.mjs --check

step "End-to-end tests in headless Chromium"
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/

printf '\n\033[1mAll checks passed in %d s.\033[0m\n' $((SECONDS - started))
