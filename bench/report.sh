#!/usr/bin/env bash
# Every ratio issue 9 asks for, in one run: the bandit engine against NumPy and the page
# against native, neural training against PyTorch and TensorFlow.js, and the first plot
# on a slow link; then one table (bench/report.mjs), kept in bench/results/report.txt.
# Needs scripts/setup.sh --no-serve first; the first run installs NumPy, torch (about 5 GB)
# and TensorFlow.js in bench/. Takes 15–30 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if ! ls dist/*.wasm >/dev/null 2>&1; then trunk build --quiet; fi
mkdir -p bench/out bench/results
rm -f bench/out/{bandit_bench,nn_cpu_vs_torch,nn_browser_bench,first_plot}.json
bench/bandit_bench.sh
bench/nn_cpu_vs_torch.sh
bench/nn_browser_bench.sh
node bench/first_plot.mjs 3
node bench/report.mjs | tee bench/results/report.txt
