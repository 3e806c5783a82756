//! One list of small differentiable computations, each exercising one operation. The
//! same cases drive the finite-difference gradient checks (on `Cpu<f64>`) and the
//! backend-parity suite (any backend against `Cpu<f64>`), so a new operation is tested
//! everywhere by adding it here once.

use playground_core::rng::Rng;

use crate::backend::Backend;
use crate::error::Result;
use crate::tensor::{Ids, Tensor};

/// How an input's values are drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Values {
    /// Standard normal.
    Normal,
    /// Uniform in [0.5, 2): for log and division.
    Positive,
    /// Standard normal pushed at least 0.1 away from 0: for ReLU's kink.
    AwayFromZero,
}

/// One input tensor of a case.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub shape: Vec<usize>,
    pub values: Values,
}

/// The inputs of a case: float tensors (differentiated) and id tensors (ids < bound).
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub inputs: Vec<Input>,
    pub ids: Vec<(Vec<usize>, u32)>,
}

fn spec(inputs: &[(&[usize], Values)], ids: &[(&[usize], u32)]) -> Spec {
    Spec {
        inputs: inputs
            .iter()
            .map(|(s, v)| Input {
                shape: s.to_vec(),
                values: *v,
            })
            .collect(),
        ids: ids.iter().map(|(s, b)| (s.to_vec(), *b)).collect(),
    }
}

use Values::{AwayFromZero as Away, Normal as N, Positive as P};

/// Every operation of the front end, as a tiny computation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpCase {
    Add,
    Sub,
    Mul,
    Div,
    BroadcastAddRow,
    BroadcastMulColumn,
    BroadcastDivScalar,
    Exp,
    Log,
    Tanh,
    Gelu,
    Relu,
    Sigmoid,
    LogSigmoid,
    Affine,
    Sum,
    Mean,
    SumAxis,
    MeanAxis,
    Matmul,
    MatmulBatched,
    MatmulShared,
    MatmulT,
    Reshape,
    Permute,
    Transpose,
    Narrow,
    Concat,
    Softmax,
    LogSoftmax,
    CausalSoftmax,
    LayerNorm,
    CrossEntropy,
    GatherLast,
    Embedding,
}

