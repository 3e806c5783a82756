// Checks that models.js builds the same models as bench/nn_torch.py (which mirrors
// playground-nn's): for each model, TensorFlow.js computes the loss and the gradient of
// every parameter, PyTorch (float64) computes them with the same weights and batch, and
// the two are compared. Runs in Node on tfjs's wasm backend (the one benchmarked) and on
// its cpu backend, in both gradient modes of models.js.
//
// Usage: node bench/tfjs/check_vs_torch.mjs     (PYTHON=… to pick a Python with torch;
// default bench/.venv/bin/python, which bench/nn_cpu_vs_torch.sh sets up)
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import * as models from "./models.js";

const HERE = new URL(".", import.meta.url).pathname;
const PYTHON = process.env.PYTHON ?? join(HERE, "../.venv/bin/python");
const TOLERANCE = 1e-3; // largest gradient error, relative to that parameter's largest |gradient|

const dir = mkdtempSync(join(tmpdir(), "tfjs-check-"));

/** tfjs's loss and gradients, and what PyTorch needs to compute its own. */
function tfjsSide(which) {
  const params = which === "mlp" ? models.mlpParams(tf) : models.transformerParams(tf);
  let lossFn;
  let data;
  if (which === "mlp") {
    const batch = models.mlpBatch(tf);
    lossFn = () => models.mlpLoss(tf, params, batch.x, batch.labels);
    data = { x: Array.from(batch.x.dataSync()), x_shape: batch.x.shape, y: batch.y };
  } else {
    const batch = models.transformerBatch(tf);
    lossFn = () => models.transformerLoss(tf, params, batch);
    data = { tokens: batch.tokens, batch: batch.batch };
  }
  const { value, grads } = tf.variableGrads(lossFn, Object.values(params));
  const byName = Object.fromEntries(Object.entries(params).map(([n, v]) => [n, Array.from(grads[v.name].dataSync())]));
  const job = {
    model: which,
    config: models.TRANSFORMER,
    params: Object.fromEntries(Object.entries(params).map(([n, v]) => [n, { shape: v.shape, values: Array.from(v.dataSync()) }])),
    data,
  };
  const out = { loss: value.dataSync()[0], count: models.countParams(params), grads: byName, job };
  tf.disposeVariables();
  return out;
}

let worst = 0;
for (const backend of ["wasm", "cpu"]) {
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  for (const mode of ["tfjs", "xnn"]) {
    models.setLinearGrads(mode);
    for (const which of ["mlp", "transformer"]) {
      const mine = tfjsSide(which);
      const file = join(dir, `${which}.json`);
      writeFileSync(file, JSON.stringify(mine.job));
      const ref = JSON.parse(execFileSync(PYTHON, [join(HERE, "check_vs_torch.py"), file], { encoding: "utf8", maxBuffer: 1 << 28 }));
      let err = 0;
      let where = "";
      for (const [name, g] of Object.entries(ref.grads)) {
        const mineG = mine.grads[name];
        const scale = Math.max(...g.map(Math.abs), 1e-12);
        const e = Math.max(...g.map((v, i) => Math.abs(v - mineG[i]))) / scale;
        if (e > err) [err, where] = [e, name];
      }
      const lossErr = Math.abs(mine.loss - ref.loss);
      worst = Math.max(worst, err, lossErr);
      console.log(`${backend.padEnd(4)} grads=${mode.padEnd(4)} ${which.padEnd(11)} params tfjs ${mine.count} torch ${ref.params}` +
        `  loss tfjs ${mine.loss.toFixed(6)} torch ${ref.loss.toFixed(6)}  worst gradient error ${err.toExponential(1)} (${where})`);
      if (mine.count !== ref.params) worst = Infinity;
    }
  }
}
rmSync(dir, { recursive: true });
console.log(worst <= TOLERANCE ? "OK: tfjs models match PyTorch's" : `MISMATCH (worst ${worst})`);
process.exit(worst <= TOLERANCE ? 0 : 1);
