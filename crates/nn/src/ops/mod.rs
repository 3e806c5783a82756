//! The differentiable operations on [`Tensor`]: each checks shapes (returning an error a
//! person can act on), runs the backend's forward primitive and records the backward
//! rule on the tape.
//!
//! - [`elementwise`]: unary functions, broadcast arithmetic, sums and means.
//! - [`matmul`]: (batched) matrix products.
//! - [`layout`]: reshape, permute/transpose, narrow (slice), concat.
//! - [`fused`]: softmax, log-softmax, causal mask, layer norm, cross-entropy, gather,
//!   embedding lookup.

pub mod elementwise;
pub mod fused;
pub mod layout;
pub mod matmul;

use crate::autodiff::record;
use crate::backend::Backend;
use crate::tensor::Tensor;

/// Record a one-input operation whose backward rule yields the input gradient.
pub(crate) fn record_unary<B: Backend>(
    x: &Tensor<B>,
    out: Tensor<B>,
    backward: impl FnOnce(&B, &B::Storage) -> B::Storage + 'static,
) -> Tensor<B> {
    record(&[x], out, move |b, dy, _| vec![Some(backward(b, dy))])
        .expect("an operation with one input cannot mix tapes")
}
