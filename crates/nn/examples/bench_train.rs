//! Training throughput of the CPU backend, for `bench/nn_cpu_vs_torch.sh`.
//!
//! Trains (a) an MLP 64 → 256 → 256 → 16 (ReLU, cross-entropy, Adam) on batches of 64
//! and (b) the tiny transformer (vocab 16, context 16, width 64, 4 heads, 2 layers, Adam)
//! on batches of 32, and prints `rust <model> <steps/s>`. The PyTorch side
//! (`bench/nn_torch.py`) trains the same models with the same sizes.
//!
//! Run: `cargo run --release -p playground-nn --example bench_train -- [seconds]`.

use std::time::Instant;

use playground_core::rng::Rng;
use playground_nn::{
    Cpu, Ids, Mlp, Optimizer, OptimizerConfig, Tape, Tensor, Transformer, TransformerConfig,
};

type B = Cpu<f32>;

/// Steps per second of `step`, after a short warm-up, over about `seconds`.
fn bench(seconds: f64, mut step: impl FnMut()) -> f64 {
    for _ in 0..20 {
        step();
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed().as_secs_f64() < seconds {
        step();
        n += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn mlp(seconds: f64) -> f64 {
    let b = B::new();
    let mut rng = Rng::new(1);
    let mut model = Mlp::new(&b, &[64, 256, 256, 16], 0).expect("mlp");
    let mut opt = Optimizer::new(OptimizerConfig::adam(1e-3));
    let x: Vec<f32> = (0..64 * 64).map(|_| rng.normal() as f32).collect();
    let y: Vec<u32> = (0..64).map(|_| rng.below(16) as u32).collect();
    let x = Tensor::from_slice(&b, &x, &[64, 64]).expect("x");
    let y = Ids::new(&b, &y, &[64]).expect("y");
    bench(seconds, || {
        let tape = Tape::new();
        let loss = model.loss(&tape, &x, &y).expect("loss");
        let grads = loss.backward().expect("backward");
        opt.step(&mut model, &grads).expect("step");
        std::hint::black_box(loss.to_scalar().expect("read"));
    })
}

fn transformer(seconds: f64) -> f64 {
    let b = B::new();
    let config = TransformerConfig {
        vocab: 16,
        context: 16,
        width: 64,
        heads: 4,
        layers: 2,
    };
    let mut model = Transformer::new(&b, config, 0).expect("transformer");
    let mut opt = Optimizer::new(OptimizerConfig::adam(1e-3));
    let mut rng = Rng::new(2);
    let batch = 32;
    let tokens: Vec<u32> = (0..batch * 17).map(|_| rng.below(16) as u32).collect();
    bench(seconds, || {
        let tape = Tape::new();
        let loss = model.loss(&tape, &tokens, batch).expect("loss");
        let grads = loss.backward().expect("backward");
        opt.step(&mut model, &grads).expect("step");
        std::hint::black_box(loss.to_scalar().expect("read"));
    })
}

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let which = std::env::args().nth(2).unwrap_or_else(|| "all".into());
    if which == "all" || which == "mlp" {
        println!("rust mlp {:.1}", mlp(seconds));
    }
    if which == "all" || which == "transformer" {
        println!("rust transformer {:.1}", transformer(seconds));
    }
}
