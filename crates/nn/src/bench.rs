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
                let x: Vec<f32> = (0..64 * 64).map(|_| rng.normal() as f32).collect();
                let y: Vec<u32> = (0..64).map(|_| rng.below(16) as u32).collect();
                Net::Mlp {
                    model: Mlp::new(b, &[64, 256, 256, 16], 0)?,
                    x: Tensor::from_slice(b, &x, &[64, 64])?,
                    y: Ids::new(b, &y, &[64])?,
                }
            }
            BenchModel::Transformer => {
                let config = TransformerConfig {
                    vocab: 16,
                    context: 16,
                    width: 64,
                    heads: 4,
                    layers: 2,
                };
                let batch = 32;
                Net::Transformer {
                    model: Box::new(Transformer::new(b, config, 0)?),
                    tokens: (0..batch * 17).map(|_| rng.below(16) as u32).collect(),
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
