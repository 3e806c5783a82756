//! The backend-parity suite for the WebGPU backend (natively on Vulkan; in CI on Mesa's
//! lavapipe), plus whole training runs against `Cpu<f64>` and a determinism check.
//!
//! Without a GPU adapter (a machine without a Vulkan driver) every test here passes after
//! printing a notice that it was skipped; set `PLAYGROUND_REQUIRE_GPU=1` to make a
//! missing adapter a failure instead (CI does, since it installs lavapipe).
#![cfg(not(target_arch = "wasm32"))]

use std::sync::OnceLock;

use playground_core::rng::Rng;
use playground_nn::backend::gpu::Gpu;
use playground_nn::testing::parity::{Reference, TRAINING_RTOL};
use playground_nn::{
    Backend, Ids, Mlp, Optimizer, OptimizerConfig, Tape, Tensor, Transformer, TransformerConfig,
};

/// One device for the whole test binary (opening one costs far more than a test), or
/// `None` when this machine has no adapter.
fn shared_gpu() -> Option<Gpu> {
    static GPU: OnceLock<Option<Gpu>> = OnceLock::new();
    GPU.get_or_init(|| match Gpu::new_blocking() {
        Ok(gpu) => {
            eprintln!("GPU parity tests run on {}", gpu.describe());
            Some(gpu)
        }
        Err(e) => {
            assert!(
                std::env::var_os("PLAYGROUND_REQUIRE_GPU").is_none(),
                "PLAYGROUND_REQUIRE_GPU is set but no GPU adapter opened: {e}"
            );
            eprintln!("SKIPPING the GPU backend tests: {e}");
            None
        }
    })
    .clone()
}

/// The shared GPU, or return early from the calling test (which then passes): the
/// parity macro evaluates this inside each generated test function.
macro_rules! gpu_or_skip {
    () => {
        match shared_gpu() {
            Some(gpu) => gpu,
            None => return Ok(()),
        }
    };
}

playground_nn::backend_parity_tests!(gpu_or_skip!());

fn read<B: Backend>(b: &B, x: &B::Storage) -> Vec<f32> {
    playground_nn::block_on(b.read(x)).expect("readback")
}

fn relative(a: f32, b: f32) -> f64 {
    (a as f64 - b as f64).abs() / (b as f64).abs().max(1e-12)
}

/// Losses of `steps` training steps of an MLP from the same seed and data.
fn mlp_losses<B: Backend>(b: &B, config: OptimizerConfig, steps: usize) -> Vec<f32> {
    let mut rng = Rng::new(3);
    let (batch, inputs, classes) = (16, 12, 5);
    let x: Vec<f32> = (0..batch * inputs).map(|_| rng.normal() as f32).collect();
    let y: Vec<u32> = (0..batch).map(|_| rng.below(classes) as u32).collect();
    let x = Tensor::from_slice(b, &x, &[batch, inputs]).unwrap();
    let y = Ids::new(b, &y, &[batch]).unwrap();
    let mut model = Mlp::new(b, &[inputs, 32, 32, classes], 9).unwrap();
    let mut opt = Optimizer::new(config);
    (0..steps)
        .map(|_| {
            let tape = Tape::new();
            let loss = model.loss(&tape, &x, &y).unwrap();
            let grads = loss.backward().unwrap();
            opt.step(&mut model, &grads).unwrap();
            loss.to_scalar().unwrap()
        })
        .collect()
}

/// Losses of `steps` training steps of a small transformer from the same seed and data.
fn transformer_losses<B: Backend>(b: &B, config: OptimizerConfig, steps: usize) -> Vec<f32> {
    let shape = TransformerConfig {
        vocab: 11,
        context: 8,
        width: 16,
        heads: 2,
        layers: 2,
    };
    let mut model = Transformer::new(b, shape, 5).unwrap();
    let mut opt = Optimizer::new(config);
    let mut rng = Rng::new(4);
    let batch = 4;
    let tokens: Vec<u32> = (0..batch * 9).map(|_| rng.below(11) as u32).collect();
    (0..steps)
        .map(|_| {
            let tape = Tape::new();
            let loss = model.loss(&tape, &tokens, batch).unwrap();
            let grads = loss.backward().unwrap();
            opt.step(&mut model, &grads).unwrap();
            loss.to_scalar().unwrap()
        })
        .collect()
}

