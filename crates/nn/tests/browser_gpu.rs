//! The WebGPU backend in a real browser: the parity cases and short training runs through
//! WebGPU in headless Chromium, against `Cpu<f64>`, plus the fallback path.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p playground-nn --target
//! wasm32-unknown-unknown --test browser_gpu` from `crates/nn` (its `webdriver.json`
//! starts Chromium with `--enable-unsafe-webgpu`, which exposes WebGPU on SwiftShader
//! where there is no GPU). Without that flag `navigator.gpu` exists but
//! `requestAdapter()` gives null: then `Gpu::new` must fail cleanly, and these tests
//! check that and skip the GPU comparisons with a notice, unless the crate was built
//! with `PLAYGROUND_REQUIRE_GPU` set.
//!
//! `block_on` cannot work in a browser (a WebGPU readback resolves on a later turn of the
//! event loop): the operation cases use the suite's `check_op_async`, and the training
//! runs below are driven with `.await`.
#![cfg(target_arch = "wasm32")]

use playground_core::rng::Rng;
use playground_nn::backend::gpu::{Gpu, GpuOptions};
use playground_nn::testing::OpCase;
use playground_nn::testing::parity::{OPS, Reference, TRAINING_RTOL, check_op_async, compare};
use playground_nn::{
    Backend, Ids, Mlp, NnError, Optimizer, OptimizerConfig, Result, Tape, Tensor, Transformer,
    TransformerConfig,
};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The browser's WebGPU backend, or `None` (with a notice) where it has none.
async fn gpu() -> Option<Gpu> {
    match Gpu::new().await {
        Ok(gpu) => {
            console_log!("WebGPU adapter: {}", gpu.describe());
            Some(gpu)
        }
        Err(e) => {
            assert!(matches!(e, NnError::Backend(_)), "{e:?}");
            assert!(
                option_env!("PLAYGROUND_REQUIRE_GPU").is_none(),
                "PLAYGROUND_REQUIRE_GPU is set but WebGPU did not open: {e}"
            );
            console_log!("SKIPPING the WebGPU comparisons (the CPU fallback applies): {e}");
            None
        }
    }
}

#[wasm_bindgen_test]
async fn every_operation_matches_the_reference_through_webgpu() {
    let Some(gpu) = gpu().await else { return };
    let mut failures = Vec::new();
    for &case in OpCase::ALL {
        if let Err(e) = check_op_async(&gpu, case).await {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    console_log!("{} operation cases agree with Cpu<f64>", OpCase::ALL.len());
}

/// Losses of a few Adam steps of a small transformer and MLP, read with `.await`.
async fn training_losses<B: Backend>(b: &B) -> Result<Vec<f32>> {
    let shape = TransformerConfig {
        vocab: 11,
        context: 8,
        width: 16,
        heads: 2,
        layers: 2,
    };
    let mut model = Transformer::new(b, shape, 5)?;
    let mut opt = Optimizer::new(OptimizerConfig::adamw(3e-3, 0.01).with_clip(1.0));
    let mut rng = Rng::new(4);
    let tokens: Vec<u32> = (0..4 * 9).map(|_| rng.below(11) as u32).collect();
    let mut losses = Vec::new();
    for _ in 0..3 {
        let tape = Tape::new();
        let loss = model.loss(&tape, &tokens, 4)?;
        let grads = loss.backward()?;
        opt.step(&mut model, &grads)?;
        losses.push(loss.read().await?[0]);
    }
    let x: Vec<f32> = (0..8 * 6).map(|_| rng.normal() as f32).collect();
    let y: Vec<u32> = (0..8).map(|_| rng.below(5) as u32).collect();
    let (x, y) = (Tensor::from_slice(b, &x, &[8, 6])?, Ids::new(b, &y, &[8])?);
    let mut mlp = Mlp::new(b, &[6, 16, 16, 5], 5)?;
    let mut opt = Optimizer::new(OptimizerConfig::sgd(0.05, 0.9));
    for _ in 0..3 {
        let tape = Tape::new();
        let loss = mlp.loss(&tape, &x, &y)?;
        let grads = loss.backward()?;
        opt.step(&mut mlp, &grads)?;
        losses.push(loss.read().await?[0]);
    }
    Ok(losses)
}

#[wasm_bindgen_test]
async fn training_steps_match_the_reference_through_webgpu() {
    let Some(gpu) = gpu().await else { return };
    let got = training_losses(&gpu).await.expect("GPU training");
    let want = training_losses(&Reference::new())
        .await
        .expect("reference training");
    for (step, (&g, &w)) in got.iter().zip(&want).enumerate() {
        let rel = (f64::from(g) - f64::from(w)).abs() / f64::from(w).abs();
        assert!(
            rel <= TRAINING_RTOL,
            "step {step}: loss {g}, reference {w} ({rel:.2e})"
        );
    }
}

#[wasm_bindgen_test]
async fn an_impossible_adapter_request_fails_cleanly_in_the_browser() {
    let options = GpuOptions {
        backends: wgpu::Backends::empty(),
        ..GpuOptions::default()
    };
    let err = Gpu::with_options(options)
        .await
        .expect_err("no backend, no adapter");
    assert!(matches!(err, NnError::Backend(_)), "{err:?}");
}

/// Shapes beyond the tiny op cases, so that every kernel variant is compiled and run by
/// the browser's shader compiler too: both matmul tile sizes with every transpose, long
/// rows, and both sum strategies.
#[wasm_bindgen_test]
async fn larger_shapes_match_the_reference_through_webgpu() {
    use playground_nn::backend::MatmulDims;
    let Some(gpu) = gpu().await else { return };
    let cpu = Reference::new();
    let mut rng = Rng::new(21);
    let mut data = |n: usize| -> Vec<f32> { (0..n).map(|_| rng.normal() as f32).collect() };
    for (batch, m, k, n) in [(70, 65, 20, 3), (2, 30, 17, 19)] {
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
            let got = gpu
                .read(&gpu.matmul(&gpu.upload(&a), &gpu.upload(&b), d))
                .await
                .unwrap();
            let want = cpu
                .read(&cpu.matmul(&cpu.upload(&a), &cpu.upload(&b), d))
                .await
                .unwrap();
            compare(&format!("{d:?}"), &got, &want, OPS).unwrap();
        }
    }
    let (rows, cols) = (5, 300);
    let x = data(rows * cols);
    let got = gpu
        .read(&gpu.softmax(&gpu.upload(&x), rows, cols))
        .await
        .unwrap();
    let want = cpu
        .read(&cpu.softmax(&cpu.upload(&x), rows, cols))
        .await
        .unwrap();
    compare("softmax of long rows", &got, &want, OPS).unwrap();
    let shape = [3, 70, 50];
    for to in [[1, 1, 1], [3, 1, 50], [3, 70, 1]] {
        let x = data(shape.iter().product());
        let got = gpu
            .read(&gpu.sum_to(&gpu.upload(&x), &shape, &to))
            .await
            .unwrap();
        let want = cpu
            .read(&cpu.sum_to(&cpu.upload(&x), &shape, &to))
            .await
            .unwrap();
        compare(&format!("sum_to {to:?}"), &got, &want, OPS).unwrap();
    }
}
