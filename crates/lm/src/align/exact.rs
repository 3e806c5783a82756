//! Exact answers for aligning a language model whose responses can all be listed: every
//! token string of a fixed length L over V tokens (V^L of them). A policy is a prefix
//! tree of next-token distributions, so every expectation is a finite sum and the
//! KL-regularised optimum is known token by token:
//!
//!   π*_β(y) = π_ref(y)·e^{r(y)/β}/Z,   π*_β(a | p) = π_ref(a | p)·e^{(V(p·a) − V(p))/β},
//!
//! with the soft values V(p) = β ln E_{π_ref}[e^{r/β} | p], computed backwards from the
//! leaves (V(y) = r(y)). Then V(root) = β ln Z and KL(π*_β ‖ π_ref) = E_{π*} r/β − ln Z.
//!
//! Sequences and prefixes are numbered as base-V numerals, first token most significant.

use playground_core::math;
use playground_core::rng::Rng;

/// The most sequences this module will list (memory: a few f64 each).
pub const MAX_SEQUENCES: usize = 1 << 21;

/// Next-token log-probabilities for every prefix shorter than `length`.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenTree {
    pub vocab: usize,
    pub length: usize,
    /// `levels[l]`: V^l prefixes of length l, each followed by its V next-token
    /// log-probabilities (row-major).
    levels: Vec<Vec<f64>>,
}

/// The tokens of sequence (or prefix) `index`, `length` of them.
pub fn tokens(mut index: usize, vocab: usize, length: usize) -> Vec<usize> {
    let mut out = vec![0; length];
    for slot in out.iter_mut().rev() {
        *slot = index % vocab;
        index /= vocab;
    }
    out
}

/// How many strings of `length` tokens there are, if no more than [`MAX_SEQUENCES`].
pub fn count(vocab: usize, length: usize) -> Result<usize, String> {
    let mut n: usize = 1;
    for _ in 0..length {
        n = n
            .checked_mul(vocab)
            .filter(|&n| n <= MAX_SEQUENCES)
            .ok_or_else(|| {
                format!("{vocab}^{length} responses are too many to list (at most {MAX_SEQUENCES})")
            })?;
    }
    Ok(n)
}

impl TokenTree {
    /// The tree of `next(prefix)`, a probability for each next token (normalised here;
    /// each must be finite and non-negative, with a positive total).
    pub fn from_fn(
        vocab: usize,
        length: usize,
        mut next: impl FnMut(&[usize]) -> Vec<f64>,
    ) -> Result<TokenTree, String> {
        Self::build(vocab, length, |prefix| {
            let probs = next(prefix);
            let total: f64 = probs.iter().sum();
            if probs.iter().any(|q| !q.is_finite() || *q < 0.0) || total <= 0.0 {
                return None;
            }
            Some(probs.iter().map(|q| math::ln(q / total)).collect())
        })
    }

    /// The tree of a model's `logits(prefix)` (f32, as the model computes them), whose
    /// logarithms stay finite however far apart the logits are: a collapsed policy's
    /// probabilities underflow, but ln π(y) = z − max − ln Σ e^(z − max) does not.
    pub fn from_logits(
        vocab: usize,
        length: usize,
        mut logits: impl FnMut(&[usize]) -> Vec<f32>,
    ) -> Result<TokenTree, String> {
        Self::build(vocab, length, |prefix| {
            let z = logits(prefix);
            if z.iter().any(|x| !x.is_finite()) {
                return None;
            }
            let max = z.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
            let shifted: Vec<f64> = z.iter().map(|&x| f64::from(x - max)).collect();
            let q: Vec<f64> = shifted.iter().map(|&d| math::exp(d)).collect();
            let total: f64 = q.iter().sum();
            let ln_total = math::ln(total);
            // ln(q/total) where q is a normal float (the rounding every recorded run and
            // fingerprint was made with); the log-softmax where e^d is subnormal or 0.
            let ln_p = q
                .iter()
                .zip(&shifted)
                .map(|(&q, &d)| {
                    if q >= f64::MIN_POSITIVE {
                        math::ln(q / total)
                    } else {
                        d - ln_total
                    }
                })
                .collect();
            Some(ln_p)
        })
    }

