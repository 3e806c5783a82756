//! The constrained-alignment scenario (`kind = "constrained"`, issue 11, demo 12): one
//! prompt, a handful of responses, each with a helpfulness reward r(y) and a harmfulness
//! cost c(y), and learners that maximise E_π r − β·KL(π‖π_ref) subject to E_π c ≤ b.
//!
//! ```toml
//! kind = "constrained"
//! seed = 1
//! steps = 600
//! [env]
//! reward = [0.0, 0.4, 0.7, 1.0, 1.3, 1.6, 2.0, 2.4]
//! cost   = [0.0, 0.1, 0.5, 0.2, 0.8, 0.5, 1.0, 1.2]
//! beta = 0.1
//! budget = 0.3
//! [[learners]]
//! type = "primal-dual"
//! [[learners]]
//! type = "optimistic"
//! ```
//!
//! Every learner starts at π_ref with λ = `lambda_init` and takes one exact gradient step
//! per time step (no sampling: the seed only names the run).

use serde::{Deserialize, Serialize};

use super::{ScenarioError, Validator, current_version};

pub const CONSTRAINED_MIN_RESPONSES: usize = 2;
pub const CONSTRAINED_MAX_RESPONSES: usize = 64;
pub const CONSTRAINED_MAX_STEPS: usize = 100_000;
pub const CONSTRAINED_MAX_LEARNERS: usize = 8;
/// Rewards and costs are in [−MAX, MAX]: the tilts e^{(r − λc)/β} stay finite.
pub const CONSTRAINED_MAX_VALUE: f64 = 100.0;
pub const CONSTRAINED_MIN_BETA: f64 = 1e-3;
pub const CONSTRAINED_MAX_BETA: f64 = 100.0;
pub const CONSTRAINED_MAX_LEARNING_RATE: f64 = 1000.0;
pub const CONSTRAINED_MAX_LAMBDA: f64 = 1000.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstrainedScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    pub seed: u64,
    /// Gradient steps of every learner.
    #[serde(default = "default_steps")]
    pub steps: usize,
    pub env: ConstrainedEnv,
    pub learners: Vec<ConstrainedLearner>,
}

/// The responses and the problem: reward, cost, π_ref, β and the budget b.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstrainedEnv {
    /// r(y), the helpfulness of each response.
    pub reward: Vec<f64>,
    /// c(y), the harmfulness of each response, one per response.
    pub cost: Vec<f64>,
    /// π_ref, one positive weight per response (normalised to sum 1); left out, uniform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_probs: Option<Vec<f64>>,
    /// The KL coefficient β.
    #[serde(default = "default_beta")]
    pub beta: f64,
    /// The budget b: a policy is safe when E_π c ≤ b.
    #[serde(default = "default_budget")]
    pub budget: f64,
}

