//! Surrogate-objective learners (PPO, PPO-KL, SPO): several epochs of minibatch gradient
//! ascent on the PPO paper's Ê_t of f(ρ_t, Â_t) − β·KL_t + c₂·H_t, a mean over the
//! batch's steps, with ρ_t = π_θ(a_t|s_t)/π_old(a_t|s_t) the ratio to the policy that
//! sampled the batch.
//!
//! A mean over steps, not a sum per episode as in the vanilla estimators: a state visited
//! fifty times in a long episode would otherwise get fifty times the push, and one
//! minibatch step could carry its ratio far outside any band before the clip can act.
//!
//! The gradient of f(ρ(θ), Â) is f′(ρ)·ρ·∇ln π_θ(a|s), so each objective only supplies
//! its slope f′(ρ). PPO's clip needs no min or clamp operation: min(ρÂ, clip(ρ)Â) has
//! slope Â where it is unclipped and exactly 0 where the clip is active, so the gradient
//! is the plain surrogate's with the clipped samples masked out.

use playground_core::math;
use playground_core::rng::Rng;

use crate::critic::Critic;
use crate::policy::{Policy, ProbTable, Term, entropy, kl};
use crate::rollout::Steps;

use super::SurrogateSample;

/// The per-sample surrogate f(ρ, Â).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Objective {
    /// PPO: min(ρÂ, clip(ρ, 1 − ε, 1 + ε)Â).
    Clip { eps: f64 },
    /// SPO: ρÂ − (|Â| / (2ε))(ρ − 1)², maximised at ρ = 1 + ε·sign(Â).
    Spo { eps: f64 },
    /// ρÂ (PPO-KL adds its penalty separately).
    Plain,
}

impl Objective {
    /// Whether PPO's clip is active: the sample already moved past the band in the
    /// direction its advantage pushes (Â > 0 and ρ > 1 + ε, or Â < 0 and ρ < 1 − ε).
    /// Clipping is one-sided: Â > 0 with ρ < 1 − ε is not clipped.
    pub fn clipped(&self, rho: f64, adv: f64) -> bool {
        match *self {
            Objective::Clip { eps } => {
                (adv > 0.0 && rho > 1.0 + eps) || (adv < 0.0 && rho < 1.0 - eps)
            }
            _ => false,
        }
    }

    /// f(ρ, Â).
    pub fn value(&self, rho: f64, adv: f64) -> f64 {
        match *self {
            Objective::Clip { eps } => (rho * adv).min(rho.clamp(1.0 - eps, 1.0 + eps) * adv),
            Objective::Spo { eps } => {
                rho * adv - adv.abs() / (2.0 * eps) * (rho - 1.0) * (rho - 1.0)
            }
            Objective::Plain => rho * adv,
        }
    }

    /// ∂f/∂ρ.
    pub fn slope(&self, rho: f64, adv: f64) -> f64 {
        match *self {
            Objective::Clip { .. } if self.clipped(rho, adv) => 0.0,
            Objective::Spo { eps } => adv - adv.abs() * (rho - 1.0) / eps,
            _ => adv,
        }
    }

    /// The band [1 − ε, 1 + ε] the objective keeps ratios near, if it has one.
    pub fn eps(&self) -> Option<f64> {
        match *self {
            Objective::Clip { eps } | Objective::Spo { eps } => Some(eps),
            Objective::Plain => None,
        }
    }
}

/// How a surrogate learner optimises.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub objective: Objective,
    pub epochs: usize,
    pub minibatches: usize,
    pub learning_rate: f64,
    /// c₁: the critic's squared-error step is learning_rate × value_coef.
    pub value_coef: f64,
    /// c₂: weight of the entropy bonus.
    pub entropy_coef: f64,
    /// PPO-KL's penalty β·KL(π_old(·|s)‖π_θ(·|s)) per visited state (0: none).
    pub kl_beta: f64,
}

