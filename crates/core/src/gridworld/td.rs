//! The TD-update core every bootstrapping learner shares: what the target bootstraps
//! from in the next state, and the step toward the target.
//!
//! target = r + γ·B(s′), with B(s′) = 0 when s′ is terminal and otherwise
//!
//! | backup     | B(s′)                                        | learner           |
//! |------------|----------------------------------------------|-------------------|
//! | `Max`      | maxₐ Q(s′, a)                                | Q-learning        |
//! | `Sample`   | Q(s′, a′) for the action a′ taken next       | SARSA             |
//! | `Expected` | Σₐ π(a|s′) Q(s′, a)                          | expected SARSA    |
//! | `Mixed(κ)` | (1 − κ)·Σₐ π(a|s′) Q(s′, a) + κ·maxₐ Q(s′, a) | mixed backup      |
//!
//! Double Q-learning bootstraps from the other table at this table's greedy action, and
//! n-step SARSA sums n rewards before bootstrapping with `Sample`; both use [`step`].

use super::explore::Explorer;
use super::policy::max_of;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Backup {
    Max,
    Sample,
    Expected,
    /// κ ∈ [0, 1]: 1 is `Max`, 0 is `Expected`.
    Mixed(f64),
}

/// B(s′) from the next state's action values; `next_action` is only read by `Sample`.
#[inline]
pub fn bootstrap(backup: Backup, q_next: &[f64], next_action: usize, policy: &Explorer) -> f64 {
    match backup {
        Backup::Max => max_of(q_next),
        Backup::Sample => q_next[next_action],
        Backup::Expected => policy.expected(q_next),
        Backup::Mixed(kappa) => (1.0 - kappa) * policy.expected(q_next) + kappa * max_of(q_next),
    }
}

/// Q ← Q + α (target − Q).
#[inline]
pub fn step(q: &mut f64, target: f64, alpha: f64) {
    *q += alpha * (target - *q);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_backup_reads_the_next_state_as_its_table_says() {
        let q = [1.0, 4.0, 2.0, 0.0];
        let eps = Explorer {
            epsilon: 0.4,
            temperature: 0.0,
        };
        // π = 0.1 everywhere + 0.6 on the greedy action: E = 0.1·7 + 0.6·4 = 3.1.
        assert_eq!(bootstrap(Backup::Max, &q, 0, &eps), 4.0);
        assert_eq!(bootstrap(Backup::Sample, &q, 2, &eps), 2.0);
        assert!((bootstrap(Backup::Expected, &q, 0, &eps) - 3.1).abs() < 1e-15);
        assert!((bootstrap(Backup::Mixed(0.25), &q, 0, &eps) - (0.75 * 3.1 + 1.0)).abs() < 1e-15);
        assert_eq!(bootstrap(Backup::Mixed(1.0), &q, 0, &eps), 4.0);
        let mut x = 1.0;
        step(&mut x, 3.0, 0.25);
        assert_eq!(x, 1.5);
    }
}
