//! The learners: each holds softmax logits over the responses (started at π_ref) and a
//! multiplier λ, and takes one exact gradient step at a time.
//!
//! Every rule climbs the same kind of objective, E_π g − β·KL(π‖anchor), by natural
//! gradient (mirror ascent): its gradient in the logits is π_y·(h_y − E_π h) with
//! h = g − β·ln(π/anchor), and the softmax's Fisher metric divides out the π_y, so a step
//! moves the logits by η·(h − E_π h). With η·β = 1 one step lands on anchor·e^{g/β}/Z;
//! smaller steps approach it geometrically, at the rate 1 − η·β, however small the
//! optimum's probabilities (a plain gradient crawls there, which would also spoil
//! stepwise alignment's first phase). The rules differ in g, in the anchor and in what
//! they do with λ:
//! - primal–dual: g = r − λ_t c; λ ← [λ + η_λ(E_π c − b)]₊, from the same iterate;
//! - optimistic (ReLOAD): the same gradients applied as 2·g_t − g_{t−1};
//! - one-shot dualization: g = r − λ*c, λ* solved once from the dual;
//! - stepwise (SACPO): g = r for the first half of the steps, then g = −λ*c anchored at
//!   the policy reached, since π*_{r−λc} ∝ π*_r·e^{−λc/β};
//! - penalty: g = r − λc with a fixed λ.

use playground_core::scenario::ConstrainedLearner;

use crate::problem::{Policy, Problem};

/// The natural gradient of E_π g − β·KL(π‖anchor) in the logits: h − E_π h. Times π_y
/// it is the plain gradient (Verify checks that against finite differences).
pub fn ascent(p: &Problem, logits: &[f64], anchor_logs: &[f64], g: &[f64]) -> Vec<f64> {
    let pi = Policy::from_logits(logits);
    let h: Vec<f64> = g
        .iter()
        .zip(&pi.logs)
        .zip(anchor_logs)
        .map(|((g, l), a)| g - p.beta * (l - a))
        .collect();
    let mean = pi.expect(&h);
    h.iter().map(|h| h - mean).collect()
}

#[derive(Clone, Debug)]
enum Rule {
    PrimalDual {
        dual_rate: f64,
    },
    Optimistic {
        dual_rate: f64,
    },
    /// A λ fixed from the start: one-shot dualization (λ*) and the penalty method.
    Fixed,
    Stepwise {
        switch_at: usize,
        lambda_star: f64,
    },
}

#[derive(Clone, Debug)]
pub struct Learner {
    rule: Rule,
    rate: f64,
    pub logits: Vec<f64>,
    /// The multiplier the learner prices cost at now.
    pub lambda: f64,
    /// The anchor of the KL term: π_ref, or (stepwise, second phase) the policy aligned
    /// to r.
    anchor: Vec<f64>,
    /// The previous step's gradients, for the optimistic rule.
    previous: Option<(Vec<f64>, f64)>,
    /// Steps taken.
    pub t: usize,
}

impl Learner {
    /// `lambda_star` is the dual's solution (used by the rules that solve it once);
    /// `steps` the run's length (stepwise alignment switches halfway).
    pub fn new(spec: &ConstrainedLearner, p: &Problem, lambda_star: f64, steps: usize) -> Self {
        let (rule, lambda) = match *spec {
            ConstrainedLearner::PrimalDual {
                dual_learning_rate,
                lambda_init,
                ..
            } => (
                Rule::PrimalDual {
                    dual_rate: dual_learning_rate,
                },
                lambda_init,
            ),
            ConstrainedLearner::Optimistic {
                dual_learning_rate,
                lambda_init,
                ..
            } => (
                Rule::Optimistic {
                    dual_rate: dual_learning_rate,
                },
                lambda_init,
            ),
            ConstrainedLearner::Dualization { .. } => (Rule::Fixed, lambda_star),
            ConstrainedLearner::Penalty { lambda, .. } => (Rule::Fixed, lambda),
            ConstrainedLearner::Stepwise { .. } => (
                Rule::Stepwise {
                    switch_at: steps.div_ceil(2),
                    lambda_star,
                },
                0.0,
            ),
        };
        Learner {
            rule,
            rate: spec.learning_rate(),
            logits: p.log_reference.clone(),
            lambda,
            anchor: p.log_reference.clone(),
            previous: None,
            t: 0,
        }
    }

    pub fn policy(&self) -> Policy {
        Policy::from_logits(&self.logits)
    }

    /// The reward this learner's policy is climbing now.
    fn target(&self, p: &Problem) -> Vec<f64> {
        match self.rule {
            Rule::Stepwise { switch_at, .. } if self.t >= switch_at => {
                p.cost.iter().map(|c| -self.lambda * c).collect()
            }
            _ => p.priced(self.lambda),
        }
    }

    /// One step; afterwards the policy and λ are those of step `t`.
    pub fn step(&mut self, p: &Problem) {
        if let Rule::Stepwise {
            switch_at,
            lambda_star,
        } = self.rule
            && self.t == switch_at
        {
            // Second phase: the policy aligned to r becomes the reference.
            self.anchor = self.policy().logs;
            self.lambda = lambda_star;
        }
        let grad = ascent(p, &self.logits, &self.anchor, &self.target(p));
        let violation = self.policy().expect(&p.cost) - p.budget;
        match self.rule {
            Rule::PrimalDual { dual_rate } => {
                self.move_logits(&grad, 1.0, None);
                self.lambda = (self.lambda + dual_rate * violation).max(0.0);
            }
            Rule::Optimistic { dual_rate } => {
                let (last_grad, last_violation) = self
                    .previous
                    .take()
                    .unwrap_or_else(|| (grad.clone(), violation));
                self.move_logits(&grad, 2.0, Some(&last_grad));
                let push = 2.0 * violation - last_violation;
                self.lambda = (self.lambda + dual_rate * push).max(0.0);
                self.previous = Some((grad, violation));
            }
            Rule::Fixed | Rule::Stepwise { .. } => self.move_logits(&grad, 1.0, None),
        }
        self.t += 1;
    }

    /// θ ← θ + η·(weight·g − g_prev).
    fn move_logits(&mut self, grad: &[f64], weight: f64, prev: Option<&[f64]>) {
        for (k, th) in self.logits.iter_mut().enumerate() {
            let back = prev.map_or(0.0, |g| g[k]);
            *th += self.rate * (weight * grad[k] - back);
        }
    }

    /// Whether every number the learner holds is still a number.
    pub fn is_finite(&self) -> bool {
        self.lambda.is_finite() && self.logits.iter().all(|l| l.is_finite())
    }
}
