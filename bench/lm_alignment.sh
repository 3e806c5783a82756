#!/usr/bin/env bash
# The Tiny-LM Alignment Lab's speed, side by side: aligned steps per second of DPO and PPO
# at the default size natively (CPU backend vs the GPU backend on whatever adapter opens:
# on a machine without a GPU, Mesa's lavapipe, a software rasteriser) and in headless
# Chromium (wasm CPU vs WebGPU through SwiftShader, also software), and how long a DPO run
# takes to come within 5% of the exact frontier on one CPU thread, natively and in wasm.
# On a machine with a real GPU, the native GPU column is the figure to read.
#
# Needs scripts/setup.sh --no-serve first. Usage: bench/lm_alignment.sh [SECONDS]
# Prints everything and saves it to bench/out/lm_alignment.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
export XDG_RUNTIME_DIR
if ! ls dist/*.wasm >/dev/null 2>&1; then trunk build --quiet; fi
cargo build --release --quiet -p playground-lm --example align_bench
mkdir -p bench/out
{
  echo "== native"
  "${CARGO_TARGET_DIR:-target}/release/examples/align_bench" "${1:-3}"
  echo
  echo "== headless Chromium"
  node bench/lm_alignment_browser.mjs
} | tee bench/out/lm_alignment.txt
