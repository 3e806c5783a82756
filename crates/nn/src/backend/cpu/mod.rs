//! The CPU backend: the reference implementation and the fallback when there is no GPU.
//!
//! Single-threaded and deterministic: the same inputs give bit-identical outputs on native
//! x86_64 and on wasm32, because every transcendental function comes from `libm`, every
//! sum runs in a fixed order, and the matrix product never uses fused multiply-add (see
//! [`gemm`]). It is generic over the element type: `Cpu<f32>` is what users run,
//! `Cpu<f64>` is the reference for gradient checks and backend-parity tests.

pub mod buffer;
pub(crate) mod gemm;
mod pointwise;
mod rows;
mod simd;
mod strided;

use std::future::{Future, ready};
use std::marker::PhantomData;

use buffer::store;
pub use buffer::{Buffer, CpuStorage};

use crate::backend::{AdamStep, Backend, BinaryOp, LayerNormOut, MatmulDims, SgdStep, UnaryOp};
use crate::element::Element;
use crate::error::Result;

/// The CPU backend, computing in `E` (`f32` or `f64`).
#[derive(Debug)]
pub struct Cpu<E: Element = f32> {
    _element: PhantomData<E>,
}

// Written by hand: derives would require `E: Clone` etc. for no reason.
impl<E: Element> Clone for Cpu<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E: Element> Copy for Cpu<E> {}
impl<E: Element> Default for Cpu<E> {
    fn default() -> Self {
        Cpu::new()
    }
}

impl<E: Element> Cpu<E> {
    pub const fn new() -> Self {
        Cpu {
            _element: PhantomData,
        }
    }

    /// Storage holding exactly these elements (no rounding through f32): gradient checks
    /// in f64 need it.
    pub fn from_elements(&self, data: Vec<E>) -> CpuStorage<E> {
        store(data)
    }

    /// The elements of a buffer, without rounding to f32. Synchronous: this is the CPU.
    pub fn elements<'a>(&self, x: &'a CpuStorage<E>) -> &'a [E] {
        x
    }
}

