// Neural-network training in the browser, all in one run: training steps per second of the
// benchmark's two models (crates/nn/src/bench.rs: the MLP 64→256→256→16 and the tiny
// transformer) in headless Chromium, on one thread, for
//   1. playground-nn's CPU backend as shipped (dist/, the /bench?run=1&only=nn page),
//   2. TensorFlow.js 4.22's wasm backend (bench/tfjs: the same models written with tf ops;
//      served without cross-origin isolation, so tfjs cannot use threads),
//   3. the same with Linear gradients written to keep tfjs on XNNPACK (see models.js),
//   4. TensorFlow.js's plain-JavaScript 'cpu' backend, as a footnote,
// measured the same way (3 warm-up steps, then ~2 s of busy time, the loss read back
// every step), then the ratios ours / tfjs-wasm (target ≥ 1).
//
// Run it with bench/nn_browser_bench.sh (which installs and builds what is missing).
// Environment: ROUNDS=n repeats everything n times, alternating, and reports medians.
// bench/tfjs/check_vs_torch.mjs checks separately that the tfjs models equal PyTorch's.
import { mkdirSync, writeFileSync } from "node:fs";
import { startServer, launch, openPage, ROOT } from "../tests/e2e/support.mjs";
import { serve } from "../tests/e2e/serve.mjs";

const ROUNDS = Number(process.env.ROUNDS ?? 1);
const MODELS = ["mlp", "transformer"];
const TIMEOUT = 300_000;

/** Trainable parameters of playground-nn's models, by formula from crates/nn/src: a Linear
 *  has in·out weights and out biases, a LayerNorm 2·width, embedding tables rows·width. */
function oursParamCount() {
  const linear = (n, m) => n * m + m;
  const mlpSizes = [64, 256, 256, 16];
  let mlp = 0;
  for (let i = 0; i + 1 < mlpSizes.length; i++) mlp += linear(mlpSizes[i], mlpSizes[i + 1]);
  const [vocab, context, d, layers] = [16, 16, 64, 2];
  const block = 2 * d + linear(d, 3 * d) + linear(d, d) + 2 * d + linear(d, 4 * d) + linear(4 * d, d);
  const transformer = vocab * d + context * d + layers * block + 2 * d + linear(d, vocab);
  return { mlp, transformer };
}

/** Ours: the web app's /bench page, neural part only. Returns {model: steps/s} + raw rows. */
async function runOurs(browser, server) {
  const page = await openPage(browser, `${server.url}/bench?run=1&only=nn`);
  await page.waitForSelector('[data-testid="bench-results"][data-done="true"]', { timeout: TIMEOUT });
  const rows = JSON.parse(await page.getByTestId("nn-bench-results").textContent());
  const errors = page.errors;
  await page.context().close();
  const rate = {};
  for (const r of rows) if (r.backend === "cpu-wasm") rate[r.model] = r.steps_per_s;
  if (MODELS.some((m) => !(rate[m] > 0))) throw new Error(`our /bench page gave no CPU figures: ${JSON.stringify(rows)} ${errors}`);
  return { rate, rows };
}

/** TensorFlow.js: bench/tfjs/index.html with the given query. Returns the page's JSON. */
async function runTfjs(browser, url, query) {
  const page = await openPage(browser, `${url}/index.html?${query}`);
  await page.waitForSelector('[data-testid="tfjs-bench-results"][data-done="true"]', { timeout: TIMEOUT });
  const out = JSON.parse(await page.getByTestId("tfjs-bench-results").textContent());
  const errors = page.errors;
  await page.context().close();
  if (out.error) throw new Error(`tfjs page (${query}) failed: ${out.error}`);
  if (errors.length) console.error(`tfjs page (${query}) console errors: ${errors.join(" | ")}`);
  return out;
}

const rateOf = (out, backend, model) => out.results.find((r) => r.backend === backend && r.model === model)?.steps_per_s;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const ours_server = await startServer();
const tfjsServer = await serve(`${ROOT}bench/tfjs/`, 0);
const tfjsUrl = `http://127.0.0.1:${tfjsServer.address().port}`;
const browser = await launch({ webgpu: false });
const rounds = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    // One thing at a time (the machine may have only a couple of cores); the order
    // alternates between rounds so that neither side always runs first.
    const jobs = {
      ours: () => runOurs(browser, ours_server),
      tfjs: () => runTfjs(browser, tfjsUrl, "backends=wasm,cpu"),
      xnn: () => runTfjs(browser, tfjsUrl, "backends=wasm&grads=xnn"),
    };
    const order = round % 2 ? ["tfjs", "xnn", "ours"] : ["ours", "tfjs", "xnn"];
    const got = {};
    for (const name of order) {
      console.error(`round ${round + 1}/${ROUNDS}: ${name} …`);
      got[name] = await jobs[name]();
    }
    rounds.push(got);
  }
} finally {
  await browser.close();
  await ours_server.close();
  await new Promise((r) => tfjsServer.close(r));
}

