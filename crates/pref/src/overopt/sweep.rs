//! The KL-regularised objective J_β(π) = E_π R − β·KL(π‖π_ref) over a softmax policy:
//! its exact optimum π_β = π_ref·e^{R/β}/Z (swept from large β to small), the exact
//! gradient in the logits, ∂J/∂θ_y = π_y·(A_y − E_π A) with A_y = R_y − β·ln(π_y/π_ref(y)),
//! and the policy-gradient learner that climbs it one step at a time.

use playground_core::math;

use super::world::dot;

/// A policy given by its logits, with π and ln π.
#[derive(Clone, Debug)]
pub struct Policy {
    pub probs: Vec<f64>,
    pub log_probs: Vec<f64>,
}

impl Policy {
    pub fn from_logits(logits: &[f64]) -> Self {
        let lse = math::log_sum_exp(logits);
        Policy {
            probs: math::softmax(logits),
            log_probs: logits.iter().map(|l| l - lse).collect(),
        }
    }

    /// KL(π‖π_ref) from the log-probabilities (exact where π underflows).
    pub fn kl(&self, log_reference: &[f64]) -> f64 {
        self.probs
            .iter()
            .zip(&self.log_probs)
            .zip(log_reference)
            .filter(|((p, _), _)| **p > 0.0)
            .map(|((p, lp), lr)| p * (lp - lr))
            .sum::<f64>()
            .max(0.0)
    }

    /// J_β(π) = E_π R − β·KL(π‖π_ref).
    pub fn objective(&self, reward: &[f64], log_reference: &[f64], beta: f64) -> f64 {
        dot(&self.probs, reward) - beta * self.kl(log_reference)
    }

    /// ∂J_β/∂θ in the logits.
    pub fn gradient(&self, reward: &[f64], log_reference: &[f64], beta: f64) -> Vec<f64> {
        let a: Vec<f64> = reward
            .iter()
            .zip(&self.log_probs)
            .zip(log_reference)
            .map(|((r, lp), lr)| r - beta * (lp - lr))
            .collect();
        let mean = dot(&self.probs, &a);
        self.probs
            .iter()
            .zip(&a)
            .map(|(p, x)| if *p > 0.0 { p * (x - mean) } else { 0.0 })
            .collect()
    }
}

/// The logits of π_β: ln π_ref + R/β.
pub fn optimum_logits(reward: &[f64], log_reference: &[f64], beta: f64) -> Vec<f64> {
    log_reference
        .iter()
        .zip(reward)
        .map(|(l, r)| l + r / beta)
        .collect()
}

/// π_β = π_ref·e^{R/β}/Z.
pub fn optimum(reward: &[f64], log_reference: &[f64], beta: f64) -> Policy {
    Policy::from_logits(&optimum_logits(reward, log_reference, beta))
}

/// The optimum's value max_π J_β = β·ln E_{π_ref} e^{R/β}.
pub fn optimal_value(reward: &[f64], log_reference: &[f64], beta: f64) -> f64 {
    beta * math::log_sum_exp(&optimum_logits(reward, log_reference, beta))
}

/// `points` values of β from `hi` down to `lo`, evenly spaced in ln β.
pub fn betas(hi: f64, lo: f64, points: usize) -> Vec<f64> {
    if points <= 1 {
        return vec![lo];
    }
    let (a, b) = (math::ln(hi), math::ln(lo));
    (0..points)
        .map(|i| math::exp(a + (b - a) * i as f64 / (points - 1) as f64))
        .collect()
}

/// One exact gradient-ascent step on J_β in the logits.
pub fn ascend(logits: &mut [f64], reward: &[f64], log_reference: &[f64], beta: f64, eta: f64) {
    let g = Policy::from_logits(logits).gradient(reward, log_reference, beta);
    for (l, gi) in logits.iter_mut().zip(&g) {
        *l += eta * gi;
    }
}
