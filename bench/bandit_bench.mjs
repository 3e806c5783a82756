// The Bandit Arena benchmark, all in one run: agent-steps per second on the 10-armed
// testbed (2000 runs × 1000 steps; ε-greedy, UCB, Thompson sampling) for
//   1. the native build (crates/bandit/examples/bandit_bench.rs), with the widest
//      instruction set the processor has and with each narrower one (SSE2 holds two
//      doubles to a vector, as WebAssembly's SIMD does: the same width as the browser's),
//   2. the same code as shipped to browsers (dist/, the /bench page, headless Chromium),
//   3. the Bandit Arena's page itself at full speed: the run in its compute worker, frames
//      sent to the page and drawn (the steps its frames show while the run is under way,
//      against time; first plotted point to "finished" is kept as page_whole_run); then
//      with its runs split over one worker per core of this machine,
//   4. a vectorised NumPy implementation of the same experiment (bench/bandit_numpy.py),
// then the ratios against the targets: wasm and the page ≥ 0.5× native, native ≥ 10× NumPy.
// Run it with bench/bandit_bench.sh (which builds what is missing).
import { execFileSync } from "node:child_process";
import os from "node:os";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { startServer, launch, openPage, ROOT } from "../tests/e2e/support.mjs";
import { CREW_CPU_HEADING, crewCpu, workerCpuMs } from "./crew_cpu.mjs";

const lines = (text) => text.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
const byAgent = (rows) => Object.fromEntries(rows.map((r) => [r.agent, r.agent_steps_per_s]));

console.error("native …");
const nativeRows = lines(execFileSync("cargo", ["run", "--release", "-q", "-p", "playground-bandit", "--example", "bandit_bench"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, SIMD: "all" } }));
// Narrowest first: the widest is "native", the narrowest the browser's width.
const widths = [...new Set(nativeRows.map((r) => r.simd))];
const native = byAgent(nativeRows.filter((r) => r.simd === widths.at(-1)));
const narrow = byAgent(nativeRows.filter((r) => r.simd === widths[0]));

console.error("wasm in headless Chromium …");
const server = await startServer();
const browser = await launch({ webgpu: false });
const page = await openPage(browser, `${server.url}/bench?run=1`);
await page.waitForSelector('[data-testid="bench-results"][data-done="true"]', { timeout: 600_000 });
const wasm = byAgent(JSON.parse(await page.getByTestId("bench-results").textContent()));

// The arena's page at full speed, one benchmark scenario at a time (as bandit_bench.rs but
// 10 000 steps long: the 1000-step run lasts a tenth of a second, too short to time a page
// by), its runs in one worker and then split over one worker per core of this machine (the
// browser is told how many cores it has, so both are measured on the same machine).
const [RUNS, STEPS] = [2000, 10_000];
const LINKS = {
  "epsilon-greedy": "agents.0.type=epsilon-greedy&agents.0.epsilon=0.1",
  "ucb": "agents.0.type=ucb&agents.0.c=2.0",
  "thompson": "agents.0.type=thompson-gaussian",
};
const CORES = os.cpus().length;
const CREWS = [...new Set([1, CORES])];
/** The arena running `link`'s agent, in a browser told it has `workers` cores. */
const openArena = (link, workers, extra = "") => openPage(browser,
  `${server.url}/bandits?kind=bandit&seed=1&steps=${STEPS}&runs=${RUNS}&env.type=gaussian-testbed&${link}${extra}`,
  { init: `Object.defineProperty(navigator, "hardwareConcurrency", { get: () => ${workers} });` });