/// The batch, as every surrogate learner needs it.
#[derive(Clone, Copy, Debug)]
pub struct Batch<'a> {
    pub steps: &'a Steps,
    pub advantages: &'a [f64],
    pub targets: &'a [f64],
    pub old: &'a ProbTable,
}

/// The per-state terms added to the surrogate: c₂·H(π(·|s)) − β·KL(π_old(·|s) ‖ π(·|s)).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Penalties {
    pub kl_beta: f64,
    pub entropy_coef: f64,
}

impl Penalties {
    /// c₂·H(now) − β·KL(old ‖ now) for one state's distributions.
    pub fn value(&self, now: &[f64], old: &[f64]) -> f64 {
        self.entropy_coef * entropy(now) - self.kl_beta * kl(old, now)
    }

    /// Their gradient at state `s`, times `weight`, as terms of Σ w ln π(b|s) over every
    /// action b (`now` is π(·|s) at the current parameters):
    /// ∇H = Σ_b −π(b|s) ln π(b|s) ∇ln π(b|s) (since Σ_b π ∇ln π = 0), and
    /// ∇(−β KL(π_old‖π)) = β Σ_b π_old(b|s) ∇ln π(b|s).
    pub fn terms(&self, s: usize, now: &[f64], old: &[f64], weight: f64) -> Vec<Term> {
        now.iter()
            .zip(old)
            .enumerate()
            .filter_map(|(b, (&p, &q))| {
                let mut w = self.kl_beta * q;
                if p > 0.0 {
                    w -= self.entropy_coef * p * math::ln(p);
                }
                (w != 0.0).then(|| Term::new(s, b, weight * w))
            })
            .collect()
    }
}

/// Fisher–Yates shuffle of 0..n.
pub fn shuffled(n: usize, rng: &mut Rng) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        idx.swap(i, rng.below(i + 1));
    }
    idx
}

/// `n` indices in `parts` nearly equal consecutive chunks (sizes differ by at most one).
pub fn chunks(idx: &[usize], parts: usize) -> Vec<&[usize]> {
    let parts = parts.clamp(1, idx.len().max(1));
    let (base, extra) = (idx.len() / parts, idx.len() % parts);
    let mut out = Vec::with_capacity(parts);
    let mut at = 0;
    for k in 0..parts {
        let len = base + usize::from(k < extra);
        out.push(&idx[at..at + len]);
        at += len;
    }
    out
}

/// Run the epochs. Returns the batch as the objective sees it (coefficients c_t = 1/T for
/// the batch's T steps: Ê_t is a mean) and the clip fraction over all (sample, epoch)
/// evaluations.
pub fn optimise(
    policy: &mut Policy,
    critic: &mut Critic,
    batch: Batch<'_>,
    s: &Settings,
    rng: &mut Rng,
) -> (Vec<SurrogateSample>, f64) {
    let steps = batch.steps;
    let n_steps = steps.len();
    let a = batch.old.actions();
    let mean = 1.0 / n_steps.max(1) as f64;
    let samples: Vec<SurrogateSample> = (0..n_steps)
        .map(|i| SurrogateSample {
            state: steps.state[i],
            action: steps.action[i],
            old_prob: batch.old.prob(steps.state[i], steps.action[i]),
            advantage: batch.advantages[i],
            coef: mean,
        })
        .collect();
    let (mut clipped, mut evaluated) = (0usize, 0usize);
    for _ in 0..s.epochs {
        let order = shuffled(n_steps, rng);
        for mb in chunks(&order, s.minibatches) {
            if mb.is_empty() {
                continue;
            }
            // Scaled so a minibatch's gradient estimates the full batch's: its M samples
            // stand for all n_steps.
            let scale = n_steps as f64 / mb.len() as f64;
            let states: Vec<usize> = mb.iter().map(|&i| steps.state[i]).collect();
            let probs = policy.probs_at(&states);
            let mut terms = Vec::with_capacity(mb.len() * (1 + a));
            for (k, &i) in mb.iter().enumerate() {
                let x = &samples[i];
                let row = &probs[k * a..(k + 1) * a];
                let rho = row[x.action] / x.old_prob;
                evaluated += 1;
                if s.objective.clipped(rho, x.advantage) {
                    clipped += 1;
                }
                let w = scale * x.coef * s.objective.slope(rho, x.advantage) * rho;
                terms.push(Term::new(x.state, x.action, w));
                let penalties = Penalties {
                    kl_beta: s.kl_beta,
                    entropy_coef: s.entropy_coef,
                };
                terms.extend(penalties.terms(x.state, row, batch.old.row(x.state), scale * mean));
            }
            let g = policy.grad(&terms);
            policy.ascend(&g, s.learning_rate);
            let targets: Vec<f64> = mb.iter().map(|&i| batch.targets[i]).collect();
            critic.squared_error_step(&states, &targets, s.learning_rate * s.value_coef);
        }
    }
    (samples, clipped as f64 / evaluated.max(1) as f64)
}

