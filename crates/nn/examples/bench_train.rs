//! Training throughput of the CPU backend, for `bench/nn_cpu_vs_torch.sh`.
//!
//! Trains (a) an MLP 64 → 256 → 256 → 16 (ReLU, cross-entropy, Adam) on batches of 64
//! and (b) the tiny transformer (vocab 16, context 16, width 64, 4 heads, 2 layers, Adam)
//! on batches of 32, and prints `rust <model> <steps/s>`. The PyTorch side
//! (`bench/nn_torch.py`) trains the same models with the same sizes.
//!
//! Run: `cargo run --release -p playground-nn --example bench_train -- [seconds]`.

use std::time::Instant;

use playground_nn::bench::{BenchModel, BenchRun};
use playground_nn::{Cpu, block_on};

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

/// Steps per second of one of the shared benchmark models (`playground_nn::bench`).
fn train(seconds: f64, which: BenchModel) -> f64 {
    let mut run = BenchRun::new(&B::new(), which).expect("model");
    bench(seconds, || {
        std::hint::black_box(block_on(run.step(true)).expect("step"));
    })
}

fn mlp(seconds: f64) -> f64 {
    train(seconds, BenchModel::Mlp)
}

fn transformer(seconds: f64) -> f64 {
    train(seconds, BenchModel::Transformer)
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