fn assert_close(what: &str, got: &[f32], want: &[f32]) {
    for (step, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(
            relative(g, w) <= TRAINING_RTOL,
            "{what}: step {step} loss {g}, reference {w} (relative error {:.2e})",
            relative(g, w)
        );
    }
}

#[test]
fn mlp_training_with_adam_matches_the_reference() -> Result<(), String> {
    let gpu = gpu_or_skip!();
    let config = OptimizerConfig::adam(1e-2);
    let want = mlp_losses(&Reference::new(), config, 6);
    assert_close("MLP, Adam", &mlp_losses(&gpu, config, 6), &want);
    Ok(())
}

#[test]
fn mlp_training_with_clipped_sgd_matches_the_reference() -> Result<(), String> {
    let gpu = gpu_or_skip!();
    let mut config = OptimizerConfig::sgd(0.05, 0.9).with_clip(0.5);
    config.weight_decay = 1e-3;
    let want = mlp_losses(&Reference::new(), config, 6);
    assert_close("MLP, SGD + clipping", &mlp_losses(&gpu, config, 6), &want);
    Ok(())
}

#[test]
fn transformer_training_matches_the_reference() -> Result<(), String> {
    let gpu = gpu_or_skip!();
    let config = OptimizerConfig::adamw(3e-3, 0.01).with_clip(1.0);
    let want = transformer_losses(&Reference::new(), config, 4);
    assert_close(
        "transformer, AdamW + clipping",
        &transformer_losses(&gpu, config, 4),
        &want,
    );
    Ok(())
}

#[test]
fn gpu_training_repeats_bit_for_bit() -> Result<(), String> {
    let gpu = gpu_or_skip!();
    let config = OptimizerConfig::adam(3e-3);
    let first = transformer_losses(&gpu, config, 3);
    let second = transformer_losses(&gpu, config, 3);
    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&first), bits(&second), "{first:?} vs {second:?}");
    Ok(())
}

/// Shapes beyond the tiny test cases: edges of both matmul tile sizes, every transpose
/// combination, long rows (several strides of a row workgroup) and long sums.
#[test]
fn larger_shapes_match_the_reference() -> Result<(), String> {
    use playground_nn::backend::MatmulDims;
    use playground_nn::testing::parity::{OPS, compare};
    let gpu = gpu_or_skip!();
    let cpu = Reference::new();
    let mut rng = Rng::new(21);
    let mut data = |n: usize| -> Vec<f32> { (0..n).map(|_| rng.normal() as f32).collect() };
    // The first two use 64×64 tiles (enough of them), the rest 16×16 tiles.
    let sizes = [
        (1, 520, 40, 530),
        (70, 65, 20, 3),
        (1, 130, 70, 200),
        (3, 17, 33, 9),
        (1, 1, 300, 1),
    ];
    for (batch, m, k, n) in sizes {
        for (trans_a, trans_b) in [(false, false), (true, false), (false, true), (true, true)] {
            let d = MatmulDims {
                batch,
                m,
                k,
                n,
                trans_a,
                trans_b,
            };
            let (a, b) = (data(batch * m * k), data(batch * k * n));
            let got = read(&gpu, &gpu.matmul(&gpu.upload(&a), &gpu.upload(&b), d));
            let want = read(&cpu, &cpu.matmul(&cpu.upload(&a), &cpu.upload(&b), d));
            compare(&format!("{d:?}"), &got, &want, OPS)?;
        }
    }
    let (rows, cols) = (37, 1000);
    let x = data(rows * cols);
    let got = read(&gpu, &gpu.log_softmax(&gpu.upload(&x), rows, cols));
    let want = read(&cpu, &cpu.log_softmax(&cpu.upload(&x), rows, cols));
    compare("log_softmax of long rows", &got, &want, OPS)?;
    let shape = [3, 700, 50];
    for to in [[1, 1, 1], [3, 1, 50], [1, 700, 1], [3, 700, 1]] {
        let x = data(shape.iter().product());
        let got = read(&gpu, &gpu.sum_to(&gpu.upload(&x), &shape, &to));
        let want = read(&cpu, &cpu.sum_to(&cpu.upload(&x), &shape, &to));
        compare(&format!("sum_to {to:?}"), &got, &want, OPS)?;
    }
    Ok(())
}
