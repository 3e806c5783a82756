//! The one-dimensional dual of the constrained problem and its exact solution.
//!
//! For λ ≥ 0 the Lagrangian E_π r − λ(E_π c − b) − β·KL(π‖π_ref) is maximised by
//! π_λ = π_ref·e^{(r − λc)/β}/Z, so the dual is
//!
//!   D(λ) = β·ln E_{π_ref} e^{(r − λc)/β} + λb,   D'(λ) = b − E_{π_λ} c,   D''(λ) = Var_{π_λ}(c)/β ≥ 0.
//!
//! D is convex and λ* = argmin_{λ ≥ 0} D. When π_ref's tilt toward r alone is already safe
//! (D'(0) ≥ 0) the constraint is inactive and λ* = 0; otherwise D'(λ*) = 0, i.e. the
//! optimum spends exactly the budget. Two solvers (bisection and safeguarded Newton) find
//! λ*; Verify compares them.

use playground_core::math;

use crate::problem::{Policy, Problem};

/// How closely the solvers pin λ* down (relative to max(1, λ*)).
pub const LAMBDA_TOLERANCE: f64 = 1e-13;
const MAX_ITERATIONS: usize = 400;
const MAX_DOUBLINGS: usize = 80;

pub fn value(p: &Problem, lambda: f64) -> f64 {
    let logits: Vec<f64> = p
        .log_reference
        .iter()
        .zip(p.priced(lambda))
        .map(|(a, g)| a + g / p.beta)
        .collect();
    p.beta * math::log_sum_exp(&logits) + lambda * p.budget
}

pub fn slope(p: &Problem, lambda: f64) -> f64 {
    p.budget - p.policy_at(lambda).expect(&p.cost)
}

pub fn curvature(p: &Problem, lambda: f64) -> f64 {
    let pi = p.policy_at(lambda);
    let mean = pi.expect(&p.cost);
    let var: f64 = pi
        .probs
        .iter()
        .zip(&p.cost)
        .map(|(q, c)| q * (c - mean) * (c - mean))
        .sum();
    var / p.beta
}

/// A λ with D'(λ) > 0: the optimum lies below it. Exists because the budget is above the
/// lowest cost (validated), which π_λ approaches as λ grows.
fn upper_bracket(p: &Problem) -> f64 {
    let mut hi = 1.0;
    for _ in 0..MAX_DOUBLINGS {
        if slope(p, hi) > 0.0 {
            break;
        }
        hi *= 2.0;
    }
    hi
}

/// λ* by bisection on the sign of D'.
pub fn solve_by_bisection(p: &Problem) -> f64 {
    if slope(p, 0.0) >= 0.0 {
        return 0.0;
    }
    let (mut lo, mut hi) = (0.0, upper_bracket(p));
    for _ in 0..MAX_ITERATIONS {
        let mid = 0.5 * (lo + hi);
        if slope(p, mid) > 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
        if hi - lo <= LAMBDA_TOLERANCE * hi.max(1.0) {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// λ* by Newton's method on D', falling back to bisection whenever a step would leave the
/// bracket that holds the root.
pub fn solve_by_newton(p: &Problem) -> f64 {
    if slope(p, 0.0) >= 0.0 {
        return 0.0;
    }
    let (mut lo, mut hi) = (0.0, upper_bracket(p));
    let mut lambda = 0.0;
    for _ in 0..MAX_ITERATIONS {
        let d = slope(p, lambda);
        if d > 0.0 {
            hi = lambda;
        } else {
            lo = lambda;
        }
        let newton = lambda - d / curvature(p, lambda);
        let next = if newton.is_finite() && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        let done = (next - lambda).abs() <= LAMBDA_TOLERANCE * next.max(1.0);
        lambda = next;
        if done {
            break;
        }
    }
    lambda
}

/// The constrained optimum and its numbers.
#[derive(Clone, Debug)]
pub struct Optimum {
    pub lambda: f64,
    pub policy: Policy,
    pub reward: f64,
    pub cost: f64,
    pub kl: f64,
    /// E_π* r − β·KL(π*‖π_ref).
    pub objective: f64,
}

impl Optimum {
    pub fn at(p: &Problem, lambda: f64) -> Optimum {
        let policy = p.policy_at(lambda);
        Optimum {
            lambda,
            reward: policy.expect(&p.reward),
            cost: policy.expect(&p.cost),
            kl: policy.kl(&p.log_reference),
            objective: p.objective(&policy),
            policy,
        }
    }

    pub fn solve(p: &Problem) -> Optimum {
        Optimum::at(p, solve_by_newton(p))
    }
}

/// One point of the constrained frontier: the optimum for the budget it spends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrontierPoint {
    pub lambda: f64,
    pub cost: f64,
    pub reward: f64,
}

/// The exact frontier as the budget varies: π_λ for λ from 0 (no constraint) to where
/// the expected cost is within 0.1% of its floor. Every budget between them has π_λ(b) as
/// its optimum, so the curve is the set of constrained optima.
pub fn frontier(p: &Problem, points: usize) -> Vec<FrontierPoint> {
    let floor = p.cost.iter().copied().fold(f64::INFINITY, f64::min);
    let top = p.policy_at(0.0).expect(&p.cost);
    let close = 1e-3 * (top - floor).max(1e-12);
    let mut far = 1.0;
    for _ in 0..MAX_DOUBLINGS {
        if p.policy_at(far).expect(&p.cost) - floor <= close {
            break;
        }
        far *= 2.0;
    }
    (0..points.max(2))
        .map(|k| {
            // Squared spacing: the curve bends most at small λ.
            let u = k as f64 / (points.max(2) - 1) as f64;
            let lambda = far * u * u;
            let pi = p.policy_at(lambda);
            FrontierPoint {
                lambda,
                cost: pi.expect(&p.cost),
                reward: pi.expect(&p.reward),
            }
        })
        .collect()
}
