//! Building blocks: Linear, Embedding, LayerNorm, causal multi-head self-attention and
//! the transformer's MLP block. Each holds its parameters as plain (untracked) tensors and
//! tracks them on the tape it is given at every forward pass.

use playground_core::rng::Rng;

use crate::Tape;
use crate::backend::Backend;
use crate::error::{NnError, Result};
use crate::params::{Module, Visitor, VisitorMut};
use crate::tensor::{Ids, Tensor};

/// A tensor of `shape` with entries drawn from N(0, std²) by `rng` (host-side, so every
/// backend starts from identical weights).
pub fn normal<B: Backend>(b: &B, shape: &[usize], std: f64, rng: &mut Rng) -> Result<Tensor<B>> {
    let n: usize = shape.iter().product();
    let data: Vec<f32> = (0..n).map(|_| (rng.normal() * std) as f32).collect();
    Tensor::from_slice(b, &data, shape)
}

/// y = x·W + b, with W stored `[in, out]` so the forward pass needs no transpose.
#[derive(Clone, Debug)]
pub struct Linear<B: Backend> {
    pub weight: Tensor<B>,
    pub bias: Tensor<B>,
}

impl<B: Backend> Linear<B> {
    /// Weights from N(0, std²), bias zero.
    pub fn new(b: &B, inputs: usize, outputs: usize, std: f64, rng: &mut Rng) -> Result<Self> {
        Ok(Linear {
            weight: normal(b, &[inputs, outputs], std, rng)?,
            bias: Tensor::zeros(b, &[outputs])?,
        })
    }

    /// `x` is `[.., in]`; the result is `[.., out]`.
    pub fn forward(&self, tape: &Tape<B>, x: &Tensor<B>) -> Result<Tensor<B>> {
        x.matmul(&tape.track(&self.weight))?
            .add(&tape.track(&self.bias))
    }
}

impl<B: Backend> Module<B> for Linear<B> {
    fn visit(&self, v: &mut Visitor<'_, B>) {
        v.param("weight", &self.weight);
        v.param("bias", &self.bias);
    }
    fn visit_mut(&mut self, v: &mut VisitorMut<'_, B>) {
        v.param("weight", &mut self.weight);
        v.param("bias", &mut self.bias);
    }
}

/// A lookup table of `vocab` vectors of length `dim`.
#[derive(Clone, Debug)]
pub struct Embedding<B: Backend> {
    pub table: Tensor<B>,
}

impl<B: Backend> Embedding<B> {
    pub fn new(b: &B, vocab: usize, dim: usize, std: f64, rng: &mut Rng) -> Result<Self> {
        Ok(Embedding {
            table: normal(b, &[vocab, dim], std, rng)?,
        })
    }

    /// `ids` of any shape → `ids.shape + [dim]`.
    pub fn forward(&self, tape: &Tape<B>, ids: &Ids<B>) -> Result<Tensor<B>> {
        Tensor::embedding(&tape.track(&self.table), ids)
    }
}

impl<B: Backend> Module<B> for Embedding<B> {
    fn visit(&self, v: &mut Visitor<'_, B>) {
        v.param("weight", &self.table);
    }
    fn visit_mut(&mut self, v: &mut VisitorMut<'_, B>) {
        v.param("weight", &mut self.table);
    }
}

/// Layer norm over the last axis, with learned scale (initially 1) and shift (0).
#[derive(Clone, Debug)]
pub struct LayerNorm<B: Backend> {
    pub gamma: Tensor<B>,
    pub beta: Tensor<B>,
    pub eps: f32,
}

impl<B: Backend> LayerNorm<B> {
    pub fn new(b: &B, dim: usize) -> Result<Self> {
        Ok(LayerNorm {
            gamma: Tensor::full(b, &[dim], 1.0)?,
            beta: Tensor::zeros(b, &[dim])?,
            eps: 1e-5,
        })
    }

    pub fn forward(&self, tape: &Tape<B>, x: &Tensor<B>) -> Result<Tensor<B>> {
        x.layer_norm(&tape.track(&self.gamma), &tape.track(&self.beta), self.eps)
    }
}

impl<B: Backend> Module<B> for LayerNorm<B> {
    fn visit(&self, v: &mut Visitor<'_, B>) {
        v.param("weight", &self.gamma);
        v.param("bias", &self.beta);
    }
    fn visit_mut(&mut self, v: &mut VisitorMut<'_, B>) {
        v.param("weight", &mut self.gamma);
        v.param("bias", &mut self.beta);
    }
}