    /// The tree from each prefix's ln π(· | prefix), `None` where it is not a distribution.
    fn build(
        vocab: usize,
        length: usize,
        mut next: impl FnMut(&[usize]) -> Option<Vec<f64>>,
    ) -> Result<TokenTree, String> {
        if vocab < 2 || length == 0 {
            return Err(format!(
                "need at least 2 tokens and 1 position, got {vocab} and {length}"
            ));
        }
        count(vocab, length)?;
        let mut levels = Vec::with_capacity(length);
        for l in 0..length {
            let prefixes = vocab.pow(l as u32);
            let mut level = Vec::with_capacity(prefixes * vocab);
            for p in 0..prefixes {
                let prefix = tokens(p, vocab, l);
                match next(&prefix) {
                    Some(ln_p) if ln_p.len() == vocab => level.extend(ln_p),
                    _ => {
                        return Err(format!(
                            "the next-token distribution after {prefix:?} is not a distribution over {vocab} tokens"
                        ));
                    }
                }
            }
            levels.push(level);
        }
        Ok(TokenTree {
            vocab,
            length,
            levels,
        })
    }

    /// ln π(a | prefix).
    pub fn next_log_prob(&self, prefix: &[usize], a: usize) -> f64 {
        let index = prefix.iter().fold(0, |i, &t| i * self.vocab + t);
        self.levels[prefix.len()][index * self.vocab + a]
    }

    /// ln π(y_t | y_<t) for each position t of sequence `index`.
    pub fn token_log_probs(&self, index: usize) -> Vec<f64> {
        (0..self.length)
            .map(|t| {
                let below = self.vocab.pow((self.length - t) as u32);
                let through = index / self.vocab.pow((self.length - 1 - t) as u32);
                self.levels[t][(index / below) * self.vocab + through % self.vocab]
            })
            .collect()
    }

    /// A sequence drawn from the tree token by token (its index in numeral order).
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let mut index = 0;
        for level in &self.levels {
            let row = &level[index * self.vocab..(index + 1) * self.vocab];
            let probs: Vec<f64> = row.iter().map(|l| math::exp(*l)).collect();
            index = index * self.vocab + rng.categorical(&probs);
        }
        index
    }

    /// ln π(y) of every sequence, in numeral order.
    pub fn sequence_log_probs(&self) -> Vec<f64> {
        let mut at = vec![0.0];
        for level in &self.levels {
            at = at
                .iter()
                .enumerate()
                .flat_map(|(p, lp)| {
                    level[p * self.vocab..(p + 1) * self.vocab]
                        .iter()
                        .map(move |l| lp + l)
                })
                .collect();
        }
        at
    }

    /// The KL-regularised optimum for sequence rewards `reward` (numeral order), token by
    /// token from the soft values; also V(root) = β ln E_{π_ref} e^{r/β}.
    pub fn optimum(&self, reward: &[f64], beta: f64) -> (TokenTree, f64) {
        let v = self.vocab;
        // Soft values of the level below, starting from the leaves: V(y) = r(y).
        let mut below: Vec<f64> = reward.to_vec();
        let mut levels = vec![Vec::new(); self.length];
        for l in (0..self.length).rev() {
            let level = &self.levels[l];
            let prefixes = level.len() / v;
            let mut values = Vec::with_capacity(prefixes);
            let mut tilted = Vec::with_capacity(level.len());
            for p in 0..prefixes {
                let terms: Vec<f64> = (0..v)
                    .map(|a| level[p * v + a] + below[p * v + a] / beta)
                    .collect();
                let lse = math::log_sum_exp(&terms);
                values.push(beta * lse);
                tilted.extend(terms.iter().map(|t| t - lse));
            }
            levels[l] = tilted;
            below = values;
        }
        let tree = TokenTree {
            vocab: v,
            length: self.length,
            levels,
        };
        (tree, below[0])
    }
}