// Throughput while the run is under way: steps shown on the page between a tenth and nine
// tenths of the run, against the time between the frames that showed them (the first
// plotted point to "finished" also holds the first frame's wait and the last redraw of
// every figure, a fixed cost that weighs more as the engine gets faster).
const live = Object.fromEntries(CREWS.map((n) => [n, {}]));
const whole = Object.fromEntries(CREWS.map((n) => [n, {}]));
function noteProgress() {
  window.ppProgress = [];
  const shown = document.querySelector('[data-testid="progress"]');
  const note = () => {
    const t = /t = (\d+)/.exec(shown.textContent);
    if (t) window.ppProgress.push([performance.now(), Number(t[1])]);
  };
  new MutationObserver(note).observe(shown, { childList: true, characterData: true, subtree: true });
  note();
}
function steady(ticks, runs, steps) {
  const inside = ticks.filter(([, t]) => t >= 0.1 * steps && t <= 0.9 * steps);
  if (inside.length < 3) {
    console.error(`only ${inside.length} frames inside the run: timed from the first point to "finished"`);
    return null;
  }
  const [[ms0, t0], [ms1, t1]] = [inside[0], inside.at(-1)];
  return runs * (t1 - t0) / ((ms1 - ms0) / 1000);
}
for (const workers of CREWS) {
  for (const [agent, link] of Object.entries(LINKS)) {
    const arena = await openArena(link, workers);
    await arena.waitForFunction(() => performance.getEntriesByName("pp:first-point").length > 0, null, { timeout: 600_000 });
    await arena.evaluate(noteProgress);
    await arena.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === "finished", null, { timeout: 600_000, polling: 10 });
    const ms = await arena.evaluate(() => performance.now() - performance.getEntriesByName("pp:first-point")[0].startTime);
    if (arena.workers().length !== workers) throw new Error(`${agent}: ${arena.workers().length} workers, not ${workers}`);
    whole[workers][agent] = RUNS * STEPS / (ms / 1000);
    // On a machine fast enough that under three frames fall inside, the whole run's figure.
    live[workers][agent] = steady(await arena.evaluate(() => window.ppProgress), RUNS, STEPS) ?? whole[workers][agent];
    await arena.context().close();
  }
}
// The same runs again, traced, for the CPU time of each worker thread: what the page costs
// per agent-step whatever the machine, and how evenly a crew shares the work (the busiest
// worker bounds a run on a machine with a core for every worker; this one has two cores
// for the page, the browser and every worker, so their wall-clock times measure the VM).
const TRACE = `${ROOT}bench/out/bandit_trace.json`;
mkdirSync(`${ROOT}bench/out`, { recursive: true });
const cpu = Object.fromEntries([1, 2, 8].map((n) => [n, {}]));
for (const workers of Object.keys(cpu).map(Number)) {
  for (const [agent, link] of Object.entries(LINKS)) {
    const arena = await openArena(link, workers, "&ui.autoplay=0");
    await arena.getByTestId("status").waitFor();
    await arena.waitForTimeout(1000); // the workers' module compiled and its code warm
    await browser.startTracing(arena, { path: TRACE, categories: ["disabled-by-default-devtools.timeline"] });
    await arena.keyboard.press("Space");
    await arena.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === "finished", null, { timeout: 600_000, polling: 10 });
    await browser.stopTracing();
    cpu[workers][agent] = workerCpuMs(JSON.parse(readFileSync(TRACE, "utf8")).traceEvents);
    await arena.context().close();
  }
}
rmSync(TRACE, { force: true });
await browser.close();
await server.close();

console.error("NumPy …");
const python = process.env.PYTHON ?? `${ROOT}bench/.venv/bin/python`;
const numpy = byAgent(lines(execFileSync(python, [`${ROOT}bench/bandit_numpy.py`], { encoding: "utf8" })));

const m = (x) => (x / 1e6).toFixed(2).padStart(8);
const many = CREWS.at(-1);
const rows = Object.keys(native).map((agent) => ({
  agent, native: native[agent], wasm: wasm[agent], page: live[1][agent], numpy: numpy[agent],
  workers: many, page_workers: live[many][agent],
  page_whole_run: whole[1][agent], page_workers_whole_run: whole[many][agent],
  wasm_over_native: wasm[agent] / native[agent], page_over_native: live[1][agent] / native[agent],
  page_workers_over_native: live[many][agent] / native[agent],
  native_over_numpy: native[agent] / numpy[agent],
  native_simd: widths.at(-1), narrow_simd: widths[0], native_narrow: narrow[agent],
  wasm_over_native_narrow: wasm[agent] / narrow[agent],
  // Per crew size: the workers' CPU ms (busiest first) and agent-steps per CPU-second.
  worker_cpu: Object.fromEntries(Object.entries(cpu).map(([n, byAgent]) => {
    const ms = byAgent[agent];
    const total = ms.reduce((a, b) => a + b, 0);
    return [n, { cpu_ms: ms, per_cpu_second: RUNS * STEPS / (total / 1000) }];
  })),
}));
console.log(`million agent-steps/s   native     wasm     page  page×${many}    NumPy   wasm/native (≥0.5)   page/native (≥0.5)   page×${many}/native (≥${0.5 * many})   native/NumPy (≥10)`);
for (const r of rows) {
  console.log(`${r.agent.padEnd(20)} ${m(r.native)} ${m(r.wasm)} ${m(r.page)} ${m(r.page_workers)} ${m(r.numpy)}   ${r.wasm_over_native.toFixed(2).padStart(10)}          ${r.page_over_native.toFixed(2).padStart(10)}          ${r.page_workers_over_native.toFixed(2).padStart(10)}          ${r.native_over_numpy.toFixed(1).padStart(10)}`);
}
console.log(`page, first plotted point to "finished" (one worker / ${many}): ${rows.map((r) => `${r.agent} ${m(r.page_whole_run).trim()} / ${m(r.page_workers_whole_run).trim()}`).join(", ")}`);
console.log(`native: ${widths.at(-1)}; at ${widths[0]}, as wide as WebAssembly's vectors: ${rows.map((r) => `${r.agent} ${m(r.native_narrow).trim()} (wasm ${r.wasm_over_native_narrow.toFixed(2)}× that)`).join(", ")}`);
console.log(`the workers' CPU time: ${CREW_CPU_HEADING}`);
for (const r of rows) console.log(`  ${r.agent}: ${crewCpu(r)}`);
writeFileSync(`${ROOT}bench/out/bandit_bench.json`, JSON.stringify(rows, null, 2));
