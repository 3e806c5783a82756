// The benchmark's two models written with TensorFlow.js ops and variables, the same as
// playground-nn's (crates/nn/src/bench.rs) and PyTorch's (bench/nn_torch.py):
//
//   MLP: 64 → 256 → 256 → 16 with ReLU, mean cross-entropy, batch 64 (one fixed batch).
//   Transformer: vocabulary 16, context 16, width 64, 4 heads, 2 pre-LayerNorm GPT blocks,
//     learned position embeddings, final LayerNorm, linear head; mean next-token
//     cross-entropy over 32 sequences of 17 tokens (read the first 16, predict the last 16).
//
// Used by bench.js in the browser (wasm backend) and by check_vs_torch.mjs in Node, which
// checks loss and gradients against bench/nn_torch.py with the same weights. The module
// takes `tf` as an argument so that it runs with either copy of the library.
//
// Parameters are named as in PyTorch's state_dict of the twin models, so the check can
// map them one to one. Linear weights are stored [inputs, outputs] (x·W + b), as in
// playground-nn; PyTorch's are the transpose.

export const MLP_SIZES = [64, 256, 256, 16];
export const MLP_BATCH = 64;
export const TRANSFORMER = { vocab: 16, context: 16, width: 64, heads: 4, layers: 2 };
export const TRANSFORMER_BATCH = 32;

/** Trainable parameters, counted the same way for both engines. */
export function countParams(params) {
  return Object.values(params).reduce((n, v) => n + v.size, 0);
}

// ---------------------------------------------------------------- building blocks

/** `n` integers uniform in [0, k) (floats floored: tfjs's int32 randomUniform rounds). */
function randomInts(tf, n, k, seed) {
  const u = tf.tidy(() => tf.randomUniform([n], 0, k, "float32", seed).dataSync());
  return Array.from(u, (v) => Math.min(k - 1, Math.floor(v)));
}

/** One-hot float32 rows of int32 `ids`. */
function oneHot(tf, ids, k) {
  return tf.tidy(() => tf.cast(tf.oneHot(ids, k), "float32"));
}

/** How Linear layers get their gradients:
 *  - 'tfjs' (default): tf.fused.matMul, what tf.layers.dense uses (one kernel for matmul +
 *    bias + ReLU), with tfjs's own gradient. That gradient multiplies with transposed
 *    operands (dy·Wᵀ, xᵀ·dy), and tfjs-backend-wasm 4.22 sends every transposed (or
 *    batched) matmul to a plain scalar loop; only untransposed 2-D products go to XNNPACK.
 *  - 'xnn': a hand-written gradient (tf.customGrad) that transposes first (tf.transpose)
 *    and then multiplies untransposed, so the backward matmuls go through XNNPACK too.
 *    Not something a tfjs user writes; it shows how much of the gap is that one path. */
let linearGrads = "tfjs";
export function setLinearGrads(how) {
  if (how !== "tfjs" && how !== "xnn") throw new Error(`unknown linear gradient mode ${how}`);
  linearGrads = how;
}

/** x·W + b for `x` [rows, in], W [in, out], b [out], with the gradient written out. */
function xnnLinear(tf) {
  return (xnnLinear.op ??= tf.customGrad((x, w, b, save) => {
    save([x, w]);
    return {
      value: tf.fused.matMul({ a: x, b: w, bias: b }),
      gradFunc: (dy, [xs, ws]) => [
        tf.matMul(dy, tf.transpose(ws)), // ∂x = dy·Wᵀ  [rows, in]
        tf.matMul(tf.transpose(xs), dy), // ∂W = xᵀ·dy  [in, out]
        tf.sum(dy, 0), //                   ∂b = Σ_rows dy
      ],
    };
  }));
}

/** y = x·W + b, with an optional activation ('relu'). `x` is [rows, inputs]. */
function linear(tf, x, p, name, activation = "linear") {
  const [w, b] = [p[`${name}.weight`], p[`${name}.bias`]];
  if (linearGrads === "tfjs") return tf.fused.matMul({ a: x, b: w, bias: b, activation });
  const y = xnnLinear(tf)(x, w, b);
  return activation === "relu" ? tf.relu(y) : y;
}

