//! KL-regularised policies over the outcomes: a policy is its logits θ (π = softmax θ),
//! its returns are E_π J, and for a reward r the optimum of E_π r − β·KL(π‖π_ref) is
//! π_ref·e^{r/β}/Z, i.e. θ* = log π_ref + r/β.
//!
//! The learners climb toward it by exact mirror ascent (natural policy gradient):
//! θ ← (1 − ηβ)·θ + ηβ·log π_ref + η·r, whose iterates are known in closed form,
//! θ_t = θ* + (1 − ηβ)^t·(θ₀ − θ*), which Verify checks.

use playground_core::math;

use crate::front::Point;

/// π = softmax(θ).
pub fn probs(logits: &[f64]) -> Vec<f64> {
    math::softmax(logits)
}

/// log π = θ − log Σ e^θ.
pub fn log_probs(logits: &[f64]) -> Vec<f64> {
    let z = math::log_sum_exp(logits);
    logits.iter().map(|l| l - z).collect()
}

/// E_π J over the outcomes.
pub fn returns(pi: &[f64], outcomes: &[Point]) -> Point {
    let mut j = [0.0; 2];
    for (p, o) in pi.iter().zip(outcomes) {
        j[0] += p * o[0];
        j[1] += p * o[1];
    }
    j
}

/// KL(π‖π_ref), from π and log π_ref.
pub fn kl(pi: &[f64], ref_logp: &[f64]) -> f64 {
    pi.iter()
        .zip(ref_logp)
        .filter(|(p, _)| **p > 0.0)
        .map(|(p, r)| p * (math::ln(*p) - r))
        .sum()
}

/// The reward w·J of every outcome.
pub fn weighted(outcomes: &[Point], w: Point) -> Vec<f64> {
    outcomes.iter().map(|o| w[0] * o[0] + w[1] * o[1]).collect()
}

/// θ* = log π_ref + r/β: the logits of the optimum for reward `r`.
pub fn optimum_logits(ref_logp: &[f64], reward: &[f64], beta: f64) -> Vec<f64> {
    ref_logp
        .iter()
        .zip(reward)
        .map(|(l, r)| l + r / beta)
        .collect()
}

/// One mirror-ascent step toward the optimum for `reward`.
pub fn mirror_step(logits: &mut [f64], ref_logp: &[f64], reward: &[f64], beta: f64, eta: f64) {
    let keep = 1.0 - eta * beta;
    for ((l, r0), r) in logits.iter_mut().zip(ref_logp).zip(reward) {
        *l = keep * *l + eta * beta * r0 + eta * r;
    }
}

/// The closed form of `t` mirror steps from log π_ref: θ* − (1 − ηβ)^t·r/β.
pub fn iterate_after(ref_logp: &[f64], reward: &[f64], beta: f64, eta: f64, t: usize) -> Vec<f64> {
    let left = math::pow(1.0 - eta * beta, t as f64);
    ref_logp
        .iter()
        .zip(reward)
        .map(|(l, r)| l + (1.0 - left) * r / beta)
        .collect()
}

/// The interpolation λ·θ₁ + (1 − λ)·θ₂.
pub fn interpolate(a: &[f64], b: &[f64], lambda: f64) -> Vec<f64> {
    a.iter()
        .zip(b)
        .map(|(x, y)| lambda * x + (1.0 - lambda) * y)
        .collect()
}

/// The largest |a − b| after removing each vector's log-sum-exp: how far apart two
/// policies are in log-probability.
pub fn log_prob_distance(a: &[f64], b: &[f64]) -> f64 {
    log_probs(a)
        .iter()
        .zip(log_probs(b))
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

/// `points` values evenly spaced in [0, 1].
pub fn grid(points: usize) -> Vec<f64> {
    (0..points)
        .map(|j| j as f64 / (points - 1) as f64)
        .collect()
}
