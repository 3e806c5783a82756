//! Policy Playground's neural networks: tensors, reverse-mode autodiff, layers, a tiny
//! MLP and a tiny causal transformer, and optimisers — over one [`Backend`] trait with a
//! CPU backend (here) and a WebGPU backend. The demos built on it live in their own
//! crates (`playground-lm`).
//!
//! - [`backend`]: the `Backend` trait (the contract for devices, see `BACKEND.md`) and
//!   [`Cpu`], the deterministic reference and fallback.
//! - [`Tensor`], [`Ids`], [`Tape`], [`Grads`]: the differentiable front end; the
//!   operations live in [`ops`].
//! - [`layers`], [`mlp`], [`transformer`], [`sample`]: models and what the web page needs
//!   from them.
//! - [`optim`]: SGD with momentum, Adam, AdamW, gradient clipping.
//! - [`params`] and [`safetensors`]: moving weights between backends and to files.
//! - [`element`] and [`fast_exp`]: the CPU backend's number types and portable maths.
//! - [`testing`]: gradient checking and the backend-parity suite, public so every backend
//!   runs the same tests.

pub mod autodiff;
pub mod backend;
pub mod bench;
pub mod element;
pub mod error;
pub mod fast_exp;
pub mod layers;
pub mod mlp;
pub mod ops;
pub mod optim;
pub mod params;
pub mod safetensors;
pub mod sample;
pub mod shape;
pub mod tensor;
pub mod testing;
pub mod transformer;

pub use autodiff::{Grads, Tape};
pub use backend::{Backend, Cpu};
pub use error::{NnError, Result};
pub use mlp::Mlp;
pub use optim::{Optimizer, OptimizerConfig, OptimizerKind};
pub use params::{HostTensor, Module};
pub use tensor::{Ids, Tensor, TensorId};
pub use transformer::{Transformer, TransformerConfig};

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Run a future to completion on the current thread by polling it.
///
/// Readback futures of the CPU backend are ready at once, and native GPU backends drive
/// the device while polled, so this is all a synchronous caller needs. In a browser a
/// WebGPU readback only completes on a later turn of the event loop: there, `.await` the
/// future instead (this function would spin forever).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::yield_now();
    }
}