/** LayerNorm over the last axis with learned scale and shift, ε = 1e-5 (as ours). */
function layerNorm(tf, x, p, name) {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5)));
  return tf.add(tf.mul(normed, p[`${name}.weight`]), p[`${name}.bias`]);
}

/** GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
function gelu(tf, x) {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/** Mean cross-entropy of `logits` [rows, classes] against one-hot `labels`. tfjs's
 *  softmaxCrossEntropy has a fused gradient (softmax − labels), like ours and PyTorch's. */
function crossEntropy(tf, logits, labels) {
  return tf.losses.softmaxCrossEntropy(labels, logits, undefined, 0, tf.Reduction.MEAN);
}

// ---------------------------------------------------------------- MLP

/** Parameters as in playground-nn's Mlp::new: weights N(0, 2/fan_in), biases zero. */
export function mlpParams(tf, seed = 1) {
  const p = {};
  for (let i = 0; i + 1 < MLP_SIZES.length; i++) {
    const [n, m] = [MLP_SIZES[i], MLP_SIZES[i + 1]];
    // PyTorch's nn.Sequential names the Linear layers 0, 2, 4 (the ReLUs are 1 and 3).
    p[`${2 * i}.weight`] = tf.variable(tf.randomNormal([n, m], 0, Math.sqrt(2 / n), "float32", seed + i));
    p[`${2 * i}.bias`] = tf.variable(tf.zeros([m]));
  }
  return p;
}

/** Mean cross-entropy of the MLP on `x` [batch, 64] against one-hot `labels` [batch, 16]. */
export function mlpLoss(tf, p, x, labels) {
  const layers = MLP_SIZES.length - 1;
  let h = x;
  for (let i = 0; i < layers; i++) {
    h = linear(tf, h, p, `${2 * i}`, i + 1 < layers ? "relu" : "linear");
  }
  return crossEntropy(tf, h, labels);
}

/** The fixed random batch: inputs N(0, 1), 16 random classes (one-hot). */
export function mlpBatch(tf, seed = 7) {
  const x = tf.randomNormal([MLP_BATCH, MLP_SIZES[0]], 0, 1, "float32", seed);
  const y = randomInts(tf, MLP_BATCH, MLP_SIZES.at(-1), seed + 1);
  return { x, labels: oneHot(tf, tf.tensor1d(y, "int32"), MLP_SIZES.at(-1)), y };
}

// ---------------------------------------------------------------- transformer

/** Parameters as in playground-nn's Transformer::new (GPT-2 initialisation): weights
 *  N(0, 0.02²), the two residual projections (attention proj, MLP fc2) N(0, (0.02/√(2·layers))²),
 *  biases zero, LayerNorm scale one and shift zero. */
export function transformerParams(tf, seed = 1) {
  const { vocab, context, width, layers } = TRANSFORMER;
  const std = 0.02;
  const projStd = std / Math.sqrt(2 * layers);
  let s = seed;
  const normal = (shape, sd) => tf.variable(tf.randomNormal(shape, 0, sd, "float32", s++));
  const p = {};
  const lin = (name, n, m, sd) => {
    p[`${name}.weight`] = normal([n, m], sd);
    p[`${name}.bias`] = tf.variable(tf.zeros([m]));
  };
  const ln = (name) => {
    p[`${name}.weight`] = tf.variable(tf.ones([width]));
    p[`${name}.bias`] = tf.variable(tf.zeros([width]));
  };
  p["tok.weight"] = normal([vocab, width], std);
  p["pos.weight"] = normal([context, width], std);
  for (let i = 0; i < layers; i++) {
    const b = `blocks.${i}`;
    ln(`${b}.ln1`);
    lin(`${b}.qkv`, width, 3 * width, std); // fused q | k | v projection
    lin(`${b}.proj`, width, width, projStd);
    ln(`${b}.ln2`);
    lin(`${b}.fc1`, width, 4 * width, std);
    lin(`${b}.fc2`, 4 * width, width, projStd);
  }
  ln("ln");
  lin("head", width, vocab, std);
  return p;
}

/** Causal mask added to the attention scores: 0 on and below the diagonal, −1e9 above. */
export function causalMask(tf, t) {
  return tf.tidy(() => {
    const lower = tf.linalg.bandPart(tf.ones([t, t]), -1, 0);
    return tf.mul(tf.sub(1, lower), -1e9);
  });
}