// ---------------------------------------------------------------- report

const tfjsEnv = rounds[0].tfjs;
const oursParams = oursParamCount();
const summary = MODELS.map((model) => {
  const pick = (f) => median(rounds.map(f));
  const ours = pick((r) => r.ours.rate[model]);
  const tfjsWasm = pick((r) => rateOf(r.tfjs, "tfjs-wasm", model));
  const tfjsWasmXnn = pick((r) => rateOf(r.xnn, "tfjs-wasm", model));
  const tfjsCpu = pick((r) => rateOf(r.tfjs, "tfjs-cpu", model));
  return {
    model,
    params_ours: oursParams[model],
    params_tfjs: tfjsEnv.results.find((r) => r.model === model).params,
    ours_cpu_wasm: ours,
    tfjs_wasm: tfjsWasm,
    tfjs_wasm_xnn_grads: tfjsWasmXnn,
    tfjs_cpu: tfjsCpu,
    ours_over_tfjs_wasm: ours / tfjsWasm,
    ours_over_tfjs_wasm_xnn_grads: ours / tfjsWasmXnn,
  };
});

const w = tfjsEnv.wasm;
const f = (x) => x.toFixed(1).padStart(9);
const r = (x) => `${x.toFixed(2)}×`.padStart(9);
console.log(`Training steps/s in headless Chromium (${tfjsEnv.user_agent.match(/Chrome\/[\d.]+/)?.[0] ?? "?"}), one thread, loss read back every step` +
  (ROUNDS > 1 ? `; medians of ${ROUNDS} rounds` : ""));
console.log(`TensorFlow.js ${tfjsEnv.tfjs} wasm: ${w.wasm_files.join(", ")} (SIMD ${w.simd ? "yes" : "no"}, ` +
  `threads ${w.multithread ? "yes" : "no"}; crossOriginIsolated ${w.cross_origin_isolated})`);
console.log("");
console.log("model          params ours / tfjs      ours   tfjs-wasm   ours/tfjs (≥1)   tfjs-wasm*   ours/tfjs*    tfjs-cpu");
for (const s of summary) {
  const params = `${s.params_ours} / ${s.params_tfjs}`.padEnd(17);
  console.log(`${s.model.padEnd(14)} ${params}${f(s.ours_cpu_wasm)}  ${f(s.tfjs_wasm)}  ${r(s.ours_over_tfjs_wasm)}        ${f(s.tfjs_wasm_xnn_grads)}   ${r(s.ours_over_tfjs_wasm_xnn_grads)}   ${f(s.tfjs_cpu)}`);
}
console.log("");
console.log("tfjs-wasm*: Linear gradients hand-written (transpose, then an untransposed matmul) so that");
console.log("tfjs's backward matmuls also run in XNNPACK; stock tfjs sends transposed matmuls to a scalar loop.");
if (ROUNDS > 1) {
  for (const [i, rd] of rounds.entries()) {
    const per = MODELS.map((m) => `${m} ours ${rd.ours.rate[m].toFixed(1)} tfjs ${rateOf(rd.tfjs, "tfjs-wasm", m).toFixed(1)} tfjs* ${rateOf(rd.xnn, "tfjs-wasm", m).toFixed(1)}`);
    console.log(`round ${i + 1}: ${per.join("; ")}`);
  }
}
for (const s of summary) {
  if (s.params_ours !== s.params_tfjs) console.log(`WARNING: ${s.model} parameter counts differ (ours ${s.params_ours}, tfjs ${s.params_tfjs})`);
}

mkdirSync(`${ROOT}bench/out`, { recursive: true });
writeFileSync(`${ROOT}bench/out/nn_browser_bench.json`, JSON.stringify({
  date: new Date().toISOString(),
  user_agent: tfjsEnv.user_agent,
  tfjs: tfjsEnv.tfjs,
  tfjs_wasm: w,
  summary,
  rounds,
}, null, 2));