/// E_π x from ln π.
pub fn expectation(log_probs: &[f64], x: &[f64]) -> f64 {
    log_probs
        .iter()
        .zip(x)
        .map(|(lp, v)| math::exp(*lp) * v)
        .sum()
}

/// KL(π‖π_ref) from both sides' log-probabilities.
pub fn kl(log_probs: &[f64], ref_log_probs: &[f64]) -> f64 {
    log_probs
        .iter()
        .zip(ref_log_probs)
        .map(|(lp, lr)| {
            let p = math::exp(*lp);
            if p > 0.0 { p * (lp - lr) } else { 0.0 }
        })
        .sum::<f64>()
        .max(0.0)
}

/// A sequence's reward as the sum of its tokens' scores (a sentiment per token), for
/// every sequence in numeral order.
pub fn token_sum_reward(scores: &[f64], length: usize) -> Vec<f64> {
    let mut at = vec![0.0];
    for _ in 0..length {
        at = at
            .iter()
            .flat_map(|r| scores.iter().map(move |s| r + s))
            .collect();
    }
    at
}

/// ln Z_β = ln Σ_y π_ref(y)·e^{r(y)/β}: β ln Z_β is the most E_π r − β·KL(π‖π_ref) any
/// policy reaches.
pub fn ln_partition(ref_log_probs: &[f64], reward: &[f64], beta: f64) -> f64 {
    let logits: Vec<f64> = ref_log_probs
        .iter()
        .zip(reward)
        .map(|(l, r)| l + r / beta)
        .collect();
    math::log_sum_exp(&logits)
}

/// One point of the exact reward–KL frontier.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrontierPoint {
    pub beta: f64,
    pub kl: f64,
    pub reward: f64,
}

