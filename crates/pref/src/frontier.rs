//! The exact reward–KL frontier: the most gold reward any policy earns within a KL budget
//! from π_ref. By the Gibbs variational principle it is traced by π*_β = π_ref·e^{r*/β}/Z
//! as β runs from ∞ (π_ref, KL 0) to 0 (the argmax), and it is concave in the KL: no
//! policy lies above it.
//!
//! With several prompts (KL and reward averaged over them) the same holds with one β for
//! every prompt: the Lagrangian E r* − β KL splits into one term per prompt.

use playground_core::math;

use crate::metrics::{gold_reward, kl_to_reference};
use crate::toy::Toy;

/// (KL(π*_β ‖ π_ref), E_{π*_β} r*) at β.
pub fn point(toy: &Toy, beta: f64) -> (f64, f64) {
    point_all(std::slice::from_ref(toy), beta)
}

/// The same averaged over several prompts.
pub fn point_all(toys: &[Toy], beta: f64) -> (f64, f64) {
    let n = toys.len() as f64;
    toys.iter().fold((0.0, 0.0), |(kl, r), toy| {
        let star = toy.optimum(beta);
        (
            kl + kl_to_reference(toy, &star) / n,
            r + gold_reward(toy, &star) / n,
        )
    })
}

/// `n` frontier points, β log-spaced from `beta_max` down to `beta_min`: KL increasing.
pub fn curve(toy: &Toy, beta_min: f64, beta_max: f64, n: usize) -> Vec<(f64, f64)> {
    curve_all(std::slice::from_ref(toy), beta_min, beta_max, n)
}

/// The same over several prompts.
pub fn curve_all(toys: &[Toy], beta_min: f64, beta_max: f64, n: usize) -> Vec<(f64, f64)> {
    let (lo, hi) = (math::ln(beta_min), math::ln(beta_max));
    (0..n)
        .map(|k| {
            let t = k as f64 / (n - 1).max(1) as f64;
            point_all(toys, math::exp(hi + t * (lo - hi)))
        })
        .collect()
}

/// The most gold reward within KL(π ‖ π_ref) ≤ `kl`: π*_β's with the β whose KL is `kl`
/// (found by bisection on ln β; KL falls as β grows), or the best response's reward when
/// even β → 0 stays within the budget.
pub fn best_reward_within(toy: &Toy, kl: f64) -> f64 {
    best_reward_within_all(std::slice::from_ref(toy), kl)
}

/// The same over several prompts (mean KL within `kl`, mean reward).
pub fn best_reward_within_all(toys: &[Toy], kl: f64) -> f64 {
    let (mut lo, mut hi) = (math::ln(1e-4), math::ln(1e4));
    let sharpest = point_all(toys, math::exp(lo));
    if sharpest.0 <= kl {
        return sharpest.1;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if point_all(toys, math::exp(mid)).0 > kl {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    point_all(toys, math::exp(hi)).1
}
