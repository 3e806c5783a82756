//! Using a trained transformer: sampling text (temperature, top-k) and the
//! log-probability of completions given prompts, the quantity PPO and DPO optimise.

use playground_core::math;
use playground_core::rng::Rng;

use crate::Tape;
use crate::backend::Backend;
use crate::error::{NnError, Result};
use crate::tensor::{Ids, Tensor};
use crate::transformer::Transformer;

/// How to turn logits into a token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampling {
    /// Divides the logits; 0 means greedy (always the most likely token).
    pub temperature: f64,
    /// Keep only the k most likely tokens; 0 keeps all.
    pub top_k: usize,
}

impl Default for Sampling {
    fn default() -> Self {
        Sampling {
            temperature: 1.0,
            top_k: 0,
        }
    }
}

/// Draw a token from one row of logits (on the host, in f64, with portable maths).
pub fn sample_logits(logits: &[f32], s: Sampling, rng: &mut Rng) -> usize {
    let argmax = |xs: &[f32]| {
        // The first of equal maxima, so ties break the same way everywhere.
        (0..xs.len()).fold(0, |best, i| if xs[i] > xs[best] { i } else { best })
    };
    if s.temperature <= 0.0 || logits.len() == 1 {
        return argmax(logits);
    }
    let mut keep = vec![true; logits.len()];
    if s.top_k > 0 && s.top_k < logits.len() {
        // Indices by decreasing logit (stable, so ties keep the lower index).
        let mut order: Vec<usize> = (0..logits.len()).collect();
        order.sort_by(|&a, &b| logits[b].total_cmp(&logits[a]));
        for &i in &order[s.top_k..] {
            keep[i] = false;
        }
    }
    let max = logits[argmax(logits)] as f64;
    let weights: Vec<f64> = logits
        .iter()
        .zip(&keep)
        .map(|(&l, &k)| {
            if k {
                math::exp((l as f64 - max) / s.temperature)
            } else {
                0.0
            }
        })
        .collect();
    rng.categorical(&weights)
}

fn check_tokens(model_vocab: usize, tokens: &[u32], what: &str) -> Result<()> {
    match tokens.iter().find(|&&t| t as usize >= model_vocab) {
        Some(t) => Err(NnError::index(
            "sample",
            format!("{what} contains token {t}, but the vocabulary has {model_vocab} tokens"),
        )),
        None => Ok(()),
    }
}

impl<B: Backend> Transformer<B> {
    /// Continue `prompt` (at least one token) by `n` sampled tokens; returns the prompt
    /// followed by them. The model reads at most its context of most recent tokens.
    pub async fn generate_async(
        &self,
        prompt: &[u32],
        n: usize,
        s: Sampling,
        rng: &mut Rng,
    ) -> Result<Vec<u32>> {
        if prompt.is_empty() {
            return Err(NnError::shape(
                "generate",
                "the prompt needs at least one token",
            ));
        }
        check_tokens(self.config.vocab, prompt, "the prompt")?;
        let b = self.pos.backend();
        let mut tokens = prompt.to_vec();
        for _ in 0..n {
            let window = &tokens[tokens.len().saturating_sub(self.config.context)..];
            let ids = Ids::new(b, window, &[1, window.len()])?;
            let logits = self.forward(&Tape::no_grad(), &ids)?.logits;
            let last = logits.narrow(1, window.len() - 1, 1)?.read().await?;
            tokens.push(sample_logits(&last, s, rng) as u32);
        }
        Ok(tokens)
    }

    /// [`Transformer::generate_async`] for synchronous callers (CPU, native GPU).
    pub fn generate(
        &self,
        prompt: &[u32],
        n: usize,
        s: Sampling,
        rng: &mut Rng,
    ) -> Result<Vec<u32>> {
        crate::block_on(self.generate_async(prompt, n, s, rng))
    }

    /// For each sequence, Σ log p(token_t | tokens before t) over its completion, i.e.
    /// the positions t ≥ prompt_len. Sequences may differ in length (they are padded and
    /// the padding masked out); each must have 1 ≤ prompt_len < len ≤ context + 1.
    /// Returns a differentiable `[batch]` tensor recorded on `tape`.
    pub fn completion_logprobs(
        &self,
        tape: &Tape<B>,
        sequences: &[Vec<u32>],
        prompt_lens: &[usize],
    ) -> Result<Tensor<B>> {
        let b = self.pos.backend();
        if sequences.is_empty() || sequences.len() != prompt_lens.len() {
            return Err(NnError::shape(
                "completion_logprobs",
                format!(
                    "{} sequences but {} prompt lengths",
                    sequences.len(),
                    prompt_lens.len()
                ),
            ));
        }
        let max_len = sequences.iter().map(Vec::len).max().unwrap_or(0);
        for (i, (seq, &p)) in sequences.iter().zip(prompt_lens).enumerate() {
            check_tokens(self.config.vocab, seq, &format!("sequence {i}"))?;
            if p == 0 || p >= seq.len() || seq.len() > self.config.context + 1 {
                return Err(NnError::shape(
                    "completion_logprobs",
                    format!(
                        "sequence {i} has {} tokens and prompt length {p}: need 1 ≤ prompt < length ≤ context + 1 = {}",
                        seq.len(),
                        self.config.context + 1
                    ),
                ));
            }
        }
        let (n, t) = (sequences.len(), max_len - 1);
        let (mut inputs, mut targets, mut mask) = (Vec::new(), Vec::new(), Vec::new());
        for (seq, &p) in sequences.iter().zip(prompt_lens) {
            for pos in 0..t {
                inputs.push(seq.get(pos).copied().unwrap_or(0));
                targets.push(seq.get(pos + 1).copied().unwrap_or(0));
                // Position `pos` predicts token pos + 1: counted if that is a completion token.
                mask.push(if pos + 1 >= p && pos + 1 < seq.len() {
                    1.0
                } else {
                    0.0
                });
            }
        }
        let inputs = Ids::new(b, &inputs, &[n, t])?;
        let targets = Ids::new(b, &targets, &[n, t])?;
        let mask = Tensor::from_slice(b, &mask, &[n, t])?;
        let logits = self.forward(tape, &inputs)?.logits;
        let logp = logits.cross_entropy(&targets)?.neg();
        logp.mul(&mask)?.sum_axis(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_top_k_and_temperature_behave() {
        let logits = [0.1f32, 2.0, 1.9, -1.0];
        let mut rng = Rng::new(1);
        let greedy = Sampling {
            temperature: 0.0,
            top_k: 0,
        };
        assert_eq!(sample_logits(&logits, greedy, &mut rng), 1);
        let top2 = Sampling {
            temperature: 1.0,
            top_k: 2,
        };
        let mut counts = [0usize; 4];
        for _ in 0..2000 {
            counts[sample_logits(&logits, top2, &mut rng)] += 1;
        }
        assert_eq!(
            counts[0] + counts[3],
            0,
            "only the two best tokens: {counts:?}"
        );
        assert!(counts[1] > 800 && counts[2] > 800, "{counts:?}");
        // Very low temperature concentrates on the best token.
        let cold = Sampling {
            temperature: 0.01,
            top_k: 0,
        };
        assert!((0..100).all(|_| sample_logits(&logits, cold, &mut rng) == 1));
    }
}
