//! The Bradley–Terry maximum-likelihood reward of a finite set of labelled pairs, by
//! Hunter's MM algorithm (*MM algorithms for generalized Bradley–Terry models*, 2004):
//! an independent solver for what DPO's optimum on the same pairs must equal.
//!
//! With strengths γ_i = e^{r_i} and P(i ≻ j) = γ_i/(γ_i + γ_j), each iteration sets
//! γ_i ← W_i / Σ_{j≠i} n_ij/(γ_i + γ_j) (W_i: i's weighted wins, n_ij: the weight of all
//! comparisons of i with j), which never lowers the likelihood. The maximum exists and is
//! unique up to a constant when every response beats, through some chain of wins, every
//! other: otherwise some reward runs off to ±∞.

use playground_core::math;

use crate::toy::Pair;

/// The maximum-likelihood rewards r̂ (mean zero) of `n` responses from weighted pairs,
/// after `iterations` MM steps; an error when a response never wins or never loses, so
/// that no finite maximum exists.
pub fn mle(n: usize, pairs: &[Pair], iterations: usize) -> Result<Vec<f64>, String> {
    let mut wins = vec![0.0; n];
    let mut losses = vec![0.0; n];
    let mut together = vec![0.0; n * n];
    for p in pairs {
        wins[p.chosen] += p.weight;
        losses[p.rejected] += p.weight;
        together[p.chosen * n + p.rejected] += p.weight;
        together[p.rejected * n + p.chosen] += p.weight;
    }
    if let Some(i) = (0..n).find(|&i| wins[i] <= 0.0 || losses[i] <= 0.0) {
        return Err(format!(
            "response {i} never {} in the data: its Bradley–Terry reward has no finite maximum",
            if wins[i] <= 0.0 { "wins" } else { "loses" }
        ));
    }
    let mut gamma = vec![1.0; n];
    for _ in 0..iterations {
        for i in 0..n {
            let denominator: f64 = (0..n)
                .filter(|&j| j != i && together[i * n + j] > 0.0)
                .map(|j| together[i * n + j] / (gamma[i] + gamma[j]))
                .sum();
            gamma[i] = wins[i] / denominator;
        }
        // Strengths are defined up to a factor: keep their geometric mean at 1.
        let log_mean = gamma.iter().map(|g| math::ln(*g)).sum::<f64>() / n as f64;
        let scale = math::exp(-log_mean);
        gamma.iter_mut().for_each(|g| *g *= scale);
    }
    Ok(gamma.iter().map(|g| math::ln(*g)).collect())
}
