//! Score-function learners (REINFORCE, RLOO, actor-critic, GAE): one step of gradient
//! ascent along (1/N) Σ_i ψ_i ∇ln π(a_i|s_i) per batch.

use crate::policy::{Policy, Term};
use crate::rollout::Steps;

/// The batch's gradient estimate (1/N) Σ_i ψ_i ∇ln π(a_i|s_i), N = `episodes`.
pub fn gradient(policy: &Policy, steps: &Steps, psi: &[f64], episodes: usize) -> Vec<f64> {
    let n = episodes.max(1) as f64;
    let terms: Vec<Term> = (0..steps.len())
        .map(|i| Term::new(steps.state[i], steps.action[i], psi[i] / n))
        .collect();
    policy.grad(&terms)
}

/// θ ← θ + learning_rate · gradient.
pub fn ascend(policy: &mut Policy, steps: &Steps, psi: &[f64], episodes: usize, lr: f64) {
    let g = gradient(policy, steps, psi, episodes);
    policy.ascend(&g, lr);
}

/// RLOO's advantages R_i − (1/(k−1)) Σ_{j≠i} R_j: each episode is judged against the
/// others of its batch, a baseline independent of its own return (so the estimate stays
/// unbiased). With one episode there are no others and the baseline is 0.
pub fn leave_one_out(returns: &[f64]) -> Vec<f64> {
    let k = returns.len();
    if k < 2 {
        return returns.to_vec();
    }
    let total: f64 = returns.iter().sum();
    returns
        .iter()
        .map(|r| r - (total - r) / (k - 1) as f64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leave_one_out_matches_its_definition() {
        let r = [1.0, 4.0, -2.0, 5.0];
        let a = leave_one_out(&r);
        for i in 0..4 {
            let others: f64 = (0..4).filter(|&j| j != i).map(|j| r[j]).sum::<f64>() / 3.0;
            assert!((a[i] - (r[i] - others)).abs() < 1e-15);
        }
        // The advantages of a batch sum to k/(k−1) × Σ (R − mean R) = 0.
        assert!(a.iter().sum::<f64>().abs() < 1e-14);
    }
}
