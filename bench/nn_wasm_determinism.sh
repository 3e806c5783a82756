#!/usr/bin/env bash
# Bit-reproducibility of playground-nn's CPU backend across targets: the same short
# training run must give the same fingerprint natively (default x86-64 = SSE2, and
# -C target-cpu=native = AVX2 here) and in wasm32 (run with Node).
set -euo pipefail
cd "$(dirname "$0")/nn_wasm_determinism"
TARGET=${CARGO_TARGET_DIR:-../../target}/nn-wasm-determinism
cargo build --quiet --release --target-dir "$TARGET"
sse2=$("$TARGET/release/nn-wasm-determinism")
RUSTFLAGS="-C target-cpu=native" cargo build --quiet --release --target-dir "$TARGET-native"
native=$("$TARGET-native/release/nn-wasm-determinism")
cargo build --quiet --release --lib --target wasm32-unknown-unknown --target-dir "$TARGET"
wasm=$(node run.mjs "$TARGET/wasm32-unknown-unknown/release/nn_wasm_determinism.wasm")
echo "native (default target): $sse2"
echo "native (target-cpu=native): $native"
echo "wasm32 (node):            $wasm"
if [ "$sse2" = "$native" ] && [ "$sse2" = "$wasm" ]; then
    echo "identical"
else
    echo "MISMATCH" >&2
    exit 1
fi
