//! The backend-parity suite: every backend must agree with `Cpu<f64>`, the reference,
//! on forward values and gradients of every operation, and on whole training runs.
//!
//! Instantiate it for a backend in a test file with [`crate::backend_parity_tests!`]:
//!
//! ```ignore
//! mod gpu_parity {
//!     playground_nn::backend_parity_tests!(my_crate::Gpu::new_blocking().unwrap());
//! }
//! ```
//!
//! Tolerances: an element passes when |got − want| ≤ rtol·|want| + atol·max(1, max|want|)
//! over its tensor. Operations use [`OPS`]; whole training runs compare losses with a
//! relative tolerance [`TRAINING_RTOL`].

use playground_core::rng::Rng;

use crate::backend::{Backend, Cpu};
use crate::error::Result;
use crate::mlp::Mlp;
use crate::optim::{Optimizer, OptimizerConfig};
use crate::tensor::{Ids, Tensor};
use crate::testing::cases::{OpCase, draw_inputs};
use crate::testing::gradcheck::weighted_sum;
use crate::transformer::{Transformer, TransformerConfig};
use crate::{Tape, block_on};

/// A comparison tolerance; see the module docs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    pub rtol: f64,
    pub atol: f64,
}

/// For single operations in f32 against f64.
pub const OPS: Tolerance = Tolerance {
    rtol: 1e-4,
    atol: 1e-5,
};

/// Relative tolerance on losses of a short training run (f32 against f64).
pub const TRAINING_RTOL: f64 = 1e-4;

/// The reference backend.
pub type Reference = Cpu<f64>;

/// Compare two tensors' values; Err names the worst element.
pub fn compare(what: &str, got: &[f32], want: &[f32], tol: Tolerance) -> Result<(), String> {
    if got.len() != want.len() {
        return Err(format!(
            "{what}: {} values, reference has {}",
            got.len(),
            want.len()
        ));
    }
    let scale = want.iter().fold(1.0f64, |m, &w| m.max((w as f64).abs()));
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        let (g, w) = (g as f64, w as f64);
        let bound = tol.rtol * w.abs() + tol.atol * scale;
        if (g - w).abs() > bound || g.is_nan() != w.is_nan() {
            return Err(format!(
                "{what}: element {i} is {g}, reference {w} (|Δ| = {:.3e} > {bound:.3e})",
                (g - w).abs()
            ));
        }
    }
    Ok(())
}

/// Forward output and input gradients of one op case on one backend, read back with
/// `.await` (so the same code serves a browser, where WebGPU readbacks cannot block).
async fn run_case<B: Backend>(b: &B, case: OpCase, seed: u64) -> Result<(Vec<f32>, Vec<Vec<f32>>)> {
    let spec = case.spec();
    let (values, ids) = draw_inputs(&spec, seed);
    let leaves: Vec<Tensor<B>> = values
        .iter()
        .zip(&spec.inputs)
        .map(|(v, inp)| Tensor::from_slice(b, v, &inp.shape))
        .collect::<Result<_>>()?;
    let ids: Vec<Ids<B>> = ids
        .iter()
        .zip(&spec.ids)
        .map(|(v, (shape, _))| Ids::new(b, v, shape))
        .collect::<Result<_>>()?;
    let tape = Tape::new();
    let tracked: Vec<Tensor<B>> = leaves.iter().map(|t| tape.track(t)).collect();
    let y = case.build(&tracked, &ids)?;
    let grads = weighted_sum(&y, seed)?.backward()?;
    let forward = y.read().await?;
    let mut input_grads = Vec::new();
    for leaf in &leaves {
        input_grads.push(match grads.get(leaf) {
            Some(g) => g.read().await?,
            None => vec![0.0; leaf.numel()],
        });
    }
    Ok((forward, input_grads))
}

/// Forward values and gradients of `case` on `backend` agree with `Cpu<f64>`.
pub fn check_op<B: Backend>(backend: &B, case: OpCase) -> Result<(), String> {
    block_on(check_op_async(backend, case))
}

/// [`check_op`] for callers that must not block (a browser).
pub async fn check_op_async<B: Backend>(backend: &B, case: OpCase) -> Result<(), String> {
    let seed = 7;
    let err = |e: crate::NnError| format!("{case:?}: {e}");
    let (fy, fg) = run_case(backend, case, seed).await.map_err(err)?;
    let (ry, rg) = run_case(&Reference::new(), case, seed).await.map_err(err)?;
    compare(&format!("{case:?} forward"), &fy, &ry, OPS)?;
    for (i, (g, r)) in fg.iter().zip(&rg).enumerate() {
        compare(&format!("{case:?} gradient of input {i}"), g, r, OPS)?;
    }
    Ok(())
}

