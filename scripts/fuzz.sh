#!/usr/bin/env bash
# Coverage-guided fuzzing of every input a visitor can hand the site (crates/fuzz: Scenario
# TOML and JSON, links, label files, safetensors weights) with libFuzzer, on stable Rust.
#
#   scripts/fuzz.sh [RUNS_PER_TARGET] [TARGET ...]
#
# Default: 250 000 executions for each of the five targets (1.25 M in all). Each target
# starts from the project's own files (crates/fuzz/src/seeds.rs) and keeps what it found
# in target/fuzz/corpus/<target>, so a second run goes on from there. An input that makes
# a target panic, time out or run out of memory is copied to
# crates/fuzz/regressions/<target>/, where CI's smoke pass (crates/fuzz/tests/smoke.rs)
# replays it: fix the bug and commit the file. Prints a table of executions, coverage
# (edges reached) and failures; also written to bench/results/fuzz.txt.
#
# Needs a C++ compiler (libFuzzer is compiled from source by the libfuzzer-sys crate) and
# crates.io the first time; CI does not run this script.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

runs="${1:-250000}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(scenario_toml scenario_json scenario_link label_file safetensors)
fi
host="$(rustc -vV | sed -n 's/^host: //p')"
work="$PWD/target/fuzz"

# The instrumentation cargo-fuzz asks rustc for; all of it is stable. The explicit
# --target keeps it off build scripts and proc-macros.
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
cargo build --quiet --release --manifest-path fuzz/Cargo.toml --target "$host" \
  --target-dir "$work/build"
unset RUSTFLAGS
cargo run --quiet --release -p playground-fuzz --example write_seeds -- "$work/seeds"

report="$(printf '%-14s %10s %8s %9s %8s\n' target executions edges features failures)"
total=0
for t in "${targets[@]}"; do
  corpus="$work/corpus/$t"
  artifacts="$work/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  log="$work/$t.log"
  # -timeout: an input that takes 10 s is a hang; -rss_limit_mb: 2 GB is an out-of-memory.
  "$work/build/$host/release/$t" -runs="$runs" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" "$work/seeds/$t" \
    >"$log" 2>&1 || true
  done_line="$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1)"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  edges="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")"
  features="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")"
  found=0
  for f in "$artifacts"/*; do
    [ -e "$f" ] || continue
    mkdir -p "crates/fuzz/regressions/$t"
    cp "$f" "crates/fuzz/regressions/$t/"
    found=$((found + 1))
  done
  total=$((total + ${execs:-0}))
  report+="$(printf '\n%-14s %10s %8s %9s %8s' "$t" "${execs:-?}" "${edges:-?}" "${features:-?}" "$found")"
done
report+="$(printf '\n%-14s %10s\n' total "$total")"
echo "$report"
{
  echo "# scripts/fuzz.sh $runs, $(date -u +%Y-%m-%d), $(nproc) cores; edges = libFuzzer's cov"
  echo "$report"
} >bench/results/fuzz.txt
if grep -q . <(find crates/fuzz/regressions -type f -newer "$work/build" 2>/dev/null); then
  echo "Failures were copied to crates/fuzz/regressions/: fix them, then commit the files."
  exit 1
fi
