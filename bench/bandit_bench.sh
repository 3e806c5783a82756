#!/usr/bin/env bash
# Bandit Arena benchmark: native vs wasm in headless Chromium vs NumPy, ratios printed.
# Needs scripts/setup.sh --no-serve first; builds the web app if dist/ is missing and makes
# a private virtual environment with NumPy in bench/.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if ! ls dist/*.wasm >/dev/null 2>&1; then trunk build --quiet; fi
if [ ! -x bench/.venv/bin/python ]; then python3 -m venv bench/.venv; fi
bench/.venv/bin/python -c "import numpy" 2>/dev/null || bench/.venv/bin/pip install --quiet numpy
node bench/bandit_bench.mjs