/// One learner. Policies are softmax logits over the responses, started at π_ref.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ConstrainedLearner {
    /// Gradient descent–ascent on the Lagrangian L(π, λ) = E_π r − λ(E_π c − b) − β·KL:
    /// the policy climbs L, λ ← [λ + η_λ(E_π c − b)]₊, both from the same iterate.
    PrimalDual {
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_dual_lr")]
        dual_learning_rate: f64,
        #[serde(default)]
        lambda_init: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// ReLOAD's optimistic descent–ascent: the same gradients, applied as 2·g_t − g_{t−1}.
    Optimistic {
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_dual_lr")]
        dual_learning_rate: f64,
        #[serde(default)]
        lambda_init: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// One-shot dualization: λ* from the one-dimensional dual, solved once before the
    /// first step, then a single KL-regularised alignment on r − λ*·c.
    Dualization {
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// SACPO's stepwise alignment: first align to r alone (the first half of the steps),
    /// then align to −λ*·c with that policy as the new reference.
    Stepwise {
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// The penalty method: a fixed λ, never adjusted to the budget.
    Penalty {
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_penalty")]
        lambda: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

fn default_steps() -> usize {
    600
}
fn default_beta() -> f64 {
    0.1
}
fn default_budget() -> f64 {
    0.3
}
fn default_lr() -> f64 {
    1.0
}
fn default_dual_lr() -> f64 {
    1.0
}
fn default_penalty() -> f64 {
    1.0
}

impl ConstrainedLearner {
    /// η, the policy's step size.
    pub fn learning_rate(&self) -> f64 {
        match *self {
            ConstrainedLearner::PrimalDual { learning_rate, .. }
            | ConstrainedLearner::Optimistic { learning_rate, .. }
            | ConstrainedLearner::Dualization { learning_rate, .. }
            | ConstrainedLearner::Stepwise { learning_rate, .. }
            | ConstrainedLearner::Penalty { learning_rate, .. } => learning_rate,
        }
    }

    pub fn custom_label(&self) -> Option<&str> {
        match self {
            ConstrainedLearner::PrimalDual { label, .. }
            | ConstrainedLearner::Optimistic { label, .. }
            | ConstrainedLearner::Dualization { label, .. }
            | ConstrainedLearner::Stepwise { label, .. }
            | ConstrainedLearner::Penalty { label, .. } => label.as_deref(),
        }
    }

    /// The curve's name: the label, or the method and its parameters.
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        let eta = self.learning_rate();
        match *self {
            ConstrainedLearner::PrimalDual {
                dual_learning_rate, ..
            } => format!("primal–dual η={eta}, η_λ={dual_learning_rate}"),
            ConstrainedLearner::Optimistic {
                dual_learning_rate, ..
            } => format!("optimistic η={eta}, η_λ={dual_learning_rate}"),
            ConstrainedLearner::Dualization { .. } => format!("one-shot dual η={eta}"),
            ConstrainedLearner::Stepwise { .. } => format!("stepwise (SACPO) η={eta}"),
            ConstrainedLearner::Penalty { lambda, .. } => format!("penalty λ={lambda}"),
        }
    }

    fn validate(&self, i: usize) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{i}]"));
        v.above(
            "learning_rate",
            self.learning_rate(),
            0.0,
            CONSTRAINED_MAX_LEARNING_RATE,
        )?;
        match *self {
            ConstrainedLearner::PrimalDual {
                dual_learning_rate,
                lambda_init,
                ..
            }
            | ConstrainedLearner::Optimistic {
                dual_learning_rate,
                lambda_init,
                ..
            } => {
                v.above(
                    "dual_learning_rate",
                    dual_learning_rate,
                    0.0,
                    CONSTRAINED_MAX_LEARNING_RATE,
                )?;
                v.range("lambda_init", lambda_init, 0.0, CONSTRAINED_MAX_LAMBDA)
            }
            ConstrainedLearner::Penalty { lambda, .. } => {
                v.range("lambda", lambda, 0.0, CONSTRAINED_MAX_LAMBDA)
            }
            ConstrainedLearner::Dualization { .. } | ConstrainedLearner::Stepwise { .. } => Ok(()),
        }
    }
}

impl ConstrainedScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("steps", self.steps, 1, CONSTRAINED_MAX_STEPS)?;
        v.count("learners", self.learners.len(), 1, CONSTRAINED_MAX_LEARNERS)?;
        self.env.validate()?;
        for (i, l) in self.learners.iter().enumerate() {
            l.validate(i)?;
            // A natural-gradient step of η·β > 1 overshoots its own target.
            let most = 1.0 / self.env.beta;
            v.rule(
                l.learning_rate() <= most,
                &format!("learners[{i}].learning_rate"),
                l.learning_rate(),
                &format!(
                    "learning_rate × env.beta ≤ 1 (env.beta is {}: at most {most})",
                    self.env.beta
                ),
            )?;
        }
        v.custom_labels(self.learners.iter().map(ConstrainedLearner::custom_label))
    }

    /// Curve labels, made unique by numbering repeats.
    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.learners.iter().map(|l| l.label()))
    }
}

