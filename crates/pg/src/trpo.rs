//! Trust region policy optimisation's step for softmax tables: the exact Fisher matrix,
//! conjugate gradient, and a backtracking line search that accepts only steps within the
//! trust region that improve the surrogate.
//!
//! The constraint is the mean over the batch's visited states of KL(π_old(·|s) ‖ π(·|s)).
//! Its Hessian at π_old is the Fisher matrix, which for a softmax row with probabilities
//! π is diag(π) − ππᵀ; each row of logits contributes that block weighted by its share of
//! the visits, so F is block-diagonal and F·v costs one pass over the table.

use crate::linalg::dot;
use crate::policy::{Policy, ProbTable, SoftmaxTable, Term, mean_kl};
use crate::rollout::Steps;

/// Added to F's diagonal in the conjugate-gradient solve only: a row whose policy is
/// nearly deterministic has a nearly singular block, and this keeps CG well posed
/// without changing the step's direction elsewhere.
const DAMPING: f64 = 1e-4;
/// Backtracking tries the full step and then this many shrunk ones.
const MAX_BACKTRACKS: usize = 10;

/// What one TRPO update did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TrpoOutcome {
    /// Whether a step was taken (false: no candidate kept the KL bound and improved).
    pub accepted: bool,
    /// Mean KL(π_old‖π_new) over visited states of the step taken (0 if none).
    pub kl: f64,
    /// The surrogate's improvement (1/N) Σ ψ_i (ρ_i − 1) of the step taken.
    pub improvement: f64,
    /// How many times the step was shrunk before it was accepted (or all, if not).
    pub backtracks: usize,
    /// The trust region's radius δ.
    pub delta: f64,
}

/// The Fisher matrix of the mean KL over visited states, for a softmax table.
#[derive(Clone, Debug)]
pub struct Fisher {
    actions: usize,
    /// Per row of logits: its share of the visits and its probabilities.
    weight: Vec<f64>,
    probs: Vec<f64>,
}

impl Fisher {
    pub fn new(table: &SoftmaxTable, old: &ProbTable, steps: &Steps) -> Self {
        let a = old.actions();
        let mut weight = vec![0.0; table.rows()];
        let mut probs = vec![0.0; table.rows() * a];
        let share = 1.0 / steps.len().max(1) as f64;
        for &s in &steps.state {
            let r = table.row_of(s);
            weight[r] += share;
            probs[r * a..(r + 1) * a].copy_from_slice(old.row(s));
        }
        Fisher {
            actions: a,
            weight,
            probs,
        }
    }

    /// F·v, block by block: c_r (π ⊙ v − π (π·v)).
    pub fn times(&self, v: &[f64]) -> Vec<f64> {
        let a = self.actions;
        let mut out = vec![0.0; v.len()];
        for (r, &c) in self.weight.iter().enumerate() {
            if c == 0.0 {
                continue;
            }
            let p = &self.probs[r * a..(r + 1) * a];
            let vr = &v[r * a..(r + 1) * a];
            let pv = dot(p, vr);
            for b in 0..a {
                out[r * a + b] = c * (p[b] * vr[b] - p[b] * pv);
            }
        }
        out
    }
}

/// Solve (F + damping·I) x = g approximately by `iters` conjugate-gradient iterations
/// from x = 0.
pub fn conjugate_gradient(f: &Fisher, g: &[f64], iters: usize) -> Vec<f64> {
    let mut x = vec![0.0; g.len()];
    let mut r = g.to_vec();
    let mut p = g.to_vec();
    let mut rr = dot(&r, &r);
    let tiny = 1e-20 * rr.max(1e-300);
    for _ in 0..iters {
        if rr <= tiny {
            break;
        }
        let mut ap = f.times(&p);
        for (y, pi) in ap.iter_mut().zip(&p) {
            *y += DAMPING * pi;
        }
        let pap = dot(&p, &ap);
        if pap <= 0.0 {
            break;
        }
        let alpha = rr / pap;
        for i in 0..x.len() {
            x[i] += alpha * p[i];
            r[i] -= alpha * ap[i];
        }
        let rr_new = dot(&r, &r);
        let beta = rr_new / rr;
        rr = rr_new;
        for i in 0..p.len() {
            p[i] = r[i] + beta * p[i];
        }
    }
    x
}

/// The importance-sampled surrogate's change, (1/N) Σ_i ψ_i (π_new/π_old − 1), where ψ_i
/// already carries γ^t Â and N is the number of episodes.
fn surrogate_gain(old: &ProbTable, new: &ProbTable, steps: &Steps, psi: &[f64], n: f64) -> f64 {
    let total: f64 = (steps.state.iter().zip(&steps.action))
        .zip(psi)
        .map(|((&s, &a), w)| w * (new.prob(s, a) / old.prob(s, a) - 1.0))
        .sum();
    total / n
}

