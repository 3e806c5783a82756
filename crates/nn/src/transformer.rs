//! A tiny GPT-style causal transformer: token and learned position embeddings, pre-norm
//! blocks (LayerNorm → causal self-attention → residual, LayerNorm → MLP → residual), a
//! final LayerNorm and a linear head to next-token logits.

use playground_core::rng::Rng;
use serde::{Deserialize, Serialize};

use crate::Tape;
use crate::backend::Backend;
use crate::error::{NnError, Result};
use crate::layers::{Attention, Embedding, LayerNorm, Linear, MlpBlock, normal};
use crate::params::{Module, Visitor, VisitorMut};
use crate::tensor::{Ids, Tensor};

/// The shape of a transformer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransformerConfig {
    /// Number of distinct tokens.
    pub vocab: usize,
    /// Longest sequence the model reads (the learned position table's length).
    pub context: usize,
    /// Width of the residual stream.
    pub width: usize,
    /// Attention heads per layer; must divide `width`.
    pub heads: usize,
    /// Number of blocks.
    pub layers: usize,
}

impl TransformerConfig {
    pub fn validate(&self) -> Result<()> {
        let positive = [
            self.vocab,
            self.context,
            self.width,
            self.heads,
            self.layers,
        ];
        if positive.contains(&0) {
            return Err(NnError::Config(format!(
                "every size must be at least 1: {self:?}"
            )));
        }
        if !self.width.is_multiple_of(self.heads) {
            return Err(NnError::Config(format!(
                "width {} must be divisible by heads {}",
                self.width, self.heads
            )));
        }
        Ok(())
    }
}

/// One pre-norm transformer block.
#[derive(Clone, Debug)]
pub struct Block<B: Backend> {
    pub ln1: LayerNorm<B>,
    pub attn: Attention<B>,
    pub ln2: LayerNorm<B>,
    pub mlp: MlpBlock<B>,
}

impl<B: Backend> Block<B> {
    /// Returns the block's output and its attention weights `[batch, heads, time, time]`.
    fn forward(&self, tape: &Tape<B>, x: &Tensor<B>) -> Result<(Tensor<B>, Tensor<B>)> {
        let (a, weights) = self.attn.forward(tape, &self.ln1.forward(tape, x)?)?;
        let x = x.add(&a)?;
        let m = self.mlp.forward(tape, &self.ln2.forward(tape, &x)?)?;
        Ok((x.add(&m)?, weights))
    }
}

impl<B: Backend> Module<B> for Block<B> {
    fn visit(&self, v: &mut Visitor<'_, B>) {
        v.child("ln1", &self.ln1);
        v.child("attn", &self.attn);
        v.child("ln2", &self.ln2);
        v.child("mlp", &self.mlp);
    }
    fn visit_mut(&mut self, v: &mut VisitorMut<'_, B>) {
        v.child("ln1", &mut self.ln1);
        v.child("attn", &mut self.attn);
        v.child("ln2", &mut self.ln2);
        v.child("mlp", &mut self.mlp);
    }
}

#[derive(Clone, Debug)]
pub struct Transformer<B: Backend> {
    pub config: TransformerConfig,
    pub tok: Embedding<B>,
    /// Learned position embeddings, `[context, width]`.
    pub pos: Tensor<B>,
    pub blocks: Vec<Block<B>>,
    pub ln_f: LayerNorm<B>,
    pub head: Linear<B>,
}

/// What a forward pass returns.
#[derive(Clone, Debug)]
pub struct TransformerOutput<B: Backend> {
    /// Next-token logits, `[batch, time, vocab]`.
    pub logits: Tensor<B>,
    /// Attention weights of every layer, each `[batch, heads, time, time]`.
    pub attention: Vec<Tensor<B>>,
}

