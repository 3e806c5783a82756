#!/usr/bin/env bash
# Build what bench/gpu_device.sh runs on a GPU machine that has no Rust, and stage it in
# bench/out/gpu_device/ (git-ignored; carry that folder along):
#   gpu_bench        the benchmark (crates/nn/examples/gpu_bench.rs), release build
#   nn_tests         playground-nn's integration tests (to run the GPU parity suite there)
#   libvulkan.so.1   this machine's Vulkan loader, used only if the GPU machine lacks one
#   debs/            Debian's libglvnd family (libGLX, libEGL, …): NVIDIA's Vulkan driver
#                    loads them, and a bare container may not have them
# The binaries need glibc ≥ 2.35 on the target machine (x86_64 Linux).
set -euo pipefail
cd "$(dirname "$0")/.."

stage=bench/out/gpu_device
target_dir="${CARGO_TARGET_DIR:-target}"
mkdir -p "$stage"

cargo build --release -p playground-nn --example gpu_bench
cp "$target_dir/release/examples/gpu_bench" "$stage/gpu_bench"

# The test binary's name carries a hash; cargo prints its path.
tests=$(cargo test --release --no-run -p playground-nn --test it 2>&1 |
  sed -n 's/.*Executable .*(\(.*\/it-[0-9a-f]*\)).*/\1/p' | tail -1)
if [ -n "$tests" ]; then
  cp "$tests" "$stage/nn_tests"
else
  echo "warning: could not find the test binary; the parity suite will not run there" >&2
fi

loader=$(ldconfig -p 2>/dev/null | awk '/libvulkan\.so\.1 / {print $NF; exit}')
if [ -n "$loader" ]; then
  cp -L "$loader" "$stage/libvulkan.so.1"
fi
mkdir -p "$stage/debs"
(cd "$stage/debs" && apt-get download libglvnd0 libgl1 libglx0 libegl1 libgles2 libopengl0 \
  >/dev/null 2>&1) || echo "warning: could not download the libglvnd packages" >&2
ls -la "$stage" "$stage/debs"