/// TRPO's hyperparameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// The trust region's radius: the largest mean KL an update may make.
    pub delta: f64,
    pub cg_iters: usize,
    /// Each rejected step is shrunk by this factor.
    pub backtrack: f64,
}

/// One TRPO update of a softmax-table policy. `psi[i]` = γ^t Â_i for step i, `episodes`
/// the batch size N, `old` the probabilities the batch was sampled with.
pub fn update(
    policy: &mut Policy,
    steps: &Steps,
    psi: &[f64],
    episodes: usize,
    old: &ProbTable,
    settings: Settings,
) -> TrpoOutcome {
    let Settings {
        delta,
        cg_iters,
        backtrack,
    } = settings;
    let mut outcome = TrpoOutcome {
        delta,
        ..TrpoOutcome::default()
    };
    let Some(table) = policy.table() else {
        return outcome;
    };
    let n = episodes.max(1) as f64;
    let terms: Vec<Term> = (0..steps.len())
        .map(|i| Term::new(steps.state[i], steps.action[i], psi[i] / n))
        .collect();
    let g = policy.grad(&terms);
    let fisher = Fisher::new(table, old, steps);
    let x = conjugate_gradient(&fisher, &g, cg_iters);
    let xfx = dot(&x, &fisher.times(&x));
    if !(xfx > 0.0 && xfx.is_finite()) {
        return outcome;
    }
    // The largest step along x whose quadratic model of the KL equals δ: ½ β² xᵀFx = δ.
    let beta = (2.0 * delta / xfx).sqrt();
    let theta = policy.params();
    let mut scale = 1.0;
    for tries in 0..=MAX_BACKTRACKS {
        let candidate: Vec<f64> = theta
            .iter()
            .zip(&x)
            .map(|(t, xi)| t + scale * beta * xi)
            .collect();
        policy.set_params(&candidate);
        let new = policy.probs();
        let d = mean_kl(old, &new, &steps.state);
        let gain = surrogate_gain(old, &new, steps, psi, n);
        if d <= delta && gain > 0.0 {
            outcome.accepted = true;
            outcome.kl = d;
            outcome.improvement = gain;
            outcome.backtracks = tries;
            return outcome;
        }
        scale *= backtrack;
    }
    policy.set_params(&theta);
    outcome.backtracks = MAX_BACKTRACKS + 1;
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conjugate_gradient_solves_the_natural_gradient_system() {
        // Two rows of three actions, visited 1 : 3; g in F's range (each row sums to 0,
        // as every softmax gradient does), so F x = g has a solution.
        let table = SoftmaxTable::tabular(2, 3);
        let old = ProbTable::from_rows(3, vec![0.2, 0.3, 0.5, 0.6, 0.3, 0.1]);
        let steps = Steps {
            state: vec![0, 1, 1, 1],
            action: vec![0; 4],
            episode: vec![0; 4],
            discount: vec![1.0; 4],
        };
        let f = Fisher::new(&table, &old, &steps);
        let g = [0.3, -0.1, -0.2, -0.5, 0.2, 0.3];
        let x = conjugate_gradient(&f, &g, 50);
        let fx = f.times(&x);
        for (a, b) in fx.iter().zip(&g) {
            // Exact up to the damping: F x = g − DAMPING · x.
            assert!((a - b).abs() < 2.0 * DAMPING * x.iter().fold(0.0f64, |m, v| m.max(v.abs())));
        }
    }

    #[test]
    fn fisher_times_matches_the_dense_block() {
        // One row, π = (0.2, 0.3, 0.5), visited by every step: F = diag(π) − ππᵀ.
        let table = SoftmaxTable::tabular(1, 3);
        let old = ProbTable::from_rows(3, vec![0.2, 0.3, 0.5]);
        let steps = Steps {
            state: vec![0, 0],
            action: vec![0, 1],
            episode: vec![0, 0],
            discount: vec![1.0, 1.0],
        };
        let f = Fisher::new(&table, &old, &steps);
        let v = [1.0, -2.0, 0.5];
        let p = [0.2, 0.3, 0.5];
        let got = f.times(&v);
        for i in 0..3 {
            let want: f64 = (0..3)
                .map(|j| (if i == j { p[i] } else { 0.0 } - p[i] * p[j]) * v[j])
                .sum();
            assert!((got[i] - want).abs() < 1e-15);
        }
    }
}
