//! A reward model from cardinal feedback, after *Beyond Ordinal Preferences: Why Alignment
//! Needs Cardinal Human Feedback*: each labelled pair also says by how much the chosen
//! response is better (a willingness to pay; here exactly r*(y_w) − r*(y_l)), and r̂ is
//! the weighted least-squares fit of those differences.
//!
//! Ordinal labels within a prompt cannot say whether fixing an error on one prompt is
//! worth more than a turn of style on another; differences can. The fit minimises
//! Σ w (r̂_w − r̂_l − d)², whose normal equations are L r̂ = b with L the weighted graph
//! Laplacian of the compared pairs. Rewards are fixed only up to a constant on each
//! connected group of responses: the fit picks mean zero on each (and 0 for a response
//! never compared), by adding 𝟙_C 𝟙_Cᵀ/|C| for every group C, which leaves the solution
//! otherwise unchanged because b sums to zero on each group.

use crate::linalg::cholesky_solve;
use crate::toy::{Pair, Toy};

/// The least-squares reward (mean zero on each group of compared responses) of `toy`'s
/// responses from `pairs`, each reporting the gold gap r*(chosen) − r*(rejected).
pub fn least_squares(toy: &Toy, pairs: &[Pair]) -> Vec<f64> {
    let n = toy.responses();
    let mut laplacian = vec![0.0; n * n];
    let mut b = vec![0.0; n];
    for p in pairs {
        let (c, r, w) = (p.chosen, p.rejected, p.weight);
        let gap = toy.gold[c] - toy.gold[r];
        laplacian[c * n + c] += w;
        laplacian[r * n + r] += w;
        laplacian[c * n + r] -= w;
        laplacian[r * n + c] -= w;
        b[c] += w * gap;
        b[r] -= w * gap;
    }
    let group = groups(n, pairs);
    for i in 0..n {
        let size = group.iter().filter(|&&g| g == group[i]).count() as f64;
        for j in (0..n).filter(|&j| group[j] == group[i]) {
            laplacian[i * n + j] += 1.0 / size;
        }
    }
    cholesky_solve(laplacian, &b, n)
}

/// Each response's group: the smallest index it is connected to through compared pairs.
fn groups(n: usize, pairs: &[Pair]) -> Vec<usize> {
    let mut group: Vec<usize> = (0..n).collect();
    // Relabel until stable: at most n passes over the (few) pairs.
    loop {
        let mut changed = false;
        for p in pairs.iter().filter(|p| p.weight > 0.0) {
            let low = group[p.chosen].min(group[p.rejected]);
            for end in [p.chosen, p.rejected] {
                if group[end] != low {
                    group[end] = low;
                    changed = true;
                }
            }
        }
        if !changed {
            return group;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy(gold: &[f64]) -> Toy {
        Toy::new(&vec![1.0 / gold.len() as f64; gold.len()], gold).unwrap()
    }

    fn pair(chosen: usize, rejected: usize, weight: f64) -> Pair {
        Pair {
            chosen,
            rejected,
            weight,
        }
    }

    #[test]
    fn recovers_the_gold_reward_up_to_a_constant_on_each_group() {
        let t = toy(&[0.0, 2.0, 5.0, 1.0, -1.0, 7.0]);
        // {0, 1, 2} through a chain, {3, 4} through one pair, 5 never compared.
        let pairs = [pair(1, 0, 1.0), pair(2, 1, 3.0), pair(3, 4, 0.5)];
        let r = least_squares(&t, &pairs);
        let expected = [-7.0 / 3.0, -1.0 / 3.0, 8.0 / 3.0, 1.0, -1.0, 0.0];
        for (a, e) in r.iter().zip(expected) {
            assert!((a - e).abs() < 1e-12, "{r:?}");
        }
    }

    #[test]
    fn a_flipped_label_reports_a_negative_gap_and_changes_nothing() {
        let t = toy(&[0.0, 1.5, 4.0]);
        let clean = least_squares(&t, &[pair(1, 0, 1.0), pair(2, 1, 1.0)]);
        let flipped = least_squares(&t, &[pair(0, 1, 1.0), pair(2, 1, 1.0)]);
        for (a, b) in clean.iter().zip(&flipped) {
            assert!((a - b).abs() < 1e-12);
        }
    }
}
