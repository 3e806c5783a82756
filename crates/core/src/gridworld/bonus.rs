//! What a learner adds to each reward before learning from it: a constant shift, a count
//! bonus, and an information-gain reward. Shared by every learner that learns from
//! experience.
//!
//! - Shift: r + c. With Q₀ shifted by c/(1 − γ) it is the same learner ("Optimistic
//!   Curiosity Exploration and Conservative Exploitation with Linear Reward Shaping").
//! - Count bonus: β/√N(s, a), N counted after this visit (Strehl & Littman's MBIE-EB form).
//! - Information gain: how much this observation moved the agent's belief about where
//!   (s, a) leads. The belief is a Dirichlet over next states, Dir(α) with α = 1 (a
//!   uniform prior over every state) plus the counts so far; observing s′ makes it
//!   Dir(α + e_s′), and the gain is KL(Dir(α + e_s′) ‖ Dir(α)) nats ("MaxInfoRL: Boosting
//!   exploration in reinforcement learning through information gain maximization" uses
//!   the same idea with learned models). It shrinks like 1/(2·count) as s′ becomes
//!   familiar, and is largest for a next state never seen from (s, a).

use crate::math;
use crate::scenario::Exploration;

/// Visit counts: N(s, a), and (only when the information gain is used) how often each
/// next state followed each (s, a).
#[derive(Clone, Debug, PartialEq)]
pub struct Counts {
    states: usize,
    actions: usize,
    n: Vec<u32>,
    /// Per (s, a), the next states seen and their counts (a short list: few next states
    /// follow any one action in a gridworld).
    next: Vec<Vec<(u32, u32)>>,
}

impl Counts {
    pub fn new(states: usize, actions: usize, track_next: bool) -> Counts {
        Counts {
            states,
            actions,
            n: vec![0; states * actions],
            next: if track_next {
                vec![Vec::new(); states * actions]
            } else {
                Vec::new()
            },
        }
    }

    /// N(s, a).
    pub fn n(&self, s: usize, a: usize) -> u32 {
        self.n[s * self.actions + a]
    }

    /// How often s′ followed (s, a).
    pub fn n_next(&self, s: usize, a: usize, s2: usize) -> u32 {
        self.next
            .get(s * self.actions + a)
            .and_then(|l| l.iter().find(|&&(t, _)| t as usize == s2))
            .map_or(0, |&(_, c)| c)
    }

    /// Count one observation; returns the information gain of the Dirichlet belief about
    /// (s, a)'s next state (0 when next states are not tracked).
    fn observe(&mut self, s: usize, a: usize, s2: usize) -> f64 {
        let i = s * self.actions + a;
        let before = self.n[i];
        self.n[i] += 1;
        let Some(list) = self.next.get_mut(i) else {
            return 0.0;
        };
        let seen = match list.iter_mut().find(|(t, _)| *t as usize == s2) {
            Some((_, c)) => {
                *c += 1;
                *c - 1
            }
            None => {
                list.push((s2 as u32, 1));
                0
            }
        };
        let prior = 1.0;
        one_hot_info_gain(
            prior + f64::from(seen),
            prior * self.states as f64 + f64::from(before),
        )
    }
}

/// KL(Dir(α + e_j) ‖ Dir(α)) from α_j and α₀ = Σα alone. In the general formula
/// ([`dirichlet_kl`]) only the terms of j and of the total differ, and
/// ln Γ(x + 1) − ln Γ(x) = ln x, leaving ln(α₀/α_j) + ψ(α_j + 1) − ψ(α₀ + 1).
pub fn one_hot_info_gain(alpha_j: f64, alpha_0: f64) -> f64 {
    math::ln(alpha_0 / alpha_j) + math::digamma(alpha_j + 1.0) - math::digamma(alpha_0 + 1.0)
}

/// KL(Dir(β) ‖ Dir(α)) = ln Γ(β₀) − Σ ln Γ(β_i) − ln Γ(α₀) + Σ ln Γ(α_i)
///                      + Σ (β_i − α_i)(ψ(β_i) − ψ(β₀)).
pub fn dirichlet_kl(beta: &[f64], alpha: &[f64]) -> f64 {
    let (b0, a0) = (beta.iter().sum::<f64>(), alpha.iter().sum::<f64>());
    let mut kl = math::ln_gamma(b0) - math::ln_gamma(a0);
    for (&b, &a) in beta.iter().zip(alpha) {
        kl += math::ln_gamma(a) - math::ln_gamma(b)
            + (b - a) * (math::digamma(b) - math::digamma(b0));
    }
    kl
}

