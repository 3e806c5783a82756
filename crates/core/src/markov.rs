//! Markov chains over a small vocabulary: the known-answer "text" that the tiny
//! transformer learns from.
//!
//! A first-order chain is the simplest language with an exact answer: the best any model
//! can do at predicting the next token, averaged over text drawn from the chain, is the
//! chain's entropy rate H = −Σ_i π_i Σ_j P_ij ln P_ij (nats per token), where π is the
//! stationary distribution. A trained model's cross-entropy can be compared with H
//! directly: it can approach H but never beat it (in expectation).

use crate::math;
use crate::rng::Rng;

/// A Markov chain on tokens 0..vocab with transition matrix P (row i: the distribution
/// of the token after i).
#[derive(Clone, Debug, PartialEq)]
pub struct MarkovChain {
    vocab: usize,
    /// Row-major vocab × vocab.
    p: Vec<f64>,
}

/// Accuracy of the stationary distribution (L1 distance to the exact fixed point).
pub const STATIONARY_TOL: f64 = 1e-12;

/// Power iteration runs until one step changes π by less than this (L1), far below
/// [`STATIONARY_TOL`]: the distance to the fixed point can be many times the last step's
/// change when the chain mixes slowly.
const STEP_FLOOR: f64 = 1e-15;

impl MarkovChain {
    /// A chain from its transition matrix (row-major, `vocab × vocab`). Every entry must
    /// be finite and non-negative and every row must sum to 1 (within 1e-9).
    pub fn new(vocab: usize, p: Vec<f64>) -> Result<Self, String> {
        if vocab == 0 || p.len() != vocab * vocab {
            return Err(format!(
                "a {vocab}-token chain needs {} probabilities, got {}",
                vocab * vocab,
                p.len()
            ));
        }
        for (i, row) in p.chunks_exact(vocab).enumerate() {
            if row.iter().any(|&x| !x.is_finite() || x < 0.0) {
                return Err(format!("row {i} has a negative or non-finite probability"));
            }
            let total: f64 = row.iter().sum();
            if (total - 1.0).abs() > 1e-9 {
                return Err(format!("row {i} sums to {total}, not 1"));
            }
        }
        Ok(MarkovChain { vocab, p })
    }

    /// A seeded "text-like" chain: each token has `branching` likely successors (distinct,
    /// chosen at random) whose weights are random but uneven, like words that usually
    /// follow a word; a fraction `smoothing` of the probability is spread evenly over all
    /// tokens so every transition is possible (which also makes π unique).
    ///
    /// Panics if `branching` is 0 or above `vocab`, or `smoothing` is outside [0, 1]
    /// (scenario validation rules these out first).
    pub fn text_like(vocab: usize, branching: usize, smoothing: f64, seed: u64) -> Self {
        assert!(
            (1..=vocab).contains(&branching),
            "branching must be in 1..=vocab"
        );
        assert!(
            (0.0..=1.0).contains(&smoothing),
            "smoothing must be in [0, 1]"
        );
        let mut rng = Rng::new(seed);
        let mut p = vec![smoothing / vocab as f64; vocab * vocab];
        for row in p.chunks_exact_mut(vocab) {
            // Partial Fisher–Yates: the first `branching` entries become the successors.
            let mut tokens: Vec<usize> = (0..vocab).collect();
            for k in 0..branching {
                let pick = k + rng.below(vocab - k);
                tokens.swap(k, pick);
            }
            // Gamma(1) weights are a flat Dirichlet draw: uneven but never degenerate.
            let weights: Vec<f64> = (0..branching).map(|_| rng.gamma(1.0) + 1e-3).collect();
            let total: f64 = weights.iter().sum();
            for (&t, &w) in tokens[..branching].iter().zip(&weights) {
                row[t] += (1.0 - smoothing) * w / total;
            }
        }
        MarkovChain { vocab, p }
    }

    pub fn vocab(&self) -> usize {
        self.vocab
    }

    /// P(next = j | current = i).
    pub fn prob(&self, i: usize, j: usize) -> f64 {
        self.p[i * self.vocab + j]
    }

