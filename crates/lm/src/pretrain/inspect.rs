//! What the "Watch a transformer learn" page shows besides the curves: text sampled from
//! the model and from the true chain, and one attention head's pattern.

use playground_core::rng::Rng;

use playground_nn::sample::Sampling;
use playground_nn::{Backend, Ids, NnError, Result, Tape, block_on};

use super::LmExperiment;

/// An attention pattern: `weights[i * len + j]` is how much query position i attends to
/// key position j (each row sums to 1; j > i is 0, the future is masked).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AttentionMap {
    pub tokens: Vec<u32>,
    pub len: usize,
    pub weights: Vec<f32>,
}

impl<B: Backend> LmExperiment<B> {
    /// `len` tokens from the model, starting from one token drawn from the chain's
    /// stationary distribution; seeded by `seed` (not the training streams).
    pub async fn sample_model_async(&self, len: usize, s: Sampling, seed: u64) -> Result<Vec<u32>> {
        let mut rng = Rng::stream(seed, &[self.scenario().seed, 4]);
        let first = rng.categorical(self.stationary()) as u32;
        self.model
            .generate_async(&[first], len.saturating_sub(1), s, &mut rng)
            .await
    }

    pub fn sample_model(&self, len: usize, s: Sampling, seed: u64) -> Result<Vec<u32>> {
        block_on(self.sample_model_async(len, s, seed))
    }

    /// `len` tokens from the true chain (what the model is learning to imitate).
    pub fn sample_chain(&self, len: usize, seed: u64) -> Vec<u32> {
        let mut rng = Rng::stream(seed, &[self.scenario().seed, 5]);
        self.chain()
            .sample(len, self.stationary(), &mut rng)
            .into_iter()
            .map(|t| t as u32)
            .collect()
    }

    /// The attention weights of layer 0, head 0 on `tokens` (1 to context tokens).
    pub async fn attention_async(&self, tokens: &[u32]) -> Result<AttentionMap> {
        let len = tokens.len();
        let (vocab, context) = (self.model.config.vocab, self.model.config.context);
        if len == 0 || len > context {
            return Err(NnError::shape(
                "attention",
                format!("need 1 to {context} tokens, got {len}"),
            ));
        }
        if let Some(t) = tokens.iter().find(|&&t| t as usize >= vocab) {
            return Err(NnError::index(
                "attention",
                format!("token {t} is not below vocab = {vocab}"),
            ));
        }
        let ids = Ids::new(self.backend(), tokens, &[1, len])?;
        let out = self.model.forward(&Tape::no_grad(), &ids)?;
        // [1, heads, len, len] → head 0.
        let head0 = out.attention[0].narrow(1, 0, 1)?;
        Ok(AttentionMap {
            tokens: tokens.to_vec(),
            len,
            weights: head0.read().await?,
        })
    }

    pub fn attention(&self, tokens: &[u32]) -> Result<AttentionMap> {
        block_on(self.attention_async(tokens))
    }
}
