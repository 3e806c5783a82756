//! The critic: a table of state values V, one per row of what the policy sees (one per
//! state for tabular and MLP policies, a single value for a blind policy, which cannot
//! tell states apart and so cannot have a state-dependent baseline either).

/// A tabular value function over the policy's observations.
#[derive(Clone, Debug, PartialEq)]
pub struct Critic {
    row_of: Vec<usize>,
    v: Vec<f64>,
}

impl Critic {
    /// All values 0. `row_of[s]` is the value state s reads.
    pub fn new(row_of: Vec<usize>) -> Self {
        let rows = row_of.iter().max().map_or(0, |&m| m + 1);
        Critic {
            row_of,
            v: vec![0.0; rows],
        }
    }

    /// V(s).
    pub fn value(&self, s: usize) -> f64 {
        self.v[self.row_of[s]]
    }

    /// Per row of values: how many of `states` read it, and the sum of their targets.
    fn tally(&self, states: &[usize], targets: &[f64]) -> (Vec<usize>, Vec<f64>) {
        let mut n = vec![0usize; self.v.len()];
        let mut sum = vec![0.0; self.v.len()];
        for (&s, &t) in states.iter().zip(targets) {
            let r = self.row_of[s];
            n[r] += 1;
            sum[r] += t;
        }
        (n, sum)
    }

    /// Move each visited value a fraction `rate` of the way toward the mean target seen
    /// there: V ← V + rate·(mean target − V). With rate = 1 it is the batch's Monte Carlo
    /// (or λ-return) average; smaller rates average over updates.
    pub fn toward_means(&mut self, states: &[usize], targets: &[f64], rate: f64) {
        let (n, sum) = self.tally(states, targets);
        for r in 0..self.v.len() {
            if n[r] > 0 {
                self.v[r] += rate * (sum[r] / n[r] as f64 - self.v[r]);
            }
        }
    }

    /// One gradient step of size `step` on the mean squared error (1/M) Σ_i (V(s_i) −
    /// target_i)² over the M given samples: V ← V + step·(2/M)·Σ_{i at V} (target_i − V).
    /// This is PPO's value loss; a value visited by a share q of the samples moves
    /// 2·step·q of the way to its mean target.
    pub fn squared_error_step(&mut self, states: &[usize], targets: &[f64], step: f64) {
        let m = states.len();
        if m == 0 {
            return;
        }
        let (n, sum) = self.tally(states, targets);
        for r in 0..self.v.len() {
            if n[r] > 0 {
                let residual = sum[r] - n[r] as f64 * self.v[r];
                self.v[r] += step * 2.0 * residual / m as f64;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_step_toward_the_means_is_the_batch_average() {
        let mut c = Critic::new(vec![0, 1, 1]);
        c.toward_means(&[0, 1, 2, 0], &[1.0, 2.0, 4.0, 3.0], 1.0);
        assert_eq!((c.value(0), c.value(1), c.value(2)), (2.0, 3.0, 3.0));
    }

    #[test]
    fn the_squared_error_step_is_the_gradient_step() {
        let mut c = Critic::new(vec![0, 1]);
        // Loss (1/3)[(V0 − 1)² + (V0 − 3)² + (V1 − 6)²] at V = 0: ∂/∂V0 = −8/3, ∂/∂V1 = −4.
        c.squared_error_step(&[0, 0, 1], &[1.0, 3.0, 6.0], 0.1);
        assert!((c.value(0) - 0.1 * 8.0 / 3.0).abs() < 1e-15);
        assert!((c.value(1) - 0.4).abs() < 1e-15);
    }
}
