#!/usr/bin/env bash
# Neural-network training in headless Chromium: playground-nn's wasm CPU backend (the
# shipped web app's /bench page) against TensorFlow.js's wasm backend on the same two
# models, one thread each; prints steps/s and ratios, writes bench/out/nn_browser_bench.json.
#
# Needs scripts/setup.sh --no-serve first (Chromium, Node, the e2e npm packages). Builds the
# web app if dist/ is missing and installs bench/tfjs's pinned npm packages if missing.
#
# Usage: bench/nn_browser_bench.sh      (env: ROUNDS=3 for medians of alternating rounds)
# To check that the tfjs models equal PyTorch's (needs torch in bench/.venv, see
# bench/nn_cpu_vs_torch.sh): node bench/tfjs/check_vs_torch.mjs
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if ! ls dist/*.wasm >/dev/null 2>&1; then trunk build --quiet; fi
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -d bench/tfjs/node_modules/@tensorflow/tfjs-backend-wasm ]; then
    (cd bench/tfjs && npm ci --no-audit --no-fund --loglevel=error)
fi
node bench/nn_browser_bench.mjs