/// The full-batch objective Σ_i c_i f(ρ_i, Â_i) at the policy's current parameters.
pub fn objective_value(policy: &Policy, samples: &[SurrogateSample], objective: Objective) -> f64 {
    let states: Vec<usize> = samples.iter().map(|x| x.state).collect();
    let a = policy.actions();
    let probs = policy.probs_at(&states);
    samples
        .iter()
        .enumerate()
        .map(|(k, x)| x.coef * objective.value(probs[k * a + x.action] / x.old_prob, x.advantage))
        .sum()
}

/// Its gradient, by the masked score function: Σ_i c_i f′(ρ_i) ρ_i ∇ln π(a_i|s_i).
pub fn objective_gradient(
    policy: &Policy,
    samples: &[SurrogateSample],
    objective: Objective,
) -> Vec<f64> {
    let states: Vec<usize> = samples.iter().map(|x| x.state).collect();
    let a = policy.actions();
    let probs = policy.probs_at(&states);
    let terms: Vec<Term> = samples
        .iter()
        .enumerate()
        .map(|(k, x)| {
            let rho = probs[k * a + x.action] / x.old_prob;
            Term::new(
                x.state,
                x.action,
                x.coef * objective.slope(rho, x.advantage) * rho,
            )
        })
        .collect();
    policy.grad(&terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clip_is_one_sided() {
        let o = Objective::Clip { eps: 0.2 };
        assert!(o.clipped(1.3, 1.0) && o.clipped(0.7, -1.0));
        assert!(!o.clipped(0.7, 1.0) && !o.clipped(1.3, -1.0) && !o.clipped(1.1, 1.0));
        assert_eq!(o.slope(1.3, 1.0), 0.0);
        assert_eq!(o.slope(0.7, 1.0), 1.0);
        assert_eq!(o.value(1.3, 1.0), 1.2);
        assert_eq!(o.value(0.5, -2.0), -1.6);
    }

    #[test]
    fn slopes_are_the_derivatives_of_the_values() {
        let h = 1e-6;
        for o in [
            Objective::Clip { eps: 0.2 },
            Objective::Spo { eps: 0.2 },
            Objective::Plain,
        ] {
            for (rho, adv) in [(0.5, 1.0), (0.9, -2.0), (1.1, 0.5), (1.5, 3.0), (0.6, -1.0)] {
                let fd = (o.value(rho + h, adv) - o.value(rho - h, adv)) / (2.0 * h);
                assert!(
                    (fd - o.slope(rho, adv)).abs() < 1e-6,
                    "{o:?} at {rho}, {adv}"
                );
            }
        }
    }

    #[test]
    fn minibatches_cover_every_index_once() {
        let mut rng = Rng::new(1);
        let idx = shuffled(10, &mut rng);
        let parts = chunks(&idx, 3);
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [4, 3, 3]);
        let mut all: Vec<usize> = parts.concat();
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        assert_eq!(chunks(&idx[..2], 4).len(), 2);
    }
}