/// Every op case; reports all failures at once.
pub fn check_all_ops<B: Backend>(backend: &B) -> Result<(), String> {
    let failures: Vec<String> = OpCase::ALL
        .iter()
        .filter_map(|&c| check_op(backend, c).err())
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// Losses of `steps` Adam steps of a tiny transformer on fixed random text, on `b`.
/// Weights come from the same seed on every backend (initialised on the host).
pub fn transformer_losses<B: Backend>(b: &B, steps: usize) -> Result<Vec<f64>> {
    let config = TransformerConfig {
        vocab: 11,
        context: 8,
        width: 16,
        heads: 2,
        layers: 2,
    };
    let mut model = Transformer::new(b, config, 3)?;
    let mut opt = Optimizer::new(OptimizerConfig::adam(1e-2).with_clip(1.0));
    let mut rng = Rng::new(4);
    let batch = 4;
    let mut losses = Vec::new();
    for _ in 0..steps {
        let tokens: Vec<u32> = (0..batch * 9).map(|_| rng.below(11) as u32).collect();
        let tape = Tape::new();
        let loss = model.loss(&tape, &tokens, batch)?;
        losses.push(f64::from(block_on(loss.read())?[0]));
        opt.step(&mut model, &loss.backward()?)?;
    }
    Ok(losses)
}

/// Losses of `steps` SGD-with-momentum steps of a small MLP classifier on `b`.
pub fn mlp_losses<B: Backend>(b: &B, steps: usize) -> Result<Vec<f64>> {
    let mut model = Mlp::new(b, &[6, 16, 16, 5], 5)?;
    let mut opt = Optimizer::new(OptimizerConfig::sgd(0.05, 0.9));
    let mut rng = Rng::new(6);
    let x: Vec<f32> = (0..8 * 6).map(|_| rng.normal() as f32).collect();
    let y: Vec<u32> = (0..8).map(|_| rng.below(5) as u32).collect();
    let x = Tensor::from_slice(b, &x, &[8, 6])?;
    let y = Ids::new(b, &y, &[8])?;
    let mut losses = Vec::new();
    for _ in 0..steps {
        let tape = Tape::new();
        let loss = model.loss(&tape, &x, &y)?;
        losses.push(f64::from(block_on(loss.read())?[0]));
        opt.step(&mut model, &loss.backward()?)?;
    }
    Ok(losses)
}

/// Compare per-step losses with the reference within [`TRAINING_RTOL`].
pub fn compare_losses(what: &str, got: &[f64], want: &[f64]) -> Result<(), String> {
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        if (g - w).abs() > TRAINING_RTOL * w.abs() || !g.is_finite() {
            return Err(format!(
                "{what}: step {i} loss {g} vs reference {w} (rtol {TRAINING_RTOL})"
            ));
        }
    }
    Ok(())
}

/// A few transformer training steps give the reference's losses.
pub fn check_transformer_training<B: Backend>(backend: &B) -> Result<(), String> {
    let got = transformer_losses(backend, 5).map_err(|e| e.to_string())?;
    let want = transformer_losses(&Reference::new(), 5).map_err(|e| e.to_string())?;
    compare_losses("transformer training", &got, &want)
}

/// A few MLP training steps give the reference's losses.
pub fn check_mlp_training<B: Backend>(backend: &B) -> Result<(), String> {
    let got = mlp_losses(backend, 5).map_err(|e| e.to_string())?;
    let want = mlp_losses(&Reference::new(), 5).map_err(|e| e.to_string())?;
    compare_losses("MLP training", &got, &want)
}

/// Defines one `#[test]` per operation case plus the whole-model training checks, for the
/// backend built by the given expression. Use inside a test module.
#[macro_export]
macro_rules! backend_parity_tests {
    ($make:expr) => {
        #[test]
        fn transformer_training() -> ::std::result::Result<(), String> {
            $crate::testing::parity::check_transformer_training(&$make)
        }
        #[test]
        fn mlp_training() -> ::std::result::Result<(), String> {
            $crate::testing::parity::check_mlp_training(&$make)
        }
        $crate::backend_parity_tests!(@ops $make;
            Add, Sub, Mul, Div, BroadcastAddRow, BroadcastMulColumn, BroadcastDivScalar,
            Exp, Log, Tanh, Gelu, Relu, Sigmoid, LogSigmoid, Affine, Sum, Mean, SumAxis,
            MeanAxis, Matmul, MatmulBatched, MatmulShared, MatmulT, Reshape, Permute,
            Transpose, Narrow, Concat, Softmax, LogSoftmax, CausalSoftmax, LayerNorm,
            CrossEntropy, GatherLast, Embedding);
    };
    (@ops $make:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $case() -> ::std::result::Result<(), String> {
                $crate::testing::parity::check_op(&$make, $crate::testing::OpCase::$case)
            }
        )*
    };
}
