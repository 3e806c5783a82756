//! A multilayer perceptron: Linear layers with ReLU between them (none after the last).

use playground_core::rng::Rng;

use crate::Tape;
use crate::backend::Backend;
use crate::error::{NnError, Result};
use crate::layers::Linear;
use crate::params::{Module, Visitor, VisitorMut};
use crate::tensor::{Ids, Tensor};

#[derive(Clone, Debug)]
pub struct Mlp<B: Backend> {
    pub layers: Vec<Linear<B>>,
}

impl<B: Backend> Mlp<B> {
    /// `sizes` = [inputs, hidden…, outputs], at least two entries. Weights use He
    /// initialisation N(0, 2/fan_in), drawn from `seed`.
    pub fn new(b: &B, sizes: &[usize], seed: u64) -> Result<Self> {
        if sizes.len() < 2 || sizes.contains(&0) {
            return Err(NnError::Config(format!(
                "an MLP needs at least [inputs, outputs], all positive; got {sizes:?}"
            )));
        }
        let mut rng = Rng::new(seed);
        let layers = sizes
            .windows(2)
            .map(|w| Linear::new(b, w[0], w[1], (2.0 / w[0] as f64).sqrt(), &mut rng))
            .collect::<Result<_>>()?;
        Ok(Mlp { layers })
    }

    /// `x` is `[.., inputs]`; returns `[.., outputs]` (logits for classification).
    pub fn forward(&self, tape: &Tape<B>, x: &Tensor<B>) -> Result<Tensor<B>> {
        let mut h = x.clone();
        for (i, layer) in self.layers.iter().enumerate() {
            h = layer.forward(tape, &h)?;
            if i + 1 < self.layers.len() {
                h = h.relu();
            }
        }
        Ok(h)
    }

    /// Mean cross-entropy of the logits against class `targets` (one per row of `x`).
    pub fn loss(&self, tape: &Tape<B>, x: &Tensor<B>, targets: &Ids<B>) -> Result<Tensor<B>> {
        Ok(self.forward(tape, x)?.cross_entropy(targets)?.mean())
    }
}

impl<B: Backend> Module<B> for Mlp<B> {
    fn visit(&self, v: &mut Visitor<'_, B>) {
        for (i, l) in self.layers.iter().enumerate() {
            v.child(&format!("layers.{i}"), l);
        }
    }
    fn visit_mut(&mut self, v: &mut VisitorMut<'_, B>) {
        for (i, l) in self.layers.iter_mut().enumerate() {
            v.child(&format!("layers.{i}"), l);
        }
    }
}
