#!/usr/bin/env bash
# Training throughput of playground-nn's CPU backend against PyTorch on the CPU with one
# thread, on the same two models with the same sizes, optimiser and batch:
#   (a) MLP 64 → 256 → 256 → 16, ReLU, cross-entropy, Adam, batch 64
#   (b) transformer: vocab 16, context 16, width 64, 4 heads, 2 layers, Adam, batch 32
#
# The Rust side is built twice: for the default x86-64 target (what a plain
# `cargo build --release` gives: SSE2, with the matrix-product kernel switching to AVX at
# run time) and with `-C target-cpu=native` (AVX2 everywhere). Both give bit-identical
# numbers (no fused multiply-add either way), only the speed differs.
#
# Shared machines are noisy, so the measurements alternate between the implementations
# for ROUNDS rounds and the median of each is reported.
#
# Usage: bench/nn_cpu_vs_torch.sh            (env: ROUNDS=3 SECONDS_PER_RUN=3)
# The first run creates bench/.venv and installs torch there (about 5 GB).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-3}
OUT=bench/out
mkdir -p "$OUT"
RESULTS="$OUT/nn_cpu_vs_torch.txt"
: > "$RESULTS"

if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
fi
if ! bench/.venv/bin/python -c "import torch" 2>/dev/null; then
    bench/.venv/bin/pip install --quiet torch
fi

TARGET=${CARGO_TARGET_DIR:-target}
echo "building the Rust benchmark (default target and -C target-cpu=native)…" >&2
cargo build --quiet --release -p playground-nn --example bench_train
RUSTFLAGS="-C target-cpu=native" cargo build --quiet --release -p playground-nn \
    --example bench_train --target-dir "$TARGET/nn-bench-native"
RUST_DEFAULT="$TARGET/release/examples/bench_train"
RUST_NATIVE="$TARGET/nn-bench-native/release/examples/bench_train"

export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
for round in $(seq "$ROUNDS"); do
    echo "round $round/$ROUNDS…" >&2
    bench/.venv/bin/python bench/nn_torch.py "$SECONDS_PER_RUN" 2>/dev/null >> "$RESULTS"
    "$RUST_DEFAULT" "$SECONDS_PER_RUN" | sed 's/^rust /rust-default /' >> "$RESULTS"
    "$RUST_NATIVE" "$SECONDS_PER_RUN" | sed 's/^rust /rust-native /' >> "$RESULTS"
done

python3 - "$RESULTS" "$OUT/nn_cpu_vs_torch.json" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    impl, model, rate = line.split()
    runs.setdefault((impl, model), []).append(float(rate))
med = {k: statistics.median(v) for k, v in runs.items()}
print(f"training steps/s, median of {len(next(iter(runs.values())))} rounds (one CPU thread each)")
print(f"{'model':<12} {'PyTorch':>9} {'Rust default':>10} {'ratio':>6} {'Rust native':>12} {'ratio':>6}")
for model in ("mlp", "transformer"):
    t, d, n = med[("torch", model)], med[("rust-default", model)], med[("rust-native", model)]
    print(f"{model:<12} {t:9.1f} {d:10.1f} {d / t:5.2f}x {n:12.1f} {n / t:5.2f}x")
print("all runs:", {f"{i}/{m}": v for (i, m), v in sorted(runs.items())})
import json
json.dump({m: {"torch": med[("torch", m)], "rust_default": med[("rust-default", m)],
               "rust_native": med[("rust-native", m)],
               "default_over_torch": med[("rust-default", m)] / med[("torch", m)]}
           for m in ("mlp", "transformer")}, open(sys.argv[2], "w"), indent=2)
EOF