/** Causal multi-head self-attention of `h` [batch·time, width]; returns the same shape. */
function attention(tf, h, p, name, batch, t, mask) {
  const { width: d, heads } = TRANSFORMER;
  const dh = d / heads;
  const qkv = linear(tf, h, p, `${name}.qkv`); // [b·t, 3d]: columns are q | k | v
  // Each of q, k, v: [b·t, d] → [b, t, heads, dh] → [b, heads, t, dh] → [b·heads, t, dh].
  const [q, k, v] = tf.split(qkv, 3, 1).map((m) =>
    tf.reshape(tf.transpose(tf.reshape(m, [batch, t, heads, dh]), [0, 2, 1, 3]), [batch * heads, t, dh]));
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), mask);
  const weights = tf.softmax(scores); // over the last axis (keys)
  const ctx = tf.matMul(weights, v); // [b·heads, t, dh]
  const merged = tf.reshape(tf.transpose(tf.reshape(ctx, [batch, heads, t, dh]), [0, 2, 1, 3]), [batch * t, d]);
  return linear(tf, merged, p, `${name}.proj`);
}

/** One pre-LayerNorm block on the residual stream `x` [batch·time, width]. */
function block(tf, x, p, name, batch, t, mask) {
  x = tf.add(x, attention(tf, layerNorm(tf, x, p, `${name}.ln1`), p, name, batch, t, mask));
  const hidden = gelu(tf, linear(tf, layerNorm(tf, x, p, `${name}.ln2`), p, `${name}.fc1`));
  return tf.add(x, linear(tf, hidden, p, `${name}.fc2`));
}

/** Token embeddings of `ids` [batch·time] int32, the lookup chosen by `embed`:
 *  - 'gather': tf.gather. Its gradient needs the UnsortedSegmentSum kernel, which
 *    tfjs-backend-wasm 4.22 does not have, so it cannot train on the wasm backend.
 *  - 'onehot': one-hot rows times the table, [b·t, vocab]·[vocab, width]; the same
 *    numbers, a small matmul forward and backward (what the benchmark uses). */
function embed(tf, p, ids, how) {
  if (how === "gather") return tf.gather(p["tok.weight"], ids);
  return tf.matMul(oneHot(tf, ids, TRANSFORMER.vocab), p["tok.weight"]);
}

/** Mean next-token cross-entropy. `batchData` comes from transformerBatch. */
export function transformerLoss(tf, p, batchData, { embedding = "onehot" } = {}) {
  const { width, layers } = TRANSFORMER;
  const { inputs, labels, batch, t, mask } = batchData;
  // Token plus position embeddings; the position table broadcasts over the batch.
  let x = tf.add(tf.reshape(embed(tf, p, inputs, embedding), [batch, t, width]), p["pos.weight"]);
  x = tf.reshape(x, [batch * t, width]);
  for (let i = 0; i < layers; i++) x = block(tf, x, p, `blocks.${i}`, batch, t, mask);
  const logits = linear(tf, layerNorm(tf, x, p, "ln"), p, "head"); // [b·t, vocab]
  return crossEntropy(tf, logits, labels);
}

/** The fixed batch: `tokens` (32 rows of 17, in [0, vocab)) split into model inputs (the
 *  first 16 of each row, flattened int32) and one-hot targets (the last 16). */
export function transformerBatch(tf, tokens = null, seed = 7) {
  const { vocab, context } = TRANSFORMER;
  const batch = TRANSFORMER_BATCH;
  const len = context + 1;
  if (tokens == null) tokens = randomInts(tf, batch * len, vocab, seed);
  const inputs = [];
  const targets = [];
  for (let r = 0; r < batch; r++) {
    const row = tokens.slice(r * len, (r + 1) * len);
    inputs.push(...row.slice(0, context));
    targets.push(...row.slice(1));
  }
  return {
    tokens,
    batch,
    t: context,
    inputs: tf.tensor1d(inputs, "int32"),
    labels: oneHot(tf, tf.tensor1d(targets, "int32"), vocab),
    mask: causalMask(tf, context),
  };
}
