// The Bandit Arena benchmark, all in one run: agent-steps per second on the 10-armed
// testbed (2000 runs × 1000 steps; ε-greedy, UCB, Thompson sampling) for
//   1. the native build (crates/core/examples/bandit_bench.rs),
//   2. the same code as shipped to browsers (dist/, the /bench page, headless Chromium),
//   3. a vectorised NumPy implementation of the same experiment (bench/bandit_numpy.py),
// then the ratios against the targets: wasm ≥ 0.5× native, native ≥ 10× NumPy.
// Run it with bench/bandit_bench.sh (which builds what is missing).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { startServer, launch, openPage, ROOT } from "../tests/e2e/support.mjs";

const lines = (text) => text.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
const byAgent = (rows) => Object.fromEntries(rows.map((r) => [r.agent, r.agent_steps_per_s]));

console.error("native …");
const native = byAgent(lines(execFileSync("cargo", ["run", "--release", "-q", "-p", "playground-core", "--example", "bandit_bench"], { cwd: ROOT, encoding: "utf8" })));

console.error("wasm in headless Chromium …");
const server = await startServer();
const browser = await launch({ webgpu: false });
const page = await openPage(browser, `${server.url}/bench?run=1`);
await page.waitForSelector('[data-testid="bench-results"][data-done="true"]', { timeout: 600_000 });
const wasm = byAgent(JSON.parse(await page.getByTestId("bench-results").textContent()));
await browser.close();
await server.close();

console.error("NumPy …");
const python = process.env.PYTHON ?? `${ROOT}bench/.venv/bin/python`;
const numpy = byAgent(lines(execFileSync(python, [`${ROOT}bench/bandit_numpy.py`], { encoding: "utf8" })));

const m = (x) => (x / 1e6).toFixed(2).padStart(8);
const rows = Object.keys(native).map((agent) => ({
  agent, native: native[agent], wasm: wasm[agent], numpy: numpy[agent],
  wasm_over_native: wasm[agent] / native[agent], native_over_numpy: native[agent] / numpy[agent],
}));
console.log("million agent-steps/s   native     wasm    NumPy   wasm/native (≥0.5)   native/NumPy (≥10)");
for (const r of rows) {
  console.log(`${r.agent.padEnd(20)} ${m(r.native)} ${m(r.wasm)} ${m(r.numpy)}   ${r.wasm_over_native.toFixed(2).padStart(10)}          ${r.native_over_numpy.toFixed(1).padStart(10)}`);
}
mkdirSync(`${ROOT}bench/out`, { recursive: true });
writeFileSync(`${ROOT}bench/out/bandit_bench.json`, JSON.stringify(rows, null, 2));