impl ConstrainedEnv {
    pub fn responses(&self) -> usize {
        self.reward.len()
    }

    /// π_ref, normalised (uniform when left out).
    pub fn reference(&self) -> Vec<f64> {
        super::reference_probs(self.ref_probs.as_deref(), self.responses())
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("env");
        let n = self.responses();
        v.rule(
            (CONSTRAINED_MIN_RESPONSES..=CONSTRAINED_MAX_RESPONSES).contains(&n),
            "reward",
            format!("{n} values"),
            &format!(
                "{CONSTRAINED_MIN_RESPONSES} to {CONSTRAINED_MAX_RESPONSES} numbers, one per \
                 response"
            ),
        )?;
        let max = CONSTRAINED_MAX_VALUE;
        for (k, &r) in self.reward.iter().enumerate() {
            v.range(&format!("reward[{k}]"), r, -max, max)?;
        }
        v.rule(
            self.cost.len() == n,
            "cost",
            format!("{} values", self.cost.len()),
            &format!("one cost per response ({n}, as many as rewards)"),
        )?;
        for (k, &c) in self.cost.iter().enumerate() {
            v.range(&format!("cost[{k}]"), c, -max, max)?;
        }
        super::check_ref_probs(&v, self.ref_probs.as_deref(), n)?;
        v.range(
            "beta",
            self.beta,
            CONSTRAINED_MIN_BETA,
            CONSTRAINED_MAX_BETA,
        )?;
        v.range("budget", self.budget, -max, max)?;
        let lowest = self.cost.iter().copied().fold(f64::INFINITY, f64::min);
        v.rule(
            self.budget > lowest,
            "budget",
            self.budget,
            &format!(
                "above the lowest cost ({lowest}): at or below it no policy with full support \
                 is safe, so the constrained problem has no solution"
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConstrainedScenario, String> {
        let s: ConstrainedScenario = toml::from_str(text).map_err(|e| e.to_string())?;
        s.validate().map_err(|e| e.to_string())?;
        Ok(s)
    }

    const BASE: &str = "seed = 1\n[env]\nreward = [0.0, 1.0, 2.0]\ncost = [0.0, 0.5, 1.0]\n\
                        [[learners]]\ntype = \"primal-dual\"\n[[learners]]\ntype = \"penalty\"\n";

    #[test]
    fn defaults_and_labels() {
        let s = parse(BASE).unwrap();
        assert_eq!(s.steps, 600);
        assert_eq!(s.env.beta, 0.1);
        assert_eq!(s.env.reference(), vec![1.0 / 3.0; 3]);
        assert_eq!(s.labels(), ["primal–dual η=1, η_λ=1", "penalty λ=1"]);
    }

    #[test]
    fn bad_values_name_the_field() {
        let e = parse(&BASE.replace("cost = [0.0, 0.5, 1.0]", "cost = [0.0, 0.5]")).unwrap_err();
        assert!(
            e.contains("env.cost") && e.contains("one cost per response"),
            "{e}"
        );
        let e = parse(&BASE.replace("[env]", "[env]\nbudget = 0.0")).unwrap_err();
        assert!(e.contains("env.budget") && e.contains("lowest cost"), "{e}");
        let e = parse(&BASE.replace("[env]", "[env]\nbeta = 0.0")).unwrap_err();
        assert!(e.contains("env.beta"), "{e}");
        let e = parse(&BASE.replace("\"penalty\"", "\"penalty\"\nlearning_rate = 20")).unwrap_err();
        assert!(
            e.contains("learners[1].learning_rate") && e.contains("at most 10"),
            "{e}"
        );
        let e = parse(&BASE.replace("\"penalty\"", "\"penalty\"\nlambda = -1")).unwrap_err();
        assert!(e.contains("learners[1].lambda"), "{e}");
    }
}
