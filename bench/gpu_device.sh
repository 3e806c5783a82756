#!/usr/bin/env bash
# The GPU benchmark on a machine with a real GPU (e.g. an NVIDIA H100) and no Rust.
#
# On the build machine, first: bench/gpu_device_build.sh (stages bench/out/gpu_device/).
# Then on the GPU machine, from the repository root: bash bench/gpu_device.sh
# It prints the adapter, runs the GPU parity suite (correctness on this driver), then the
# GPU-vs-CPU training sweep of bench/gpu_vs_cpu.sh, well under 5 minutes in all, and
# writes everything to $OUT/gpu_bench.txt when $OUT is set.
#
# Environment: GPU_BENCH_DIR (default bench/out/gpu_device), BUDGET (seconds per
# figure, default 1).
set -uo pipefail
cd "$(dirname "$0")/.."

dir="${GPU_BENCH_DIR:-bench/out/gpu_device}"
if [ ! -x "$dir/gpu_bench" ]; then
  echo "no $dir/gpu_bench: run bench/gpu_device_build.sh on the build machine and carry $dir" >&2
  exit 2
fi

# NVIDIA's Vulkan driver in containers: its ICD file and libraries under /usr/local/nvidia.
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -f "$icd" ]; then
  export VK_DRIVER_FILES="$icd"
  export VK_ICD_FILENAMES="$icd" # the same, for Vulkan loaders older than 1.3.207
fi
libs="${LD_LIBRARY_PATH:-}"
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  [ -d "$d" ] && libs="$d${libs:+:$libs}"
done
# The Vulkan loader: the system's if it has one, else the copy staged with the binary.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 ' && [ -f "$dir/libvulkan.so.1" ]; then
  libs="$(cd "$dir" && pwd)${libs:+:$libs}"
fi
# NVIDIA's Vulkan driver needs libGLX and friends; unpack the staged packages if absent.
if ! ldconfig -p 2>/dev/null | grep -q 'libGLX\.so\.0 ' && ls "$dir"/debs/*.deb >/dev/null 2>&1; then
  gl=$(mktemp -d)
  for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$gl"; done
  libs="$gl/usr/lib/x86_64-linux-gnu${libs:+:$libs}"
fi
export LD_LIBRARY_PATH="$libs"
XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
export XDG_RUNTIME_DIR

report="/dev/null"
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  report="$OUT/gpu_bench.txt"
fi

{
  echo "== bench/gpu_device.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "host: $(uname -srm), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  fi
  echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}"
  echo
  if [ -x "$dir/nn_tests" ]; then
    echo "== GPU parity suite (every operation and short training runs vs Cpu<f64>)"
    PLAYGROUND_REQUIRE_GPU=1 timeout 120 "$dir/nn_tests" parity_gpu --test-threads 4 2>&1 | tail -n 25
    echo
  fi
  echo "== training throughput, GPU vs CPU"
  timeout 240 "$dir/gpu_bench" --budget "${BUDGET:-1}"
  echo "gpu_bench exit status: $?"
} 2>&1 | tee "$report"
