//! The tabular problem — rewards, costs, π_ref, β and the budget — and what every part of
//! the lab computes from a policy: expectations, the KL to an anchor, the tilted policy
//! π_ref·e^{g/β}/Z.

use playground_core::math;
use playground_core::scenario::ConstrainedEnv;

#[derive(Clone, Debug)]
pub struct Problem {
    pub reward: Vec<f64>,
    pub cost: Vec<f64>,
    /// π_ref, normalised.
    pub reference: Vec<f64>,
    /// ln π_ref.
    pub log_reference: Vec<f64>,
    pub beta: f64,
    pub budget: f64,
}

/// A policy as both probabilities and log-probabilities: logs come from the logits, not
/// from ln of a probability, so a probability that underflows to 0 keeps a finite log.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub probs: Vec<f64>,
    pub logs: Vec<f64>,
}

impl Policy {
    pub fn from_logits(logits: &[f64]) -> Policy {
        let z = math::log_sum_exp(logits);
        let logs: Vec<f64> = logits.iter().map(|l| l - z).collect();
        let probs = logs.iter().map(|&l| math::exp(l)).collect();
        Policy { probs, logs }
    }

    /// E_π v.
    pub fn expect(&self, v: &[f64]) -> f64 {
        self.probs.iter().zip(v).map(|(p, x)| p * x).sum()
    }

    /// KL(π ‖ anchor), from log-probabilities.
    pub fn kl(&self, anchor_logs: &[f64]) -> f64 {
        self.probs
            .iter()
            .zip(&self.logs)
            .zip(anchor_logs)
            .map(|((p, l), a)| p * (l - a))
            .sum()
    }

    /// The total-variation distance ½‖π − q‖₁.
    pub fn distance(&self, q: &[f64]) -> f64 {
        0.5 * self
            .probs
            .iter()
            .zip(q)
            .map(|(p, q)| (p - q).abs())
            .sum::<f64>()
    }
}

impl Problem {
    pub fn new(env: &ConstrainedEnv) -> Problem {
        let reference = env.reference();
        let log_reference = reference.iter().map(|&p| math::ln(p)).collect();
        Problem {
            reward: env.reward.clone(),
            cost: env.cost.clone(),
            reference,
            log_reference,
            beta: env.beta,
            budget: env.budget,
        }
    }

    pub fn responses(&self) -> usize {
        self.reward.len()
    }

    /// r − λc, the reward a multiplier λ prices the cost into.
    pub fn priced(&self, lambda: f64) -> Vec<f64> {
        self.reward
            .iter()
            .zip(&self.cost)
            .map(|(r, c)| r - lambda * c)
            .collect()
    }

    /// The maximiser of E_π g − β·KL(π‖anchor): anchor·e^{g/β}/Z.
    pub fn tilt(&self, anchor_logs: &[f64], g: &[f64]) -> Policy {
        let logits: Vec<f64> = anchor_logs
            .iter()
            .zip(g)
            .map(|(a, x)| a + x / self.beta)
            .collect();
        Policy::from_logits(&logits)
    }

    /// π_λ = π_ref·e^{(r − λc)/β}/Z, the Lagrangian's maximiser at λ.
    pub fn policy_at(&self, lambda: f64) -> Policy {
        self.tilt(&self.log_reference, &self.priced(lambda))
    }

    /// The objective every learner is judged by: E_π r − β·KL(π‖π_ref).
    pub fn objective(&self, pi: &Policy) -> f64 {
        pi.expect(&self.reward) - self.beta * pi.kl(&self.log_reference)
    }
}