/// The reward a learner learns from, and the counts behind its bonuses.
#[derive(Clone, Debug, PartialEq)]
pub struct Shaping {
    shift: f64,
    bonus: f64,
    info_gain: f64,
    pub counts: Counts,
}

impl Shaping {
    pub fn new(e: &Exploration, states: usize, actions: usize) -> Shaping {
        Shaping {
            shift: e.reward_shift,
            bonus: e.bonus,
            info_gain: e.info_gain,
            counts: Counts::new(states, actions, e.info_gain > 0.0),
        }
    }

    /// r + c + β/√N(s, a) + w·IG, counting the visit.
    #[inline]
    pub fn reward(&mut self, s: usize, a: usize, s2: usize, r: f64) -> f64 {
        let gain = self.counts.observe(s, a, s2);
        let mut total = r + self.shift;
        if self.bonus > 0.0 {
            total += self.bonus / f64::from(self.counts.n(s, a)).sqrt();
        }
        if self.info_gain > 0.0 {
            total += self.info_gain * gain;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_hot_form_is_the_dirichlet_kl() {
        let alpha = [1.0, 3.5, 0.2, 7.0];
        for j in 0..alpha.len() {
            let mut beta = alpha;
            beta[j] += 1.0;
            let full = dirichlet_kl(&beta, &alpha);
            let short = one_hot_info_gain(alpha[j], alpha.iter().sum());
            assert!((full - short).abs() < 1e-12, "j = {j}: {full} vs {short}");
            assert!(short > 0.0);
        }
        assert!(dirichlet_kl(&alpha, &alpha).abs() < 1e-12);
    }

    /// KL(Dir(β) ‖ Dir(α)) = E_β[ln p_β(x) − ln p_α(x)], estimated by sampling from Dir(β).
    #[test]
    fn the_dirichlet_kl_matches_a_monte_carlo_estimate() {
        let alpha = [1.0, 2.0, 0.5];
        let beta = [2.0, 2.0, 0.5];
        let log_density = |a: &[f64], x: &[f64]| {
            let a0: f64 = a.iter().sum();
            math::ln_gamma(a0)
                + a.iter()
                    .zip(x)
                    .map(|(&a, &x)| (a - 1.0) * math::ln(x) - math::ln_gamma(a))
                    .sum::<f64>()
        };
        let mut rng = crate::rng::Rng::new(11);
        let n = 200_000;
        let mut sum = 0.0;
        let mut sum_sq = 0.0;
        for _ in 0..n {
            let g: Vec<f64> = beta.iter().map(|&b| rng.gamma(b)).collect();
            let total: f64 = g.iter().sum();
            let x: Vec<f64> = g.iter().map(|v| v / total).collect();
            let d = log_density(&beta, &x) - log_density(&alpha, &x);
            sum += d;
            sum_sq += d * d;
        }
        let mean = sum / n as f64;
        let se = ((sum_sq / n as f64 - mean * mean) / n as f64).sqrt();
        let exact = dirichlet_kl(&beta, &alpha);
        assert!((mean - exact).abs() < 5.0 * se, "{mean} ± {se} vs {exact}");
    }

    #[test]
    fn bonuses_shrink_with_visits_and_the_shift_is_constant() {
        let e = Exploration {
            epsilon: 0.1,
            temperature: 0.0,
            initial: 0.0,
            bonus: 2.0,
            reward_shift: -1.0,
            info_gain: 0.0,
        };
        let mut s = Shaping::new(&e, 3, 2);
        assert_eq!(s.reward(0, 1, 2, 5.0), 5.0 - 1.0 + 2.0);
        assert_eq!(s.reward(0, 1, 2, 5.0), 5.0 - 1.0 + 2.0 / 2f64.sqrt());
        assert_eq!(s.counts.n(0, 1), 2);
        let gain = Exploration {
            bonus: 0.0,
            reward_shift: 0.0,
            info_gain: 1.0,
            ..e
        };
        let mut s = Shaping::new(&gain, 3, 2);
        let first = s.reward(0, 0, 1, 0.0);
        let again = s.reward(0, 0, 1, 0.0);
        let novel = s.reward(0, 0, 2, 0.0);
        assert!(first > again && novel > again, "{first} {again} {novel}");
        // The first observation: Dir(1, 1, 1) → Dir(1, 2, 1).
        assert!((first - dirichlet_kl(&[1.0, 2.0, 1.0], &[1.0, 1.0, 1.0])).abs() < 1e-12);
        assert_eq!((s.counts.n_next(0, 0, 1), s.counts.n_next(0, 0, 2)), (2, 1));
    }
}