/// The backend, written once and stamped out for `f32` and `f64`. Not one generic
/// `impl<E: Element> Backend for Cpu<E>`: generic code is compiled in whichever crate uses
/// it, and in the browser that is the web app, built for size, where the loop vectoriser
/// is off — none of the element-wise, row or optimiser kernels was vectorised there, and
/// training ran 1.5–1.6× slower (measured on the /bench page). Concrete impls are compiled
/// here, at this crate's optimisation level, together with every generic kernel they call.
macro_rules! cpu_backend {
    ($e:ty) => {
        impl Backend for Cpu<$e> {
            type Storage = CpuStorage<$e>;
            type Ids = std::sync::Arc<Vec<u32>>;

            fn name(&self) -> String {
                format!("cpu-{}", <$e>::NAME)
            }

            fn upload(&self, data: &[f32]) -> Self::Storage {
                store(buffer::collect(
                    data.len(),
                    data.iter().map(|&v| <$e>::from_f32(v)),
                ))
            }

            fn upload_ids(&self, ids: &[u32]) -> Self::Ids {
                std::sync::Arc::new(ids.to_vec())
            }

            fn fill(&self, len: usize, value: f32) -> Self::Storage {
                let mut v = buffer::take(len);
                v.resize(len, <$e>::from_f32(value));
                store(v)
            }

            fn len(&self, x: &Self::Storage) -> usize {
                x.len()
            }

            fn read(&self, x: &Self::Storage) -> impl Future<Output = Result<Vec<f32>>> {
                ready(Ok(x.iter().map(|v| v.to_f32()).collect()))
            }

            fn unary(&self, op: UnaryOp, x: &Self::Storage) -> Self::Storage {
                store(pointwise::unary(op, x))
            }

            fn unary_backward(
                &self,
                op: UnaryOp,
                x: &Self::Storage,
                y: &Self::Storage,
                dy: &Self::Storage,
            ) -> Self::Storage {
                store(pointwise::unary_backward(op, x, y, dy))
            }

            fn affine(&self, x: &Self::Storage, mul: f32, add: f32) -> Self::Storage {
                store(pointwise::affine(x, <$e>::from_f32(mul), <$e>::from_f32(add)))
            }

            fn binary(
                &self,
                op: BinaryOp,
                a: &Self::Storage,
                a_shape: &[usize],
                b: &Self::Storage,
                b_shape: &[usize],
                out: &[usize],
            ) -> Self::Storage {
                store(strided::binary(op, a, a_shape, b, b_shape, out))
            }

            fn sum_to(&self, x: &Self::Storage, shape: &[usize], to: &[usize]) -> Self::Storage {
                store(strided::sum_to(x, shape, to))
            }

            fn expand(&self, x: &Self::Storage, shape: &[usize], to: &[usize]) -> Self::Storage {
                store(strided::expand(x, shape, to))
            }

            fn permute(&self, x: &Self::Storage, shape: &[usize], perm: &[usize]) -> Self::Storage {
                store(strided::permute(x, shape, perm))
            }

            fn narrow(
                &self,
                x: &Self::Storage,
                _outer: usize,
                axis: usize,
                inner: usize,
                start: usize,
                len: usize,
            ) -> Self::Storage {
                store(rows::narrow(x, axis, inner, start, len))
            }

            fn pad(
                &self,
                x: &Self::Storage,
                _outer: usize,
                len: usize,
                inner: usize,
                start: usize,
                axis: usize,
            ) -> Self::Storage {
                store(rows::pad(x, len, inner, start, axis))
            }

            fn causal_mask(
                &self,
                x: &Self::Storage,
                _batch: usize,
                tq: usize,
                tk: usize,
                value: f32,
            ) -> Self::Storage {
                store(rows::causal_mask(x, tq, tk, <$e>::from_f32(value)))
            }

            fn matmul(&self, a: &Self::Storage, b: &Self::Storage, dims: MatmulDims) -> Self::Storage {
                store(gemm::matmul(a, b, dims))
            }

            fn softmax(&self, x: &Self::Storage, _rows: usize, cols: usize) -> Self::Storage {
                store(rows::softmax(x, cols))
            }

            fn softmax_backward(
                &self,
                y: &Self::Storage,
                dy: &Self::Storage,
                _rows: usize,
                cols: usize,
            ) -> Self::Storage {
                store(rows::softmax_backward(y, dy, cols))
            }

            fn log_softmax(&self, x: &Self::Storage, _rows: usize, cols: usize) -> Self::Storage {
                store(rows::log_softmax(x, cols))
            }

            fn log_softmax_backward(
                &self,
                y: &Self::Storage,
                dy: &Self::Storage,
                _rows: usize,
                cols: usize,
            ) -> Self::Storage {
                store(rows::log_softmax_backward(y, dy, cols))
            }

            fn layer_norm(
                &self,
                x: &Self::Storage,
                gamma: &Self::Storage,
                beta: &Self::Storage,
                _rows: usize,
                cols: usize,
                eps: f32,
            ) -> LayerNormOut<Self::Storage> {
                let out = rows::layer_norm(x, gamma, beta, cols, <$e>::from_f32(eps));
                LayerNormOut {
                    y: store(out.y),
                    mean: store(out.mean),
                    rstd: store(out.rstd),
                }
            }

            fn layer_norm_backward(
                &self,
                x: &Self::Storage,
                gamma: &Self::Storage,
                mean: &Self::Storage,
                rstd: &Self::Storage,
                dy: &Self::Storage,
                _rows: usize,
                cols: usize,
            ) -> (Self::Storage, Self::Storage, Self::Storage) {
                let (dx, dg, db) = rows::layer_norm_backward(x, gamma, mean, rstd, dy, cols);
                (store(dx), store(dg), store(db))
            }

            fn cross_entropy(
                &self,
                logits: &Self::Storage,
                targets: &Self::Ids,
                _rows: usize,
                cols: usize,
            ) -> Self::Storage {
                store(rows::cross_entropy(logits, targets, cols))
            }

            fn cross_entropy_backward(
                &self,
                logits: &Self::Storage,
                targets: &Self::Ids,
                dloss: &Self::Storage,
                _rows: usize,
                cols: usize,
            ) -> Self::Storage {
                store(rows::cross_entropy_backward(logits, targets, dloss, cols))
            }

            fn gather(
                &self,
                x: &Self::Storage,
                ids: &Self::Ids,
                _rows: usize,
                cols: usize,
            ) -> Self::Storage {
                store(rows::gather(x, ids, cols))
            }

            fn gather_backward(
                &self,
                dy: &Self::Storage,
                ids: &Self::Ids,
                _rows: usize,
                cols: usize,
            ) -> Self::Storage {
                store(rows::gather_backward(dy, ids, cols))
            }

            fn embedding(
                &self,
                table: &Self::Storage,
                ids: &Self::Ids,
                _n: usize,
                dim: usize,
            ) -> Self::Storage {
                store(rows::embedding(table, ids, dim))
            }

            fn embedding_backward(
                &self,
                dy: &Self::Storage,
                ids: &Self::Ids,
                _n: usize,
                vocab: usize,
                dim: usize,
            ) -> Self::Storage {
                store(rows::embedding_backward(dy, ids, vocab, dim))
            }

            fn clip_scale(&self, sumsq: &Self::Storage, max_norm: f32) -> Self::Storage {
                store(vec![pointwise::clip_scale(sumsq[0], <$e>::from_f32(max_norm))])
            }

            fn sgd_step(
                &self,
                param: &Self::Storage,
                grad: &Self::Storage,
                buf: &Self::Storage,
                grad_scale: &Self::Storage,
                h: &SgdStep,
            ) -> (Self::Storage, Self::Storage) {
                let (p, b) = pointwise::sgd_step(param, grad, buf, grad_scale[0], h);
                (store(p), store(b))
            }

            fn adam_step(
                &self,
                param: &Self::Storage,
                grad: &Self::Storage,
                m: &Self::Storage,
                v: &Self::Storage,
                grad_scale: &Self::Storage,
                h: &AdamStep,
            ) -> (Self::Storage, Self::Storage, Self::Storage) {
                let (p, m, v) = pointwise::adam_step(param, grad, m, v, grad_scale[0], h);
                (store(p), store(m), store(v))
            }
        }
    };
}

cpu_backend!(f32);
cpu_backend!(f64);
