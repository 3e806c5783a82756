//! Action selection, shared by every learner that acts: ε-greedy or Boltzmann (softmax)
//! over a row of action values, and the probabilities of either (expected SARSA and the
//! mixed backup need them).

use crate::math;
use crate::rng::Rng;

use super::policy::{TIE, max_of};

/// A gridworld has at most four actions; rows of probabilities live on the stack.
pub const MAX_ACTIONS: usize = 4;

/// How a learner turns action values into an action.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Explorer {
    /// Probability of a uniformly random action.
    pub epsilon: f64,
    /// Above 0: softmax at this temperature, and `epsilon` is not used.
    pub temperature: f64,
}

impl Explorer {
    /// Always a greedy action (ties broken at random).
    pub const GREEDY: Explorer = Explorer {
        epsilon: 0.0,
        temperature: 0.0,
    };

    /// Draw an action. ε-greedy draws one uniform number to decide whether to explore,
    /// then one more only to pick among several actions (random or tied for best);
    /// Boltzmann draws one. The count of draws depends only on the values, so two
    /// learners whose values differ by a constant draw identically.
    #[inline]
    pub fn choose(&self, q: &[f64], rng: &mut Rng) -> usize {
        if self.temperature > 0.0 {
            let mut w = [0.0; MAX_ACTIONS];
            self.softmax(q, &mut w);
            return pick(&w[..q.len()], rng.uniform());
        }
        if rng.uniform() < self.epsilon {
            return rng.below(q.len());
        }
        let best = max_of(q);
        // The tied actions, in action order (at most four: no allocation).
        let mut tied = [0; MAX_ACTIONS];
        let mut count = 0;
        for (a, &x) in q.iter().enumerate() {
            if x >= best - TIE {
                tied[count] = a;
                count += 1;
            }
        }
        if count > 1 {
            tied[rng.below(count)]
        } else {
            tied[0]
        }
    }

    /// π(a) for every action, into `out` (the first `q.len()` entries).
    pub fn probs(&self, q: &[f64], out: &mut [f64]) {
        if self.temperature > 0.0 {
            self.softmax(q, out);
            return;
        }
        let k = q.len() as f64;
        let best = max_of(q);
        let tied = q.iter().filter(|&&x| x >= best - TIE).count() as f64;
        for (p, &x) in out.iter_mut().zip(q) {
            let greedy = if x >= best - TIE { 1.0 / tied } else { 0.0 };
            *p = self.epsilon / k + (1.0 - self.epsilon) * greedy;
        }
    }

    /// E_π Q = Σₐ π(a) Q(a).
    pub fn expected(&self, q: &[f64]) -> f64 {
        let mut p = [0.0; MAX_ACTIONS];
        self.probs(q, &mut p);
        q.iter().zip(&p).map(|(q, p)| q * p).sum()
    }

    /// exp((Q(a) − max Q)/τ), normalised. Subtracting the maximum keeps every exponent ≤ 0.
    fn softmax(&self, q: &[f64], out: &mut [f64]) {
        let best = max_of(q);
        let mut total = 0.0;
        for (w, &x) in out.iter_mut().zip(q) {
            *w = math::exp((x - best) / self.temperature);
            total += *w;
        }
        for w in out.iter_mut().take(q.len()) {
            *w /= total;
        }
    }
}

/// The index where a uniform u ∈ [0, 1) falls among cumulative probabilities.
fn pick(p: &[f64], u: f64) -> usize {
    let mut acc = 0.0;
    for (a, &w) in p.iter().enumerate() {
        acc += w;
        if u < acc {
            return a;
        }
    }
    // Rounding can leave the sum a hair below 1: the last action with mass.
    p.iter().rposition(|&w| w > 0.0).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frequencies(e: Explorer, q: &[f64]) -> Vec<f64> {
        let mut rng = Rng::new(5);
        let n = 200_000;
        let mut counts = vec![0.0; q.len()];
        for _ in 0..n {
            counts[e.choose(q, &mut rng)] += 1.0 / n as f64;
        }
        counts
    }

    #[test]
    fn choices_follow_the_stated_probabilities() {
        let q = [1.0, 3.0, 3.0, 0.5];
        for e in [
            Explorer {
                epsilon: 0.2,
                temperature: 0.0,
            },
            Explorer {
                epsilon: 0.0,
                temperature: 0.7,
            },
            Explorer::GREEDY,
        ] {
            let mut p = [0.0; 4];
            e.probs(&q, &mut p);
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
            for (f, p) in frequencies(e, &q).iter().zip(p) {
                // Binomial standard error ≤ √(0.25/200000) ≈ 0.0011; allow 5 of them.
                assert!((f - p).abs() < 0.006, "{e:?}: {f} vs {p}");
            }
        }
        // ε-greedy with ties: ε/4 everywhere, (1 − ε)/2 more on each tied best.
        let mut p = [0.0; 4];
        Explorer {
            epsilon: 0.2,
            temperature: 0.0,
        }
        .probs(&q, &mut p);
        assert_eq!(p, [0.05, 0.45, 0.45, 0.05]);
    }

    #[test]
    fn shifting_every_value_changes_neither_choice_nor_draws() {
        let e = Explorer {
            epsilon: 0.3,
            temperature: 0.0,
        };
        let q = [0.25, -1.0, 0.25, 0.1];
        let shifted = q.map(|x| x + 10.0);
        let (mut r1, mut r2) = (Rng::new(9), Rng::new(9));
        for _ in 0..10_000 {
            assert_eq!(e.choose(&q, &mut r1), e.choose(&shifted, &mut r2));
        }
        assert_eq!(r1, r2);
    }
}
