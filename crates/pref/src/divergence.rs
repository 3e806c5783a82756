//! f-DPG (*Aligning Language Models with Preferences through f-divergence Minimization*):
//! fit π_θ to a target distribution p by minimising an f-divergence
//! D_f(π_θ ‖ p) = Σ_y p(y) f(π_θ(y)/p(y)), f convex with f(1) = 0. With
//! p = π*_β = π_ref·e^{r/β}/Z the reverse KL is RLHF's objective (up to constants); the
//! forward KL is the Distributional Policy Gradient's.
//!
//! ∂D_f/∂ln π(y) = π(y)·f′(π(y)/p(y)), the paper's E_π[f′(π/p)∇ln π] written per
//! response; [`crate::group::logit_gradient`] turns it into the logits' gradient.

use playground_core::math;

use crate::group::GroupGrad;

/// Which f (u = π/p).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Divergence {
    /// f(u) = u ln u: KL(π ‖ p), mode-seeking. Needs p > 0 wherever π > 0 (infinite
    /// otherwise).
    ReverseKl,
    /// f(u) = −ln u: KL(p ‖ π), mass-covering.
    ForwardKl,
    /// f(u) = ½[u ln u − (1 + u) ln((1 + u)/2)], which gives
    /// JS(π, p) = ½KL(π ‖ m) + ½KL(p ‖ m) with m = (π + p)/2, bounded by ln 2.
    /// f′(u) = ½ ln(2u/(1 + u)).
    JensenShannon,
}

/// D_f(π ‖ p) for π = exp(`logp`) and p = `target` (a distribution over the same
/// responses), and ∂D_f/∂ln π(y) for every y. Zero, with zero gradient, at π = p. A
/// response with p(y) = 0 adds π(y)·lim_{u→∞} f(u)/u: 0 for the forward KL, π(y)·½ln 2
/// for Jensen–Shannon, +∞ for the reverse KL.
pub fn f_divergence(d: Divergence, target: &[f64], logp: &[f64]) -> GroupGrad {
    let mut value = 0.0;
    let mut d_logp = Vec::with_capacity(logp.len());
    for (&p, &l) in target.iter().zip(logp) {
        let pi = math::exp(l);
        // ln(π/p), computed from ln π for precision (+∞ where p = 0).
        let log_ratio = l - math::ln(p);
        let (term, slope) = match d {
            // p·(u ln u) = π ln(π/p); π·f′(u) = π(ln u + 1).
            Divergence::ReverseKl => (pi * log_ratio, pi * (log_ratio + 1.0)),
            // p·(−ln u) = −p ln(π/p); π·f′(u) = π·(−p/π) = −p.
            Divergence::ForwardKl => (if p > 0.0 { -p * log_ratio } else { 0.0 }, -p),
            Divergence::JensenShannon => {
                // p·f(π/p) = ½[π ln(2π/(π + p)) + p ln(2p/(π + p))];
                // π·f′(u) = ½π ln(2π/(π + p)).
                let log_m = math::ln(0.5 * (pi + p));
                let to_pi = l - log_m;
                let to_p = if p > 0.0 {
                    p * (math::ln(p) - log_m)
                } else {
                    0.0
                };
                (0.5 * (pi * to_pi + to_p), 0.5 * pi * to_pi)
            }
        };
        value += term;
        d_logp.push(slope);
    }
    GroupGrad { value, d_logp }
}