    /// The distribution of the token after `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.p[i * self.vocab..(i + 1) * self.vocab]
    }

    /// The whole transition matrix, row-major.
    pub fn matrix(&self) -> &[f64] {
        &self.p
    }

    /// The token after `current`.
    pub fn next(&self, current: usize, rng: &mut Rng) -> usize {
        rng.categorical(self.row(current))
    }

    /// `len` tokens: the first from the stationary distribution `pi` (pass
    /// [`MarkovChain::stationary`]), so every position is distributed alike and the
    /// expected per-token loss floor is exactly the entropy rate.
    pub fn sample(&self, len: usize, pi: &[f64], rng: &mut Rng) -> Vec<usize> {
        let mut out = Vec::with_capacity(len);
        if len == 0 {
            return out;
        }
        out.push(rng.categorical(pi));
        while out.len() < len {
            let last = out[out.len() - 1];
            out.push(self.next(last, rng));
        }
        out
    }

    /// The stationary distribution π = πP to within [`STATIONARY_TOL`], by power
    /// iteration from the uniform distribution until a step changes π by less than 1e-15
    /// (or round-off stops it shrinking). It iterates the lazy chain (I + P)/2, which has
    /// the same stationary distribution and converges even when P is periodic.
    pub fn stationary(&self) -> Vec<f64> {
        let v = self.vocab;
        let mut pi = vec![1.0 / v as f64; v];
        let mut next = vec![0.0; v];
        let mut last_change = f64::INFINITY;
        for _ in 0..10_000_000 {
            for (j, n) in next.iter_mut().enumerate() {
                let flow: f64 = (0..v).map(|i| pi[i] * self.p[i * v + j]).sum();
                *n = 0.5 * (pi[j] + flow);
            }
            let total: f64 = next.iter().sum();
            let change: f64 = next
                .iter()
                .zip(&pi)
                .map(|(n, p)| (n / total - p).abs())
                .sum();
            for (p, n) in pi.iter_mut().zip(&next) {
                *p = n / total;
            }
            let stalled = change < STATIONARY_TOL && change >= last_change;
            if change < STEP_FLOOR || stalled {
                break;
            }
            last_change = change;
        }
        pi
    }

    /// Entropy of row i, −Σ_j P_ij ln P_ij (0 ln 0 = 0), in nats.
    pub fn row_entropy(&self, i: usize) -> f64 {
        self.row(i)
            .iter()
            .filter(|&&q| q > 0.0)
            .map(|&q| -q * math::ln(q))
            .sum()
    }

    /// The entropy rate H = Σ_i π_i · H(P_i·) in nats per token: the lowest expected
    /// cross-entropy any next-token predictor can reach on text from this chain.
    pub fn entropy_rate(&self) -> f64 {
        let pi = self.stationary();
        (0..self.vocab).map(|i| pi[i] * self.row_entropy(i)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// h(p) = −p ln p − (1 − p) ln(1 − p).
    fn binary_entropy(p: f64) -> f64 {
        -p * p.ln() - (1.0 - p) * (1.0 - p).ln()
    }

    #[test]
    fn two_state_chain_matches_the_closed_form() {
        // P = [[1 − a, a], [b, 1 − b]]: π = (b, a) / (a + b), H = π0·h(a) + π1·h(b).
        let (a, b) = (0.3, 0.1);
        let chain = MarkovChain::new(2, vec![1.0 - a, a, b, 1.0 - b]).unwrap();
        let pi = chain.stationary();
        assert!((pi[0] - 0.25).abs() < 1e-12, "{pi:?}");
        assert!((pi[1] - 0.75).abs() < 1e-12, "{pi:?}");
        let h = 0.25 * binary_entropy(a) + 0.75 * binary_entropy(b);
        assert!((chain.entropy_rate() - h).abs() < 1e-12);
    }

    #[test]
    fn a_periodic_chain_still_has_its_stationary_distribution() {
        // Deterministic alternation 0 → 1 → 0: π = (1/2, 1/2), entropy rate 0.
        let chain = MarkovChain::new(2, vec![0.0, 1.0, 1.0, 0.0]).unwrap();
        let pi = chain.stationary();
        assert!((pi[0] - 0.5).abs() < 1e-12);
        assert_eq!(chain.entropy_rate(), 0.0);
    }

    #[test]
    fn bad_matrices_are_refused() {
        assert!(MarkovChain::new(2, vec![0.5, 0.5, 0.5]).is_err());
        assert!(MarkovChain::new(2, vec![0.5, 0.6, 0.5, 0.5]).is_err());
        assert!(MarkovChain::new(2, vec![1.5, -0.5, 0.5, 0.5]).is_err());
    }

    #[test]
    fn text_like_chains_are_valid_seeded_and_structured() {
        let chain = MarkovChain::text_like(16, 3, 0.05, 7);
        assert_eq!(chain, MarkovChain::text_like(16, 3, 0.05, 7));
        assert_ne!(chain, MarkovChain::text_like(16, 3, 0.05, 8));
        assert!(MarkovChain::new(16, chain.matrix().to_vec()).is_ok());
        // Few likely successors: the entropy rate sits well below ln 16 and above 0, and
        // at most ln(3) plus what the smoothing adds.
        let h = chain.entropy_rate();
        assert!(h > 0.3 && h < 1.6, "entropy rate {h}");
        let pi = chain.stationary();
        let step: Vec<f64> = (0..16)
            .map(|j| (0..16).map(|i| pi[i] * chain.prob(i, j)).sum())
            .collect();
        for (a, b) in pi.iter().zip(&step) {
            assert!((a - b).abs() < 1e-11, "πP = π");
        }
    }

    #[test]
    fn sampled_text_has_the_chains_statistics() {
        let chain = MarkovChain::text_like(4, 2, 0.1, 3);
        let pi = chain.stationary();
        let mut rng = Rng::new(11);
        let text = chain.sample(200_000, &pi, &mut rng);
        // The empirical −mean ln P(next | current) estimates the entropy rate.
        let nll: f64 = text
            .windows(2)
            .map(|w| -chain.prob(w[0], w[1]).ln())
            .sum::<f64>()
            / (text.len() - 1) as f64;
        assert!((nll - chain.entropy_rate()).abs() < 0.01, "{nll}");
        // Token frequencies estimate π.
        for (t, &p) in pi.iter().enumerate() {
            let freq = text.iter().filter(|&&x| x == t).count() as f64 / text.len() as f64;
            assert!((freq - p).abs() < 0.01, "token {t}: {freq} vs {p}");
        }
    }
}