/// (KL, E r) of π*_β = π_ref·e^{r/β}/Z for each β: the most reward any policy earns
/// within that KL of π_ref.
pub fn frontier(ref_log_probs: &[f64], reward: &[f64], betas: &[f64]) -> Vec<FrontierPoint> {
    betas
        .iter()
        .map(|&beta| {
            let logits: Vec<f64> = ref_log_probs
                .iter()
                .zip(reward)
                .map(|(l, r)| l + r / beta)
                .collect();
            let lse = math::log_sum_exp(&logits);
            let log_probs: Vec<f64> = logits.iter().map(|l| l - lse).collect();
            FrontierPoint {
                beta,
                kl: kl(&log_probs, ref_log_probs),
                reward: expectation(&log_probs, reward),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_core::markov::MarkovChain;

    /// π_ref: a seeded text-like Markov chain, its first token from the chain's row 0.
    fn reference(vocab: usize, length: usize) -> TokenTree {
        let chain = MarkovChain::text_like(vocab, 2, 0.2, 7);
        TokenTree::from_fn(vocab, length, |prefix| {
            let from = prefix.last().copied().unwrap_or(0);
            (0..vocab).map(|b| chain.prob(from, b)).collect()
        })
        .unwrap()
    }

    #[test]
    fn sequence_probabilities_sum_to_one_and_match_the_chain_rule() {
        let tree = reference(4, 5);
        let lp = tree.sequence_log_probs();
        assert_eq!(lp.len(), 4usize.pow(5));
        let total: f64 = lp.iter().map(|l| l.exp()).sum();
        assert!((total - 1.0).abs() < 1e-12);
        let y = tokens(717, 4, 5);
        let chained: f64 = (0..5).map(|t| tree.next_log_prob(&y[..t], y[t])).sum();
        assert!((lp[717] - chained).abs() < 1e-14);
        let per_token = tree.token_log_probs(717);
        for t in 0..5 {
            assert_eq!(per_token[t], tree.next_log_prob(&y[..t], y[t]));
        }
        // Sampling follows the tree: a frequent sequence's share is near its probability.
        let mut rng = Rng::new(2);
        let best = (0..lp.len())
            .max_by(|&a, &b| lp[a].total_cmp(&lp[b]))
            .unwrap();
        let hits = (0..20_000)
            .filter(|_| tree.sample(&mut rng) == best)
            .count();
        let (p, share) = (lp[best].exp(), hits as f64 / 20_000.0);
        assert!(
            (share - p).abs() < 4.0 * (p * (1.0 - p) / 20_000.0).sqrt(),
            "{share} vs {p}"
        );
    }

    #[test]
    fn the_token_level_optimum_is_the_sequence_level_closed_form() {
        let (v, l, beta) = (4, 5, 0.7);
        let tree = reference(v, l);
        let reward = token_sum_reward(&[1.0, -0.5, 0.0, 0.3], l);
        let ref_lp = tree.sequence_log_probs();
        let (optimum, root) = tree.optimum(&reward, beta);
        let logits: Vec<f64> = ref_lp
            .iter()
            .zip(&reward)
            .map(|(a, r)| a + r / beta)
            .collect();
        let ln_z = math::log_sum_exp(&logits);
        assert!((root - beta * ln_z).abs() < 1e-12, "V(root) = β ln Z");
        let lp = optimum.sequence_log_probs();
        for (got, logit) in lp.iter().zip(&logits) {
            assert!((got - (logit - ln_z)).abs() < 1e-11);
        }
        // KL(π*‖π_ref) = E_{π*} r/β − ln Z.
        let k = kl(&lp, &ref_lp);
        assert!((k - (expectation(&lp, &reward) / beta - ln_z)).abs() < 1e-11);
    }

    #[test]
    fn the_frontier_trades_kl_for_reward_monotonically() {
        let tree = reference(3, 4);
        let reward = token_sum_reward(&[1.0, 0.0, -1.0], 4);
        let ref_lp = tree.sequence_log_probs();
        let betas: Vec<f64> = (0..20).map(|i| 10f64.powf(1.0 - 0.15 * i as f64)).collect();
        let f = frontier(&ref_lp, &reward, &betas);
        for w in f.windows(2) {
            assert!(w[1].kl >= w[0].kl - 1e-12 && w[1].reward >= w[0].reward - 1e-12);
        }
        // No policy beats the frontier: E_π r − β·KL(π‖π_ref) ≤ β ln Z_β for every β.
        let uniform = vec![-(81f64).ln(); 81];
        for lp in [&ref_lp, &uniform] {
            let (k, r) = (kl(lp, &ref_lp), expectation(lp, &reward));
            for &beta in &betas {
                let logits: Vec<f64> = ref_lp
                    .iter()
                    .zip(&reward)
                    .map(|(a, x)| a + x / beta)
                    .collect();
                assert!(r - beta * k <= beta * math::log_sum_exp(&logits) + 1e-12);
            }
        }
    }

    #[test]
    fn too_many_responses_are_refused() {
        assert!(count(16, 6).is_err());
        assert_eq!(count(8, 6), Ok(262_144));
        assert!(TokenTree::from_fn(3, 2, |_| vec![1.0, -1.0, 1.0]).is_err());
    }

    #[test]
    fn far_apart_logits_keep_finite_logarithms() {
        // e^(−2000) underflows; its logarithm is still −2000 − ln(1 + e^(−2000)).
        let t = TokenTree::from_logits(2, 1, |_| vec![0.0, -2000.0]).unwrap();
        assert_eq!(t.next_log_prob(&[], 1), -2000.0);
        assert_eq!(t.next_log_prob(&[], 0), 0.0);
        // Ordinary logits give the probabilities' tree exactly.
        let z = [0.3_f32, -1.2, 2.0];
        let by_logits = TokenTree::from_logits(3, 2, |_| z.to_vec()).unwrap();
        let by_probs = TokenTree::from_fn(3, 2, |_| {
            z.iter().map(|&x| math::exp(f64::from(x - 2.0))).collect()
        })
        .unwrap();
        assert_eq!(by_logits.levels, by_probs.levels);
        assert!(TokenTree::from_logits(2, 1, |_| vec![0.0, f32::NAN]).is_err());
    }
}
