//! MaxMin-RLHF's problem and its dual, for two objectives (groups).
//!
//! Primal: P(π) = min_k E_π r_k − β·KL(π‖π_ref), maximised over π.
//! Dual: D(w) = β log E_{π_ref} e^{w·r/β}, minimised over w on the simplex; its gradient
//! is ∂D/∂w_k = E_{π_w} r_k with π_w ∝ π_ref·e^{w·r/β}. Weak duality P(π) ≤ D(w) holds
//! for every π and w; at the dual optimum w*, π_{w*} attains P = D (strong duality).
//! With two groups w = (w₁, 1 − w₁) and D'(w₁) = E_{π_w}(r₁ − r₂) is increasing, so w*
//! is found exactly by bisection.

use playground_core::math;

use crate::front::Point;
use crate::softmax;

/// The logits of π_w ∝ π_ref·e^{w·r/β}.
pub fn policy_logits(ref_logp: &[f64], outcomes: &[Point], w: Point, beta: f64) -> Vec<f64> {
    softmax::optimum_logits(ref_logp, &softmax::weighted(outcomes, w), beta)
}

/// D(w) = β log E_{π_ref} e^{w·r/β}.
pub fn dual_value(ref_logp: &[f64], outcomes: &[Point], w: Point, beta: f64) -> f64 {
    beta * math::log_sum_exp(&policy_logits(ref_logp, outcomes, w, beta))
}

/// P(π) = min_k E_π r_k − β·KL(π‖π_ref).
pub fn primal_value(pi: &[f64], ref_logp: &[f64], outcomes: &[Point], beta: f64) -> f64 {
    let j = softmax::returns(pi, outcomes);
    j[0].min(j[1]) - beta * softmax::kl(pi, ref_logp)
}

/// D'(w₁) = E_{π_w}(r₁ − r₂).
fn slope(ref_logp: &[f64], outcomes: &[Point], w1: f64, beta: f64) -> f64 {
    let pi = softmax::probs(&policy_logits(ref_logp, outcomes, [w1, 1.0 - w1], beta));
    let j = softmax::returns(&pi, outcomes);
    j[0] - j[1]
}

/// The dual optimum w* = (w₁, 1 − w₁) by bisection on D'(w₁) (to the last bit).
pub fn solve(ref_logp: &[f64], outcomes: &[Point], beta: f64) -> Point {
    let d = |w1: f64| slope(ref_logp, outcomes, w1, beta);
    if d(0.0) >= 0.0 {
        return [0.0, 1.0];
    }
    if d(1.0) <= 0.0 {
        return [1.0, 0.0];
    }
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if mid <= lo || mid >= hi {
            break;
        }
        if d(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let w1 = (lo + hi) / 2.0;
    [w1, 1.0 - w1]
}
