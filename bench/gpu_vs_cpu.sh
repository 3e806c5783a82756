#!/usr/bin/env bash
# Training throughput of playground-nn's GPU backend against its CPU backend, natively,
# on whatever GPU adapter opens here. On a machine without a GPU that is Mesa's lavapipe,
# a software rasteriser: a correctness path, far slower than the CPU backend, so the
# figures then say nothing about real GPUs (bench/gpu_device.sh measures one).
#
# Usage: bench/gpu_vs_cpu.sh [--budget SECONDS] [--quick]
#   --budget  seconds per figure (default 1); --quick  fewer sizes.
# Prints a table (also saved to bench/out/gpu_vs_cpu.txt): steps/s on each backend, their
# ratio, and the GPU's rate when the loss is read back only every 10th step.
set -euo pipefail
cd "$(dirname "$0")/.."

# Mesa warns when it has no runtime directory; give it a private one.
XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
export XDG_RUNTIME_DIR

cargo build --release --quiet -p playground-nn --example gpu_bench
mkdir -p bench/out
"${CARGO_TARGET_DIR:-target}/release/examples/gpu_bench" "$@" | tee bench/out/gpu_vs_cpu.txt
