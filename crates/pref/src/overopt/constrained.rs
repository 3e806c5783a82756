//! Constrained RLHF, after *Confronting Reward Model Overoptimization with Constrained
//! RLHF*: the gold reward has parts, each with its own proxy p_k, and optimising their
//! sum R = Σ_k p_k pushes each part past its "proxy point", the proxy value beyond which
//! the part's gold reward falls. The constrained learner keeps every E_π p_k below a
//! threshold θ_k:
//!
//!   max_π E_π R − β·KL(π‖π_ref)  subject to  E_π p_k ≤ θ_k.
//!
//! For multipliers λ ≥ 0 the Lagrangian's maximiser is exact, π_λ ∝ π_ref·e^{(R − λ·p)/β},
//! and λ minimises the convex dual g(λ) = β·ln E_{π_ref} e^{(R − λ·p)/β} + λ·θ, whose
//! gradient is θ − E_{π_λ} p and Hessian Cov_{π_λ}(p)/β: projected Newton with a
//! backtracking line search finds it to [`TOLERANCE`].

use playground_core::math;

use super::sweep::{self, Policy};
use super::world::dot;
use crate::linalg::cholesky_solve;

/// The projected dual gradient (in reward units) at which the multipliers are optimal.
pub const TOLERANCE: f64 = 1e-10;
const MAX_NEWTON: usize = 200;
/// The fine β grid on which proxy points are found.
const PROXY_POINT_GRID: usize = 400;

/// The constrained optimum at one β.
#[derive(Clone, Debug)]
pub struct Solution {
    pub policy: Policy,
    /// λ_k ≥ 0, one per part.
    pub multipliers: Vec<f64>,
    /// E_π p_k.
    pub expected: Vec<f64>,
}

fn logits(parts: &[Vec<f64>], log_reference: &[f64], beta: f64, lambda: &[f64]) -> Vec<f64> {
    (0..log_reference.len())
        .map(|y| {
            let tilt: f64 = parts
                .iter()
                .zip(lambda)
                .map(|(p, l)| (1.0 - l) * p[y])
                .sum();
            log_reference[y] + tilt / beta
        })
        .collect()
}

fn dual(
    parts: &[Vec<f64>],
    log_reference: &[f64],
    beta: f64,
    theta: &[f64],
    lambda: &[f64],
) -> f64 {
    // An absent constraint (θ = ∞) keeps λ = 0 and adds nothing.
    let held: f64 = lambda
        .iter()
        .zip(theta)
        .filter(|(_, t)| t.is_finite())
        .map(|(l, t)| l * t)
        .sum();
    beta * math::log_sum_exp(&logits(parts, log_reference, beta, lambda)) + held
}

/// The optimum subject to E_π p_k ≤ θ_k (θ_k = ∞: no constraint), from multipliers
/// `start` (the previous β's, so a sweep warm-starts).
pub fn solve(
    parts: &[Vec<f64>],
    log_reference: &[f64],
    beta: f64,
    theta: &[f64],
    start: &[f64],
) -> Solution {
    let k = parts.len();
    let mut lambda = start.to_vec();
    for _ in 0..MAX_NEWTON {
        let policy = Policy::from_logits(&logits(parts, log_reference, beta, &lambda));
        let expected: Vec<f64> = parts.iter().map(|p| dot(&policy.probs, p)).collect();
        let grad: Vec<f64> = theta.iter().zip(&expected).map(|(t, e)| t - e).collect();
        // A multiplier at zero whose gradient pushes it below zero stays there.
        let free: Vec<usize> = (0..k)
            .filter(|&i| theta[i].is_finite() && (lambda[i] > 0.0 || grad[i] < 0.0))
            .collect();
        if free.iter().all(|&i| grad[i].abs() <= TOLERANCE) {
            return Solution {
                policy,
                multipliers: lambda,
                expected,
            };
        }
        let step = newton_step(parts, &policy.probs, beta, &free, &grad);
        let before = dual(parts, log_reference, beta, theta, &lambda);
        let mut t = 1.0;
        loop {
            let mut next = lambda.clone();
            for (&i, d) in free.iter().zip(&step) {
                next[i] = (lambda[i] + t * d).max(0.0);
            }
            let descent: f64 = free.iter().map(|&i| grad[i] * (next[i] - lambda[i])).sum();
            let after = dual(parts, log_reference, beta, theta, &next);
            // Near the optimum the decrease is below the dual's rounding: allow for it, or
            // the search would shrink the (good) Newton step to nothing.
            let rounding = 1e-14 * before.abs().max(1.0);
            if after <= before + 1e-4 * descent + rounding || t < 1e-12 {
                lambda = next;
                break;
            }
            t *= 0.5;
        }
    }
    let policy = Policy::from_logits(&logits(parts, log_reference, beta, &lambda));
    let expected = parts.iter().map(|p| dot(&policy.probs, p)).collect();
    Solution {
        policy,
        multipliers: lambda,
        expected,
    }
}

