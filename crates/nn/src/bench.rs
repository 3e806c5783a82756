//! The training-throughput benchmark's two models, shared by every place that measures
//! them: `examples/bench_train.rs` (native CPU, against PyTorch), `examples/gpu_bench.rs`
//! (GPU against CPU) and the web app's /bench page (wasm and WebGPU, against
//! TensorFlow.js). Same sizes and data everywhere, so the figures compare like with like.
//!
//! - MLP: 64 → 256 → 256 → 16 (ReLU), cross-entropy, Adam, batches of 64.
//! - Transformer: vocabulary 16, context 16, width 64, 4 heads, 2 layers, Adam, batches
//!   of 32 sequences.

use playground_core::rng::Rng;

use crate::{
    Backend, Ids, Mlp, Optimizer, OptimizerConfig, Result, Tape, Tensor, Transformer,
    TransformerConfig,
};

/// Which model to train.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BenchModel {
    Mlp,
    Transformer,
}

impl BenchModel {
    pub const ALL: [BenchModel; 2] = [BenchModel::Mlp, BenchModel::Transformer];

    pub fn name(self) -> &'static str {
        match self {
            BenchModel::Mlp => "mlp",
            BenchModel::Transformer => "transformer",
        }
    }

    /// Floating-point operations (a multiply and an add each) in one training step's matrix
    /// products: each forward product, and in the backward pass two per forward product —
    /// the gradients of its two operands — except the data's gradient at the MLP's first
    /// layer, which nobody needs. Element-wise work (a few percent of a step) is left out.
    /// This is the model's work whoever trains it; the benchmarks divide it by a step's
    /// time to compare both trainers with the processor's peak (`examples/peak_flops.rs`).
    pub fn matmul_flops(self) -> f64 {
        let macs = match self {
            BenchModel::Mlp => {
                let (batch, sizes) = (MLP_BATCH, MLP_SIZES);
                let layer = |w: &[usize]| batch * w[0] * w[1];
                let forward: usize = sizes.windows(2).map(layer).sum();
                // Weight gradients: one product per layer; input gradients: all but the first.
                forward + forward + (forward - layer(&sizes[..2]))
            }
            BenchModel::Transformer => {
                let c = transformer_config();
                let tokens = TRANSFORMER_BATCH * c.context;
                let head = c.width / c.heads;
                let attention = 2 * TRANSFORMER_BATCH * c.heads * c.context * c.context * head;
                // Q, K and V; the output projection; the MLP's two layers (4 × width wide).
                let dense = tokens * c.width * (3 * c.width + c.width + 2 * 4 * c.width);
                let unembed = tokens * c.width * c.vocab;
                3 * (c.layers * (dense + attention) + unembed)
            }
        };
        2.0 * macs as f64
    }
}

const MLP_SIZES: [usize; 4] = [64, 256, 256, 16];
const MLP_BATCH: usize = 64;
const TRANSFORMER_BATCH: usize = 32;

fn transformer_config() -> TransformerConfig {
    TransformerConfig {
        vocab: 16,
        context: 16,
        width: 64,
        heads: 4,
        layers: 2,
    }
}

#[derive(Debug)]
enum Net<B: Backend> {
    Mlp {
        model: Mlp<B>,
        x: Tensor<B>,
        y: Ids<B>,
    },
    Transformer {
        // Boxed: the transformer is much larger than the MLP variant.
        model: Box<Transformer<B>>,
        tokens: Vec<u32>,
        batch: usize,
    },
}

/// A model, its optimiser and one fixed batch: each `step` is one full training step.
#[derive(Debug)]
pub struct BenchRun<B: Backend> {
    net: Net<B>,
    opt: Optimizer<B>,
}

impl<B: Backend> BenchRun<B> {
    pub fn new(b: &B, which: BenchModel) -> Result<Self> {
        let mut rng = Rng::new(1);
        let net = match which {
            BenchModel::Mlp => {
                let (batch, inputs) = (MLP_BATCH, MLP_SIZES[0]);
                let x: Vec<f32> = (0..batch * inputs).map(|_| rng.normal() as f32).collect();
                let classes = MLP_SIZES[MLP_SIZES.len() - 1];
                let y: Vec<u32> = (0..batch).map(|_| rng.below(classes) as u32).collect();
                Net::Mlp {
                    model: Mlp::new(b, &MLP_SIZES, 0)?,
                    x: Tensor::from_slice(b, &x, &[batch, inputs])?,
                    y: Ids::new(b, &y, &[batch])?,
                }
            }
            BenchModel::Transformer => {
                let config = transformer_config();
                let batch = TRANSFORMER_BATCH;
                // Each sequence is its context and the token after it.
                let tokens = (0..batch * (config.context + 1))
                    .map(|_| rng.below(config.vocab) as u32)
                    .collect();
                Net::Transformer {
                    model: Box::new(Transformer::new(b, config, 0)?),
                    tokens,
                    batch,
                }
            }
        };
        Ok(BenchRun {
            net,
            opt: Optimizer::new(OptimizerConfig::adam(1e-3)),
        })
    }

    /// One training step; `read` also reads the loss back (a device round trip on a GPU).
    pub async fn step(&mut self, read: bool) -> Result<Option<f32>> {
        let tape = Tape::new();
        let loss = match &self.net {
            Net::Mlp { model, x, y } => model.loss(&tape, x, y)?,
            Net::Transformer {
                model,
                tokens,
                batch,
            } => model.loss(&tape, tokens, *batch)?,
        };
        let grads = loss.backward()?;
        match &mut self.net {
            Net::Mlp { model, .. } => self.opt.step(model, &grads)?,
            Net::Transformer { model, .. } => self.opt.step(model.as_mut(), &grads)?,
        }
        if read {
            Ok(Some(loss.read().await?[0]))
        } else {
            Ok(None)
        }
    }
}
