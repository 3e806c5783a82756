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
# Then the roofline: each trainer's rate in the models' matrix-product work (GFLOP/s,
# BenchModel::matmul_flops) against one core's peak, measured each round by
# examples/peak_flops.rs — with separate multiplies and adds (the CPU backend's ceiling:
# no FMA, for bit-identity with the browser) and with FMA (PyTorch's) — and what each
# target ratio would need.
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
cargo build --quiet --release -p playground-nn --example bench_train --example peak_flops
RUSTFLAGS="-C target-cpu=native" cargo build --quiet --release -p playground-nn \
    --example bench_train --target-dir "$TARGET/nn-bench-native"
RUST_DEFAULT="$TARGET/release/examples/bench_train"
RUST_NATIVE="$TARGET/nn-bench-native/release/examples/bench_train"

export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
for round in $(seq "$ROUNDS"); do
    echo "round $round/$ROUNDS…" >&2
    # The processor's peak, measured each round beside the trainers (the roofline).
    "$TARGET/release/examples/peak_flops" >> "$RESULTS"
    bench/.venv/bin/python bench/nn_torch.py "$SECONDS_PER_RUN" 2>/dev/null >> "$RESULTS"
    "$RUST_DEFAULT" "$SECONDS_PER_RUN" | sed 's/^rust /rust-default /' >> "$RESULTS"
    "$RUST_NATIVE" "$SECONDS_PER_RUN" | sed 's/^rust /rust-native /' >> "$RESULTS"
done

python3 - "$RESULTS" "$OUT/nn_cpu_vs_torch.json" <<'EOF'
import statistics, sys
runs, peak, flops = {}, {}, {}
for line in open(sys.argv[1]):
    impl, model, rate = line.split()
    if impl == "peak":
        peak.setdefault(model, []).append(float(rate))
    elif impl == "flops":
        flops[model] = float(rate)
    else:
        runs.setdefault((impl, model), []).append(float(rate))
med = {k: statistics.median(v) for k, v in runs.items()}
peak = {k: max(v) for k, v in peak.items()}
print(f"training steps/s, median of {len(next(iter(runs.values())))} rounds (one CPU thread each)")
print(f"{'model':<12} {'PyTorch':>9} {'Rust default':>10} {'ratio':>6} {'Rust native':>12} {'ratio':>6}")
for model in ("mlp", "transformer"):
    t, d, n = med[("torch", model)], med[("rust-default", model)], med[("rust-native", model)]
    print(f"{model:<12} {t:9.1f} {d:10.1f} {d / t:5.2f}x {n:12.1f} {n / t:5.2f}x")
print("all runs:", {f"{i}/{m}": v for (i, m), v in sorted(runs.items())})

# The roofline: each trainer's rate in the models' matrix-product work (GFLOP/s) against
# the processor's peak on one core. The CPU backend may only use separate multiplies and
# adds (bit-identity with the browser), so its ceiling is the mul-add peak; PyTorch's is
# the FMA peak. A target ratio over PyTorch needs target × PyTorch's rate.
TARGETS = {"mlp": 3.0, "transformer": 2.0}
roof = {}
if peak and flops:
    mul_add, fma = peak["mul-add"], peak.get("fma", peak["mul-add"])
    print(f"\nroofline: one core's peak {mul_add:.0f} GFLOP/s with separate multiplies and adds, "
          f"{fma:.0f} with FMA (examples/peak_flops.rs)")
    print(f"{'model':<12} {'MFLOP/step':>10} {'PyTorch':>16} {'Rust':>16} {'target needs':>22}")
    for model, target in TARGETS.items():
        work = flops[model] / 1e9
        t, d = med[("torch", model)] * work, med[("rust-default", model)] * work
        need = target * t
        roof[model] = {"gflops_per_step": work, "torch_gflops": t, "rust_gflops": d,
                       "target_gflops": need, "target_over_mul_add_peak": need / mul_add,
                       "target_over_fma_peak": need / fma}
        print(f"{model:<12} {work * 1e3:10.1f} {t:7.1f} ({t / fma:4.0%} fma) {d:7.1f} ({d / mul_add:4.0%})"
              f" {need:7.1f} ({need / mul_add:4.0%} of mul-add)")
import json
json.dump({m: {"torch": med[("torch", m)], "rust_default": med[("rust-default", m)],
               "rust_native": med[("rust-native", m)],
               "default_over_torch": med[("rust-default", m)] / med[("torch", m)],
               **({"roofline": roof[m]} if m in roof else {})}
           for m in ("mlp", "transformer")} | {"peak_gflops": peak}, open(sys.argv[2], "w"), indent=2)
EOF