/// −H⁻¹g on the free multipliers, H = Cov_π(p)/β (plus a whisker, so it stays definite).
fn newton_step(
    parts: &[Vec<f64>],
    probs: &[f64],
    beta: f64,
    free: &[usize],
    grad: &[f64],
) -> Vec<f64> {
    let m = free.len();
    let means: Vec<f64> = free.iter().map(|&i| dot(probs, &parts[i])).collect();
    let mut h = vec![0.0; m * m];
    for a in 0..m {
        for b in 0..m {
            let (pa, pb) = (&parts[free[a]], &parts[free[b]]);
            let cov: f64 = probs
                .iter()
                .enumerate()
                .map(|(y, q)| q * (pa[y] - means[a]) * (pb[y] - means[b]))
                .sum();
            h[a * m + b] = cov / beta + if a == b { 1e-12 } else { 0.0 };
        }
    }
    let minus_g: Vec<f64> = free.iter().map(|&i| -grad[i]).collect();
    cholesky_solve(h, &minus_g, m)
}

/// Each part's proxy point: E_π p_k where the part's gold reward E_π c_k peaks along the
/// unconstrained KL optimum of R = Σ_k p_k as β falls from `beta_max` to `beta_min`; None
/// when the part's gold is still rising at the sweep's end.
pub fn proxy_points(
    proxies: &[Vec<f64>],
    golds: &[Vec<f64>],
    log_reference: &[f64],
    beta_max: f64,
    beta_min: f64,
) -> Vec<Option<f64>> {
    let total: Vec<f64> = (0..log_reference.len())
        .map(|y| proxies.iter().map(|p| p[y]).sum())
        .collect();
    let mut best = vec![(f64::NEG_INFINITY, 0.0, false); proxies.len()];
    let grid = sweep::betas(beta_max, beta_min, PROXY_POINT_GRID);
    for (i, &beta) in grid.iter().enumerate() {
        let pi = sweep::optimum(&total, log_reference, beta);
        for (k, b) in best.iter_mut().enumerate() {
            let gold = dot(&pi.probs, &golds[k]);
            if gold > b.0 {
                *b = (gold, dot(&pi.probs, &proxies[k]), i + 1 == grid.len());
            }
        }
    }
    best.into_iter()
        .map(|(_, proxy, at_end)| (!at_end).then_some(proxy))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inactive_constraint_leaves_the_kl_optimum_and_an_active_one_binds_exactly() {
        let log_reference = vec![(0.25f64).ln(); 4];
        let parts = vec![vec![0.0, 1.0, 2.0, -1.0], vec![1.0, 0.0, -1.0, 3.0]];
        let total: Vec<f64> = (0..4).map(|y| parts[0][y] + parts[1][y]).collect();
        let free = solve(
            &parts,
            &log_reference,
            1.0,
            &[f64::INFINITY, 10.0],
            &[0.0, 0.0],
        );
        let optimum = sweep::optimum(&total, &log_reference, 1.0);
        for (a, b) in free.policy.probs.iter().zip(&optimum.probs) {
            assert!((a - b).abs() < 1e-15);
        }
        assert_eq!(free.multipliers, vec![0.0, 0.0]);
        let held = solve(
            &parts,
            &log_reference,
            1.0,
            &[f64::INFINITY, 0.5],
            &[0.0, 0.0],
        );
        assert!((held.expected[1] - 0.5).abs() < 1e-9, "{:?}", held.expected);
        assert!(held.multipliers[1] > 0.0);
    }
}
