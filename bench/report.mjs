// Issue 9's targets in one table, from the outputs of the benchmarks that measure them
// (bench/out/*.json, written by the scripts named in each row). bench/report.sh runs them
// all, then this. Every figure is a ratio against a baseline measured in the same run, or
// a time under a fixed network profile; nothing here is asserted by a test.
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { CREW_CPU_HEADING, crewCpu } from "./crew_cpu.mjs";

const out = new URL("out/", import.meta.url);
const read = (name) => (existsSync(new URL(name, out)) ? JSON.parse(readFileSync(new URL(name, out), "utf8")) : null);

const rows = [];
const row = (what, target, value, met, source) => rows.push({ what, target, value, met, source });

const bandit = read("bandit_bench.json");
for (const r of bandit ?? []) {
  row(`bandit ${r.agent}: native / NumPy`, "≥ 10×", `${r.native_over_numpy.toFixed(1)}×`, r.native_over_numpy >= 10, "bandit_bench.sh");
  if (r.page_over_native !== undefined) {
    row(`bandit ${r.agent}: page at full speed (worker) / native`, "≥ 0.5×", `${r.page_over_native.toFixed(2)}×`, r.page_over_native >= 0.5, "bandit_bench.sh");
  }
  if (r.page_workers_over_native !== undefined && r.workers > 1) {
    const per = r.page_workers_over_native / r.workers;
    row(`bandit ${r.agent}: page, ${r.workers} workers / (${r.workers} × native)`, "≥ 0.5×", `${per.toFixed(2)}×`, per >= 0.5, "bandit_bench.sh");
  }
}
const torch = read("nn_cpu_vs_torch.json");
if (torch) {
  row("MLP training, native CPU / PyTorch (one thread)", "≥ 3×", `${torch.mlp.default_over_torch.toFixed(2)}×`, torch.mlp.default_over_torch >= 3, "nn_cpu_vs_torch.sh");
  row("transformer training, native CPU / PyTorch (one thread)", "≥ 2×", `${torch.transformer.default_over_torch.toFixed(2)}×`, torch.transformer.default_over_torch >= 2, "nn_cpu_vs_torch.sh");
}
const browser = read("nn_browser_bench.json");
for (const s of browser?.summary ?? []) {
  const ratio = s.ours_over_tfjs_wasm_xnn_grads;
  row(`${s.model} training in Chromium / TF.js wasm (XNNPACK matmuls)`, "≥ 3×", `${ratio.toFixed(2)}×`, ratio >= 3, "nn_browser_bench.sh");
}
const plot = read("first_plot.json");
if (plot) {
  row("first plotted point, cold, Fast 4G (slowest page)", "≤ 2000 ms", `${plot.slowest_ms.toFixed(0)} ms`, plot.slowest_ms <= 2000, "first_plot.mjs");
  row("transfer to the first plot (largest page)", "≤ 1.5 MB", `${(plot.largest_bytes / 1e6).toFixed(2)} MB`, plot.largest_bytes <= 1.5e6, "first_plot.mjs");
}

const cpu = os.cpus()[0]?.model ?? "?";
console.log(`Issue 9's targets — ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${new Date().toISOString().slice(0, 10)}`);
const w = [Math.max(4, ...rows.map((r) => r.what.length)), 10, 9];
console.log(`${"what".padEnd(w[0])}  ${"target".padEnd(w[1])}  ${"measured".padEnd(w[2])}  met   (script)`);
for (const r of rows) {
  console.log(`${r.what.padEnd(w[0])}  ${r.target.padEnd(w[1])}  ${r.value.padEnd(w[2])}  ${r.met ? "yes" : "no "}   (${r.source})`);
}
if (torch?.peak_gflops) {
  // Why the CPU targets are missed: the work a step must do against one core's peak.
  const { "mul-add": mulAdd, fma } = torch.peak_gflops;
  console.log(`\nroofline (nn_cpu_vs_torch.sh): one core's peak ${mulAdd.toFixed(0)} GFLOP/s with separate multiplies and adds (the CPU backend's kind), ${(fma ?? mulAdd).toFixed(0)} with FMA (PyTorch's)`);
  for (const model of ["mlp", "transformer"]) {
    const r = torch[model].roofline;
    if (!r) continue;
    const pct = (x) => `${(100 * x).toFixed(0)}%`;
    console.log(`  ${model}: PyTorch ${r.torch_gflops.toFixed(1)} GFLOP/s (${pct(r.torch_gflops / (fma ?? mulAdd))} of FMA peak), ours ${r.rust_gflops.toFixed(1)} (${pct(r.rust_gflops / mulAdd)} of mul-add peak); the target needs ${r.target_gflops.toFixed(1)}: ${pct(r.target_over_mul_add_peak)} of the mul-add peak, ${pct(r.target_over_fma_peak)} of the FMA peak`);
  }
}
if (bandit?.[0]?.native_narrow) {
  // Why the page misses 0.5× native: vector width, measured by timing native code as
  // narrow as WebAssembly's (two doubles to a vector) in the same run.
  const r = bandit[0];
  console.log(`\nvector width (bandit_bench.sh): native ran ${r.native_simd}; the page's WebAssembly has 2 doubles to a vector`);
  for (const b of bandit) {
    const m = (x) => (x / 1e6).toFixed(1);
    console.log(`  ${b.agent}: native ${m(b.native)} M agent-steps/s, at ${b.narrow_simd} ${m(b.native_narrow)} (${(b.native / b.native_narrow).toFixed(2)}× less); wasm ${m(b.wasm)} = ${b.wasm_over_native_narrow.toFixed(2)}× native at the same width`);
  }
}
if (bandit?.[0]?.worker_cpu) {
  // What a crew of workers costs, by each worker thread's CPU time (bench/crew_cpu.mjs).
  console.log(`\nworkers' CPU time (bandit_bench.sh): ${CREW_CPU_HEADING}`);
  for (const b of bandit) console.log(`  ${b.agent}: ${crewCpu(b)}`);
}
const missing = ["bandit_bench.json", "nn_cpu_vs_torch.json", "nn_browser_bench.json", "first_plot.json"].filter((f) => !read(f));
if (missing.length) console.log(`not measured in this run: ${missing.join(", ")}`);