impl OpCase {
    pub const ALL: &'static [OpCase] = &[
        OpCase::Add,
        OpCase::Sub,
        OpCase::Mul,
        OpCase::Div,
        OpCase::BroadcastAddRow,
        OpCase::BroadcastMulColumn,
        OpCase::BroadcastDivScalar,
        OpCase::Exp,
        OpCase::Log,
        OpCase::Tanh,
        OpCase::Gelu,
        OpCase::Relu,
        OpCase::Sigmoid,
        OpCase::LogSigmoid,
        OpCase::Affine,
        OpCase::Sum,
        OpCase::Mean,
        OpCase::SumAxis,
        OpCase::MeanAxis,
        OpCase::Matmul,
        OpCase::MatmulBatched,
        OpCase::MatmulShared,
        OpCase::MatmulT,
        OpCase::Reshape,
        OpCase::Permute,
        OpCase::Transpose,
        OpCase::Narrow,
        OpCase::Concat,
        OpCase::Softmax,
        OpCase::LogSoftmax,
        OpCase::CausalSoftmax,
        OpCase::LayerNorm,
        OpCase::CrossEntropy,
        OpCase::GatherLast,
        OpCase::Embedding,
    ];

    pub fn spec(self) -> Spec {
        match self {
            OpCase::Add | OpCase::Sub | OpCase::Mul => spec(&[(&[3, 4], N), (&[3, 4], N)], &[]),
            OpCase::Div => spec(&[(&[3, 4], N), (&[3, 4], P)], &[]),
            OpCase::BroadcastAddRow => spec(&[(&[2, 3, 4], N), (&[4], N)], &[]),
            OpCase::BroadcastMulColumn => spec(&[(&[2, 3, 4], N), (&[2, 3, 1], N)], &[]),
            OpCase::BroadcastDivScalar => spec(&[(&[5], N), (&[1], P)], &[]),
            OpCase::Log => spec(&[(&[2, 5], P)], &[]),
            OpCase::Relu => spec(&[(&[2, 5], Away)], &[]),
            OpCase::Exp
            | OpCase::Tanh
            | OpCase::Gelu
            | OpCase::Sigmoid
            | OpCase::LogSigmoid
            | OpCase::Affine
            | OpCase::Sum
            | OpCase::Mean => spec(&[(&[2, 5], N)], &[]),
            OpCase::SumAxis | OpCase::MeanAxis => spec(&[(&[2, 3, 4], N)], &[]),
            OpCase::Matmul => spec(&[(&[3, 5], N), (&[5, 4], N)], &[]),
            OpCase::MatmulBatched => spec(&[(&[2, 3, 5], N), (&[2, 5, 4], N)], &[]),
            OpCase::MatmulShared => spec(&[(&[2, 3, 5], N), (&[5, 4], N)], &[]),
            OpCase::MatmulT => spec(&[(&[2, 3, 5], N), (&[2, 4, 5], N)], &[]),
            OpCase::Reshape | OpCase::Permute | OpCase::Transpose | OpCase::Narrow => {
                spec(&[(&[2, 3, 4], N)], &[])
            }
            OpCase::Concat => spec(&[(&[2, 3, 4], N), (&[2, 2, 4], N)], &[]),
            OpCase::Softmax | OpCase::LogSoftmax => spec(&[(&[3, 6], N)], &[]),
            OpCase::CausalSoftmax => spec(&[(&[2, 4, 4], N)], &[]),
            OpCase::LayerNorm => spec(&[(&[3, 6], N), (&[6], N), (&[6], N)], &[]),
            OpCase::CrossEntropy | OpCase::GatherLast => spec(&[(&[2, 3, 5], N)], &[(&[2, 3], 5)]),
            OpCase::Embedding => spec(&[(&[5, 3], N)], &[(&[2, 4], 5)]),
        }
    }

    /// The computation, on any backend. Its output is reduced to a scalar by the caller.
    pub fn build<B: Backend>(self, x: &[Tensor<B>], ids: &[Ids<B>]) -> Result<Tensor<B>> {
        Ok(match self {
            OpCase::Add | OpCase::BroadcastAddRow => x[0].add(&x[1])?,
            OpCase::Sub => x[0].sub(&x[1])?,
            OpCase::Mul | OpCase::BroadcastMulColumn => x[0].mul(&x[1])?,
            OpCase::Div | OpCase::BroadcastDivScalar => x[0].div(&x[1])?,
            OpCase::Exp => x[0].exp(),
            OpCase::Log => x[0].log(),
            OpCase::Tanh => x[0].tanh(),
            OpCase::Gelu => x[0].gelu(),
            OpCase::Relu => x[0].relu(),
            OpCase::Sigmoid => x[0].sigmoid(),
            OpCase::LogSigmoid => x[0].scale(3.0).log_sigmoid(),
            OpCase::Affine => x[0].affine(-1.5, 0.25),
            OpCase::Sum => x[0].sum(),
            OpCase::Mean => x[0].mean(),
            OpCase::SumAxis => x[0].sum_axis(1)?,
            OpCase::MeanAxis => x[0].mean_axis(-1)?,
            OpCase::Matmul | OpCase::MatmulBatched | OpCase::MatmulShared => x[0].matmul(&x[1])?,
            OpCase::MatmulT => x[0].matmul_t(&x[1])?,
            OpCase::Reshape => x[0].reshape(&[4, 6])?,
            OpCase::Permute => x[0].permute(&[2, 0, 1])?,
            OpCase::Transpose => x[0].transpose(0, -1)?,
            OpCase::Narrow => x[0].narrow(1, 1, 2)?,
            OpCase::Concat => Tensor::concat(&[&x[0], &x[1]], 1)?,
            OpCase::Softmax => x[0].softmax(),
            OpCase::LogSoftmax => x[0].log_softmax(),
            OpCase::CausalSoftmax => x[0].causal_mask()?.softmax(),
            OpCase::LayerNorm => x[0].layer_norm(&x[1], &x[2], 1e-5)?,
            OpCase::CrossEntropy => x[0].cross_entropy(&ids[0])?,
            OpCase::GatherLast => x[0].log_softmax().gather_last(&ids[0])?,
            OpCase::Embedding => Tensor::embedding(&x[0], &ids[0])?,
        })
    }
}

/// Draw a case's inputs as f32 values (exactly representable in f64, so every backend
/// sees the same numbers) and ids.
pub fn draw_inputs(spec: &Spec, seed: u64) -> (Vec<Vec<f32>>, Vec<Vec<u32>>) {
    let mut rng = Rng::new(seed);
    let values = spec
        .inputs
        .iter()
        .map(|inp| {
            let n: usize = inp.shape.iter().product();
            (0..n)
                .map(|_| match inp.values {
                    Values::Normal => rng.normal() as f32,
                    Values::Positive => (0.5 + 1.5 * rng.uniform()) as f32,
                    Values::AwayFromZero => {
                        let z = rng.normal();
                        (z + 0.1 * z.signum()) as f32
                    }
                })
                .collect()
        })
        .collect();
    let ids = spec
        .ids
        .iter()
        .map(|(shape, bound)| {
            let n: usize = shape.iter().product();
            (0..n).map(|_| rng.below(*bound as usize) as u32).collect()
        })
        .collect();
    (values, ids)
}

/// Fixed weights w for the scalar loss Σ w·y, so every output element gets a different
/// upstream gradient (a plain sum would hide errors that a uniform gradient cancels).
pub fn loss_weights(n: usize, seed: u64) -> Vec<f32> {
    let mut rng = Rng::new(seed ^ 0xABCD);
    (0..n).map(|_| (rng.uniform() * 2.0 - 0.5) as f32).collect()
}
