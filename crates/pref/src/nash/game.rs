//! The preference game. Two policies π and π' are compared by drawing y ~ π, y' ~ π'
//! and asking which is preferred: P(π ≻ π') = πᵀPπ'. Because P(i ≻ j) + P(j ≻ i) = 1,
//! P(π ≻ π') + P(π' ≻ π) = 1: a symmetric constant-sum game whose value is ½ (a policy
//! ties with itself, πᵀPπ = ½, so neither player can guarantee more than ½).
//!
//! A Minimax Winner π* is a policy no response beats: P(y ≻ π*) ≤ ½ for every y,
//! equivalently P(π* ≻ π') ≥ ½ for every π'.
//!
//! The duality gap we report is max_y P(y ≻ π) − ½: how much the best response beats
//! π by (what an opponent can exploit). For the profile (π, π) of the two-player game the
//! usual duality gap max_π' P(π' ≻ π) − min_π' P(π ≻ π') is exactly twice this (the
//! second term is 1 − the first), so both vanish at the same policies: the Minimax
//! Winners.

use playground_core::math;

/// A preference matrix with P(i ≻ j) + P(j ≻ i) = 1 and P(i ≻ i) = ½.
#[derive(Clone, Debug, PartialEq)]
pub struct Game {
    /// Row i, column j: P(i ≻ j).
    pub p: Vec<Vec<f64>>,
}

impl Game {
    pub fn new(p: Vec<Vec<f64>>) -> Self {
        Game { p }
    }

    pub fn responses(&self) -> usize {
        self.p.len()
    }

    /// Each response's win rate against π: (Pπ)_y = P(y ≻ π). This is the reward every
    /// learner here climbs, and SPO's reward in expectation over the policy's samples.
    pub fn win_rates(&self, pi: &[f64]) -> Vec<f64> {
        self.p
            .iter()
            .map(|row| row.iter().zip(pi).map(|(a, b)| a * b).sum())
            .collect()
    }

    /// P(a ≻ b) = aᵀPb.
    pub fn win_rate(&self, a: &[f64], b: &[f64]) -> f64 {
        a.iter().zip(self.win_rates(b)).map(|(x, w)| x * w).sum()
    }

    /// max_y P(y ≻ π) − ½ (≥ 0, since πᵀPπ = ½ is an average of the win rates).
    pub fn duality_gap(&self, pi: &[f64]) -> f64 {
        let best = self
            .win_rates(pi)
            .into_iter()
            .fold(f64::NEG_INFINITY, f64::max);
        best - 0.5
    }

    /// A response that beats every other with probability above ½, if there is one. It
    /// is then the only Minimax Winner: any weight elsewhere loses to it.
    pub fn condorcet_winner(&self) -> Option<usize> {
        let n = self.responses();
        (0..n).find(|&c| (0..n).all(|j| j == c || self.p[c][j] > 0.5))
    }
}

/// KL(π ‖ π_ref), with 0·ln 0 = 0 (rounding below 0 shown as 0).
pub fn kl(pi: &[f64], reference: &[f64]) -> f64 {
    pi.iter()
        .zip(reference)
        .filter(|(p, _)| **p > 0.0)
        .map(|(p, q)| p * math::ln(p / q))
        .sum::<f64>()
        .max(0.0)
}

/// ½‖a − b‖₁.
pub fn total_variation(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f64>() / 2.0
}

/// Log-probabilities normalised to sum 1 in probability (subtracting their
/// log-sum-exp): logits never drift, however many steps add rewards to them.
pub fn normalise(logits: &mut [f64]) {
    let z = math::log_sum_exp(logits);
    logits.iter_mut().for_each(|l| *l -= z);
}
