//! Exact policy evaluation: v_π solves the linear system (I − γP_π) v = r_π.

use crate::mdp::Mdp;

use super::policy::Policy;

/// Solve A x = b (A is n × n, row-major) by Gaussian elimination with partial pivoting,
/// in f64. None when a pivot is (numerically) zero: the system has no unique solution.
///
/// Entries that are exactly zero are skipped. A gridworld's matrix is banded (a cell
/// only reaches its neighbours), so a 32 × 32 map's 1024 × 1024 system costs about
/// n·(band)² operations instead of n³/3.
pub fn solve(mut a: Vec<f64>, mut b: Vec<f64>, n: usize) -> Option<Vec<f64>> {
    let scale = a.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    for k in 0..n {
        let pivot = (k..n).max_by(|&i, &j| a[i * n + k].abs().total_cmp(&a[j * n + k].abs()))?;
        if a[pivot * n + k].abs() <= 1e-12 * scale {
            return None;
        }
        if pivot != k {
            for j in 0..n {
                a.swap(k * n + j, pivot * n + j);
            }
            b.swap(k, pivot);
        }
        let diag = a[k * n + k];
        for i in k + 1..n {
            let factor = a[i * n + k] / diag;
            if factor == 0.0 {
                continue;
            }
            for j in k..n {
                a[i * n + j] -= factor * a[k * n + j];
            }
            b[i] -= factor * b[k];
        }
    }
    let mut x = vec![0.0; n];
    for k in (0..n).rev() {
        let tail: f64 = (k + 1..n).map(|j| a[k * n + j] * x[j]).sum();
        x[k] = (b[k] - tail) / a[k * n + k];
    }
    Some(x)
}

/// The matrix I − γP_π over all states. Terminal states keep their identity row (their
/// value is 0), and moves into them carry no continuation value, as in [`Mdp::backup`].
fn system(mdp: &Mdp, policy: &Policy) -> Vec<f64> {
    let n = mdp.states;
    let mut a = vec![0.0; n * n];
    for s in 0..n {
        a[s * n + s] = 1.0;
        if mdp.terminal[s] {
            continue;
        }
        for act in 0..mdp.actions {
            let p = policy.prob(s, act);
            if p == 0.0 {
                continue;
            }
            for o in mdp
                .outcomes(s, act)
                .iter()
                .filter(|o| !mdp.terminal[o.next])
            {
                a[s * n + o.next] -= mdp.gamma * p * o.prob;
            }
        }
    }
    a
}

/// v_π exactly. None when the policy never ends from some state with γ = 1.
pub fn evaluate(mdp: &Mdp, policy: &Policy) -> Option<Vec<f64>> {
    let r: Vec<f64> = (0..mdp.states)
        .map(|s| {
            (0..mdp.actions)
                .map(|a| policy.prob(s, a) * mdp.expected_reward(s, a))
                .sum()
        })
        .collect();
    solve(system(mdp, policy), r, mdp.states).map(|v| zero_terminals(mdp, v))
}

/// Terminal values are 0 by definition; elimination can leave them −0.0 (a sign a reader
/// would wonder about).
fn zero_terminals(mdp: &Mdp, mut v: Vec<f64>) -> Vec<f64> {
    for (x, &end) in v.iter_mut().zip(&mdp.terminal) {
        if end {
            *x = 0.0;
        }
    }
    v
}

/// The expected discounted number of steps, Σₜ γᵗ·P(still going at t), from every state
/// under the policy: (I − γP_π)⁻¹ 1. Its largest entry is ‖(I − γP_π)⁻¹‖∞, which turns a
/// Bellman residual into a bound on the error of a value estimate.
pub fn discounted_steps(mdp: &Mdp, policy: &Policy) -> Option<Vec<f64>> {
    let ones = (0..mdp.states)
        .map(|s| if mdp.terminal[s] { 0.0 } else { 1.0 })
        .collect();
    solve(system(mdp, policy), ones, mdp.states).map(|m| zero_terminals(mdp, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_system_that_needs_pivoting() {
        // The first pivot is 0: without row exchanges elimination would divide by it.
        let a = vec![0.0, 2.0, 1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 3.0];
        let x = [1.0, -2.0, 3.0];
        let b: Vec<f64> = (0..3)
            .map(|i| (0..3).map(|j| a[i * 3 + j] * x[j]).sum())
            .collect();
        let got = solve(a, b, 3).unwrap();
        for (g, w) in got.iter().zip(x) {
            assert!((g - w).abs() < 1e-14, "{got:?}");
        }
    }

    #[test]
    fn singular_systems_are_refused() {
        assert!(solve(vec![1.0, 2.0, 2.0, 4.0], vec![1.0, 2.0], 2).is_none());
    }
}
