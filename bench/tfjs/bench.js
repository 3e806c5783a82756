// Training steps per second of the benchmark's two models with TensorFlow.js, measured the
// way web/src/pages/bench.rs measures playground-nn: 3 warm-up steps, then about two
// seconds of busy time (the page yields between steps; the yields are not counted), the
// loss read back to JavaScript every step. Results go into #results as JSON, and
// data-done="true" is set when finished (also on failure, with an "error" field).
//
// Query parameters: backends=wasm (default) or e.g. wasm,cpu; seconds=2;
// embedding=onehot (default) or gather (see models.js: gather cannot train on wasm);
// grads=tfjs (default) or xnn (see models.js, setLinearGrads);
// profile=1 adds, per model, the kernels of one training step that took the most time.
/* global tf */
import * as models from "./models.js";

const query = new URLSearchParams(location.search);
const BACKENDS = (query.get("backends") ?? "wasm").split(",");
const SECONDS = Number(query.get("seconds") ?? 2);
const EMBEDDING = query.get("embedding") ?? "onehot";
const PROFILE = query.get("profile") === "1";
const GRADS = query.get("grads") ?? "tfjs";
models.setLinearGrads(GRADS);
const statusEl = document.getElementById("status");
const resultsEl = document.getElementById("results");

const yieldToBrowser = () => new Promise((resolve) => setTimeout(resolve, 0));

/** One model and its optimiser: `step()` is one full training step and returns the loss. */
function setUp(which) {
  const optimizer = tf.train.adam(1e-3);
  let params, lossFn;
  if (which === "mlp") {
    params = models.mlpParams(tf);
    const { x, labels } = models.mlpBatch(tf);
    lossFn = () => models.mlpLoss(tf, params, x, labels);
  } else {
    params = models.transformerParams(tf);
    const data = models.transformerBatch(tf);
    lossFn = () => models.transformerLoss(tf, params, data, { embedding: EMBEDDING });
  }
  const varList = Object.values(params);
  return {
    params,
    async step() {
      // minimize(f, returnCost = true, varList): forward, backward, Adam update; the
      // returned loss stays alive until read back and disposed.
      const loss = optimizer.minimize(lossFn, true, varList);
      const value = (await loss.data())[0];
      loss.dispose();
      return value;
    },
  };
}

/** Steps per second of `which`, as bench.rs's train_rate. */
async function trainRate(which) {
  const run = setUp(which);
  const firstLoss = await run.step();
  for (let i = 1; i < 3; i++) await run.step(); // warm-up: 3 steps in all
  let steps = 0;
  let busy = 0;
  let lastLoss = firstLoss;
  while (busy < SECONDS * 1000) {
    const start = performance.now();
    lastLoss = await run.step();
    busy += performance.now() - start;
    steps += 1;
    await yieldToBrowser();
  }
  let profile;
  if (PROFILE) profile = await profileStep(run);
  return {
    model: which,
    params: models.countParams(run.params),
    steps,
    busy_s: busy / 1000,
    steps_per_s: steps / (busy / 1000),
    first_loss: firstLoss,
    last_loss: lastLoss,
    ...(profile ? { profile } : {}),
  };
}

/** Milliseconds per kernel name in one training step (tf.profile), largest first. */
async function profileStep(run) {
  const info = await tf.profile(() => run.step());
  const byKernel = {};
  for (const k of info.kernels) {
    const e = (byKernel[k.name] ??= { ms: 0, calls: 0 });
    e.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    e.calls += 1;
  }
  const top = Object.entries(byKernel).sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
  return { kernels: info.kernels.length, top: top.map(([name, e]) => `${name} ×${e.calls}: ${e.ms.toFixed(2)} ms`) };
}

/** Which wasm binary tfjs loaded (plain, SIMD or threaded SIMD) and why. */
async function wasmFlavour() {
  const files = performance.getEntriesByType("resource")
    .map((e) => e.name.split("/").pop())
    .filter((n) => n.endsWith(".wasm"));
  return {
    simd: await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"),
    multithread: await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT"),
    cross_origin_isolated: self.crossOriginIsolated,
    wasm_files: files,
  };
}

async function main() {
  const wasmDir = new URL("node_modules/@tensorflow/tfjs-backend-wasm/dist/", location.href).href;
  tf.wasm.setWasmPaths(wasmDir);
  const out = { tfjs: tf.version.tfjs, linear_grads: GRADS, embedding: EMBEDDING, user_agent: navigator.userAgent, results: [] };
  for (const backend of BACKENDS) {
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
    await tf.ready();
    if (backend === "wasm") out.wasm = await wasmFlavour();
    for (const which of ["mlp", "transformer"]) {
      statusEl.textContent = `${backend}: ${which} …`;
      const before = tf.memory().numTensors;
      const r = await trainRate(which);
      // Tensors still alive afterwards beyond the model's own (params, data, Adam moments):
      // a steady leak would show up here as a count growing with the number of steps.
      r.tensors_after = tf.memory().numTensors - before;
      out.results.push({ backend: `tfjs-${backend}`, ...r });
      resultsEl.textContent = JSON.stringify(out, null, 2);
      tf.disposeVariables();
      await yieldToBrowser();
    }
  }
  return out;
}

main()
  .then((out) => {
    statusEl.textContent = "done";
    resultsEl.textContent = JSON.stringify(out, null, 2);
  })
  .catch((e) => {
    statusEl.textContent = `failed: ${e}`;
    resultsEl.textContent = JSON.stringify({ error: String(e && e.stack ? e.stack : e) });
  })
  .finally(() => resultsEl.setAttribute("data-done", "true"));
