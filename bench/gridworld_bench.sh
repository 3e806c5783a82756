#!/usr/bin/env bash
# Gridworld Lab benchmark: Q-learning environment steps per second on the slippery 8×8
# lake (gridworld::benchmark_scenario(): 100 runs × 2000 episodes, ε = 0.1, α = 0.1,
# γ = 0.99), measured in one run for
#   1. the native build (crates/core/examples/gridworld_bench.rs: the whole experiment),
#   2. the same code as shipped to browsers (dist/, the /bench page, headless Chromium),
#   3. NumPy, vectorised over the runs (bench/gridworld_numpy.py),
#   4. plain Python, one run at a time (same script),
# then the ratios. Makes a private virtual environment with NumPy in bench/.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if ! ls dist/*.wasm >/dev/null 2>&1; then trunk build --quiet; fi
if [ ! -x bench/.venv/bin/python ]; then python3 -m venv bench/.venv; fi
bench/.venv/bin/python -c "import numpy" 2>/dev/null || bench/.venv/bin/pip install --quiet numpy
echo "native …" >&2
native=$(cargo run --release -q -p playground-core --example gridworld_bench)
echo "wasm in headless Chromium …" >&2
wasm=$(node bench/gridworld_wasm.mjs)
echo "NumPy and plain Python …" >&2
python=$(bench/.venv/bin/python bench/gridworld_numpy.py)
mkdir -p bench/out
printf '%s\n%s\n%s\n' "$native" "$wasm" "$python" | bench/.venv/bin/python -c '
import json, sys
rows = {r["impl"]: r for r in map(json.loads, filter(None, sys.stdin.read().split("\n")))}
rate = {name: r["env_steps_per_s"] for name, r in rows.items()}
print("Q-learning on the slippery lake   million env steps/s   last-200 return")
for name in ("native", "wasm", "numpy", "python"):
    late = rows[name].get("last_200_return")
    print("%-32s %12.2f %17s" % (name, rate[name] / 1e6, "%.3f" % late if late is not None else "—"))
print("wasm / native: %.2f×   native / NumPy: %.1f×   wasm / NumPy: %.1f×   native / plain Python: %.1f×"
      % (rate["wasm"] / rate["native"], rate["native"] / rate["numpy"], rate["wasm"] / rate["numpy"],
         rate["native"] / rate["python"]))
rows["wasm_over_native"] = rate["wasm"] / rate["native"]
rows["native_over_numpy"] = rate["native"] / rate["numpy"]
json.dump(rows, open("bench/out/gridworld_bench.json", "w"), indent=2)
'