/// Causal multi-head self-attention with one fused q/k/v projection.
#[derive(Clone, Debug)]
pub struct Attention<B: Backend> {
    pub qkv: Linear<B>,
    pub proj: Linear<B>,
    pub heads: usize,
}

impl<B: Backend> Attention<B> {
    /// `proj_std` is the init scale of the output projection (GPT-2 shrinks it with depth).
    pub fn new(
        b: &B,
        width: usize,
        heads: usize,
        std: f64,
        proj_std: f64,
        rng: &mut Rng,
    ) -> Result<Self> {
        if heads == 0 || !width.is_multiple_of(heads) {
            return Err(NnError::Config(format!(
                "width {width} must be divisible by the number of heads {heads}"
            )));
        }
        Ok(Attention {
            qkv: Linear::new(b, width, 3 * width, std, rng)?,
            proj: Linear::new(b, width, width, proj_std, rng)?,
            heads,
        })
    }

    /// `x` is `[batch, time, width]`. Returns the output (same shape) and the attention
    /// weights `[batch, heads, time, time]` (row i: how much query i attends to each key).
    pub fn forward(&self, tape: &Tape<B>, x: &Tensor<B>) -> Result<(Tensor<B>, Tensor<B>)> {
        let s = x.shape();
        if s.len() != 3 {
            return Err(NnError::shape(
                "attention",
                format!("input must be [batch, time, width], got {s:?}"),
            ));
        }
        let (b, t, d) = (s[0], s[1], s[2]);
        let (h, dh) = (self.heads, d / self.heads);
        let (w, bias) = (tape.track(&self.qkv.weight), tape.track(&self.qkv.bias));
        // q, k and v each from its slice of the fused projection. Slicing the weights (d × d)
        // rather than the activations (tokens × 3d) keeps the copies, and their zero-padded
        // gradients, small. The 1/√dh of the attention scores is folded into q's weights.
        let head_major = |i: usize, scale: f32| -> Result<Tensor<B>> {
            let wi = w.narrow(1, i * d, d)?.scale(scale);
            let bi = bias.narrow(0, i * d, d)?.scale(scale);
            // [b, t, h, dh] → [b, h, t, dh] → one matrix per (sequence, head).
            x.matmul(&wi)?
                .add(&bi)?
                .reshape(&[b, t, h, dh])?
                .permute(&[0, 2, 1, 3])?
                .reshape(&[b * h, t, dh])
        };
        let q = head_major(0, 1.0 / (dh as f32).sqrt())?;
        let (k, v) = (head_major(1, 1.0)?, head_major(2, 1.0)?);
        let scores = q.matmul_t(&k)?;
        let weights = scores.causal_mask()?.softmax();
        let ctx = weights
            .matmul(&v)?
            .reshape(&[b, h, t, dh])?
            .permute(&[0, 2, 1, 3])?
            .reshape(&[b, t, d])?;
        let out = self.proj.forward(tape, &ctx)?;
        Ok((out, weights.reshape(&[b, h, t, t])?))
    }
}

impl<B: Backend> Module<B> for Attention<B> {
    fn visit(&self, v: &mut Visitor<'_, B>) {
        v.child("qkv", &self.qkv);
        v.child("proj", &self.proj);
    }
    fn visit_mut(&mut self, v: &mut VisitorMut<'_, B>) {
        v.child("qkv", &mut self.qkv);
        v.child("proj", &mut self.proj);
    }
}

/// The transformer's position-wise MLP: Linear(width → 4·width), GELU, Linear back.
#[derive(Clone, Debug)]
pub struct MlpBlock<B: Backend> {
    pub fc1: Linear<B>,
    pub fc2: Linear<B>,
}

impl<B: Backend> MlpBlock<B> {
    pub fn new(
        b: &B,
        width: usize,
        hidden: usize,
        std: f64,
        proj_std: f64,
        rng: &mut Rng,
    ) -> Result<Self> {
        Ok(MlpBlock {
            fc1: Linear::new(b, width, hidden, std, rng)?,
            fc2: Linear::new(b, hidden, width, proj_std, rng)?,
        })
    }

    pub fn forward(&self, tape: &Tape<B>, x: &Tensor<B>) -> Result<Tensor<B>> {
        self.fc2.forward(tape, &self.fc1.forward(tape, x)?.gelu())
    }
}

impl<B: Backend> Module<B> for MlpBlock<B> {
    fn visit(&self, v: &mut Visitor<'_, B>) {
        v.child("fc1", &self.fc1);
        v.child("fc2", &self.fc2);
    }
    fn visit_mut(&mut self, v: &mut VisitorMut<'_, B>) {
        v.child("fc1", &mut self.fc1);
        v.child("fc2", &mut self.fc2);
    }
}