impl<B: Backend> Transformer<B> {
    /// GPT-2 style initialisation from `seed`: weights N(0, 0.02²), with the residual
    /// projections scaled down by √(2·layers) so the residual stream starts small.
    pub fn new(b: &B, config: TransformerConfig, seed: u64) -> Result<Self> {
        config.validate()?;
        let TransformerConfig {
            vocab,
            context,
            width,
            heads,
            layers,
        } = config;
        let mut rng = Rng::new(seed);
        let std = 0.02;
        let proj_std = std / (2.0 * layers as f64).sqrt();
        let tok = Embedding::new(b, vocab, width, std, &mut rng)?;
        let pos = normal(b, &[context, width], std, &mut rng)?;
        let blocks = (0..layers)
            .map(|_| {
                Ok(Block {
                    ln1: LayerNorm::new(b, width)?,
                    attn: Attention::new(b, width, heads, std, proj_std, &mut rng)?,
                    ln2: LayerNorm::new(b, width)?,
                    mlp: MlpBlock::new(b, width, 4 * width, std, proj_std, &mut rng)?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Transformer {
            config,
            tok,
            pos,
            blocks,
            ln_f: LayerNorm::new(b, width)?,
            head: Linear::new(b, width, vocab, std, &mut rng)?,
        })
    }

    /// Logits (and attention weights) for `tokens` shaped `[batch, time]`, time ≤ context.
    pub fn forward(&self, tape: &Tape<B>, tokens: &Ids<B>) -> Result<TransformerOutput<B>> {
        let (hidden, attention) = self.hidden(tape, tokens)?;
        let logits = self.head.forward(tape, &hidden)?;
        Ok(TransformerOutput { logits, attention })
    }

    /// The final hidden states `[batch, time, width]` (after the last layer norm, what the
    /// head reads) and every layer's attention weights. A value head reads these too.
    pub fn hidden(&self, tape: &Tape<B>, tokens: &Ids<B>) -> Result<(Tensor<B>, Vec<Tensor<B>>)> {
        let s = tokens.shape();
        if s.len() != 2 || s[1] > self.config.context {
            return Err(NnError::shape(
                "transformer",
                format!(
                    "tokens must be [batch, time] with time ≤ context = {}, got {s:?}",
                    self.config.context
                ),
            ));
        }
        let t = s[1];
        let pos = tape.track(&self.pos).narrow(0, 0, t)?;
        let mut x = self.tok.forward(tape, tokens)?.add(&pos)?;
        let mut attention = Vec::with_capacity(self.blocks.len());
        for block in &self.blocks {
            let (y, w) = block.forward(tape, &x)?;
            x = y;
            attention.push(w);
        }
        Ok((self.ln_f.forward(tape, &x)?, attention))
    }

    /// Mean next-token cross-entropy (nats/token): `tokens` is `[batch, time + 1]`; the
    /// model reads the first `time` tokens of each row and predicts the last `time`.
    pub fn loss(&self, tape: &Tape<B>, tokens: &[u32], batch: usize) -> Result<Tensor<B>> {
        let (inputs, targets) = shifted_pair(self.pos.backend(), tokens, batch)?;
        let logits = self.forward(tape, &inputs)?.logits;
        Ok(logits.cross_entropy(&targets)?.mean())
    }
}

/// Split `[batch, time + 1]` rows into model inputs (all but the last token) and targets
/// (all but the first), both `[batch, time]`.
pub fn shifted_pair<B: Backend>(b: &B, tokens: &[u32], batch: usize) -> Result<(Ids<B>, Ids<B>)> {
    if batch == 0 || !tokens.len().is_multiple_of(batch) || tokens.len() / batch < 2 {
        return Err(NnError::shape(
            "shifted_pair",
            format!(
                "{} tokens do not form {batch} rows of at least 2",
                tokens.len()
            ),
        ));
    }
    let len = tokens.len() / batch;
    let t = len - 1;
    let mut inputs = Vec::with_capacity(batch * t);
    let mut targets = Vec::with_capacity(batch * t);
    for row in tokens.chunks_exact(len) {
        inputs.extend_from_slice(&row[..t]);
        targets.extend_from_slice(&row[1..]);
    }
    Ok((
        Ids::new(b, &inputs, &[batch, t])?,
        Ids::new(b, &targets, &[batch, t])?,
    ))
}

impl<B: Backend> Module<B> for Transformer<B> {
    fn visit(&self, v: &mut Visitor<'_, B>) {
        v.child("tok", &self.tok);
        v.param("pos.weight", &self.pos);
        for (i, blk) in self.blocks.iter().enumerate() {
            v.child(&format!("blocks.{i}"), blk);
        }
        v.child("ln_f", &self.ln_f);
        v.child("head", &self.head);
    }
    fn visit_mut(&mut self, v: &mut VisitorMut<'_, B>) {
        v.child("tok", &mut self.tok);
        v.param("pos.weight", &mut self.pos);
        for (i, blk) in self.blocks.iter_mut().enumerate() {
            v.child(&format!("blocks.{i}"), blk);
        }
        v.child("ln_f", &mut self.ln_f);
        v.child("head", &mut self.head);
    }
}
