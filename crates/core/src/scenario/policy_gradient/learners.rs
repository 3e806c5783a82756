//! The Policy-Gradient Lab's learners: each type's hyperparameters with the defaults a
//! lecturer expects, the sampling fields every type shares, and their validation.

use serde::{Deserialize, Serialize};

use super::{
    PG_MAX_BATCH, PG_MAX_BUDGET, PG_MAX_CG_ITERS, PG_MAX_EPOCHS, PG_MAX_GROUP, PG_MAX_HIDDEN,
    PG_MAX_MINIBATCHES,
};
use crate::scenario::{ScenarioError, Validator};

/// What REINFORCE subtracts from the return.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Baseline {
    /// Nothing: the plain score-function estimator.
    #[default]
    None,
    /// The average episode return of all earlier updates (one number).
    Constant,
    /// A learned state value V(s).
    Value,
}

/// What GRPO's advantages are made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Supervision {
    /// One reward per episode, its return, standardised within the group and shared by
    /// every step: a group whose returns are all equal gets no gradient at all.
    #[default]
    Outcome,
    /// A reward per step, standardised over every step of the group, and each step's
    /// advantage the discounted sum of the standardised rewards from it on (DeepSeekMath's
    /// process supervision). The steps' rewards are the task's turn rewards: a map's own
    /// rewards; in twenty questions each question's information gain, the increase of
    /// P(correct answer) under the belief, and the outcome at the guess (IGPO).
    Process,
}

impl Supervision {
    pub fn name(self) -> &'static str {
        match self {
            Supervision::Outcome => "outcome",
            Supervision::Process => "process",
        }
    }
}

/// What the policy sees and how it maps that to action probabilities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    /// A softmax over one row of logits per state.
    #[default]
    Tabular,
    /// One softmax shared by every state: the policy cannot tell states apart (Sutton &
    /// Barto's short corridor, where the best such policy is stochastic).
    Blind,
    /// A small neural network (one hidden ReLU layer of `hidden` units) from the state's
    /// one-hot code to logits.
    Mlp,
}

impl PolicyKind {
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Tabular => "tabular",
            PolicyKind::Blind => "blind",
            PolicyKind::Mlp => "mlp",
        }
    }
}

/// The learners. Fields common to most types: `learning_rate` (step size of gradient
/// ascent on the per-episode objective), `batch` (episodes sampled per update), `policy`
/// and `hidden` (the MLP's width, read only when `policy = "mlp"`). `label` names the curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum PgLearner {
    /// REINFORCE (Williams 1992): ascend Σ_t γ^t (G_t − b) ∇ln π(a_t|s_t).
    Reinforce {
        #[serde(default)]
        baseline: Baseline,
        /// Step of the value baseline toward the returns seen (baseline = "value").
        #[serde(default = "half")]
        critic_lr: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_batch")]
        batch: usize,
        #[serde(default)]
        policy: PolicyKind,
        #[serde(default = "default_hidden")]
        hidden: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// REINFORCE leave-one-out: each episode's return minus the mean return of the
    /// batch's other episodes, applied to the whole episode ("Back to Basics").
    Rloo {
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_batch")]
        batch: usize,
        #[serde(default)]
        policy: PolicyKind,
        #[serde(default = "default_hidden")]
        hidden: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// One-step actor-critic: the advantage is the TD error r + γV(s') − V(s) and the
    /// critic learns by TD(0).
    ActorCritic {
        #[serde(default = "half")]
        critic_lr: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_batch")]
        batch: usize,
        #[serde(default)]
        policy: PolicyKind,
        #[serde(default = "default_hidden")]
        hidden: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Vanilla policy gradient with generalised advantage estimation, GAE(λ); the critic
    /// learns from λ_critic-returns (VC-PPO's decoupled λ).
    Gae {
        #[serde(default = "default_lambda")]
        lambda: f64,
        /// Left out: the actor's λ.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        critic_lambda: Option<f64>,
        #[serde(default = "half")]
        critic_lr: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_batch")]
        batch: usize,
        #[serde(default)]
        policy: PolicyKind,
        #[serde(default = "default_hidden")]
        hidden: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Trust region policy optimisation: a natural-gradient step (conjugate gradient on
    /// the exact Fisher matrix of the softmax table) scaled to KL = δ, then backtracking
    /// until the KL bound and an improvement both hold. No learning rate: δ sets the step.
    Trpo {
        #[serde(default = "default_delta")]
        delta: f64,
        #[serde(default = "default_cg_iters")]
        cg_iters: usize,
        #[serde(default = "default_backtrack")]
        backtrack: f64,
        #[serde(default = "default_lambda")]
        lambda: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        critic_lambda: Option<f64>,
        #[serde(default = "half")]
        critic_lr: f64,
        #[serde(default = "default_batch")]
        batch: usize,
        /// "tabular" or "blind": the Fisher matrix is the softmax table's.
        #[serde(default)]
        policy: PolicyKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// PPO with the clipped surrogate min(ρÂ, clip(ρ, 1−ε, 1+ε)Â), `epochs` passes over
    /// the batch in `minibatches` shuffled minibatches.
    Ppo {
        #[serde(default = "default_clip")]
        clip: f64,
        #[serde(default = "default_epochs")]
        epochs: usize,
        #[serde(default = "default_minibatches")]
        minibatches: usize,
        #[serde(default = "default_lambda")]
        lambda: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        critic_lambda: Option<f64>,
        /// c₁: weight of the value loss; with separate tables for actor and critic it
        /// sets the critic's gradient step (learning_rate × value_coef).
        #[serde(default = "half")]
        value_coef: f64,
        /// c₂: weight of the entropy bonus.
        #[serde(default = "default_entropy")]
        entropy_coef: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_batch")]
        batch: usize,
        #[serde(default)]
        policy: PolicyKind,
        #[serde(default = "default_hidden")]
        hidden: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// PPO with an adaptive KL penalty: ρÂ − β·KL(π_old‖π), β halved when the update's
    /// KL d < d_targ/1.5 and doubled when d > 1.5·d_targ.
    PpoKl {
        #[serde(default = "default_target_kl")]
        target_kl: f64,
        /// The initial β.
        #[serde(default = "one")]
        beta: f64,
        #[serde(default = "default_epochs")]
        epochs: usize,
        #[serde(default = "default_minibatches")]
        minibatches: usize,
        #[serde(default = "default_lambda")]
        lambda: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        critic_lambda: Option<f64>,
        #[serde(default = "half")]
        value_coef: f64,
        #[serde(default = "default_entropy")]
        entropy_coef: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_batch")]
        batch: usize,
        #[serde(default)]
        policy: PolicyKind,
        #[serde(default = "default_hidden")]
        hidden: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Simple Policy Optimization: per sample ρÂ − (|Â|/(2ε))(ρ − 1)², whose maximiser
    /// is ρ = 1 + ε·sign(Â), so the ratio is pulled back into the trust region.
    Spo {
        #[serde(default = "default_clip")]
        clip: f64,
        #[serde(default = "default_epochs")]
        epochs: usize,
        #[serde(default = "default_minibatches")]
        minibatches: usize,
        #[serde(default = "default_lambda")]
        lambda: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        critic_lambda: Option<f64>,
        #[serde(default = "half")]
        value_coef: f64,
        #[serde(default = "default_entropy")]
        entropy_coef: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_batch")]
        batch: usize,
        #[serde(default)]
        policy: PolicyKind,
        #[serde(default = "default_hidden")]
        hidden: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// GRPO: no critic; groups of `group` episodes from one start, advantages
    /// (r_i − mean r)/(std r + ε₀) shared by every step of episode i (or, with process
    /// `supervision`, made of every step's standardised reward), the clipped surrogate
    /// averaged per episode, and a k3 KL penalty toward the initial policy.
    Grpo {
        #[serde(default = "default_group")]
        group: usize,
        #[serde(default = "default_clip")]
        clip: f64,
        #[serde(default = "default_kl_beta")]
        kl_beta: f64,
        #[serde(default = "default_epochs")]
        epochs: usize,
        #[serde(default)]
        supervision: Supervision,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_batch")]
        batch: usize,
        #[serde(default)]
        policy: PolicyKind,
        #[serde(default = "default_hidden")]
        hidden: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Not a learner: a Monte Carlo estimate of the uniform random policy's return from
    /// `budget` transitions per iteration, spread over trajectories cut after `truncate`
    /// steps ("Truncating Trajectories in Monte Carlo Reinforcement Learning").
    McEvaluation {
        #[serde(default = "default_budget")]
        budget: usize,
        /// Left out: the map's episode cap.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        truncate: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

fn default_lr() -> f64 {
    0.1
}
fn default_batch() -> usize {
    16
}
fn default_hidden() -> usize {
    16
}
fn half() -> f64 {
    0.5
}
fn one() -> f64 {
    1.0
}
fn default_lambda() -> f64 {
    0.95
}
fn default_delta() -> f64 {
    0.01
}
fn default_cg_iters() -> usize {
    10
}
fn default_backtrack() -> f64 {
    0.8
}
fn default_clip() -> f64 {
    0.2
}
fn default_epochs() -> usize {
    4
}
fn default_minibatches() -> usize {
    4
}
fn default_entropy() -> f64 {
    0.01
}
fn default_target_kl() -> f64 {
    0.01
}
fn default_group() -> usize {
    8
}
fn default_kl_beta() -> f64 {
    0.04
}
fn default_budget() -> usize {
    1_000
}

/// How a learner samples and what it learns: the fields most types share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampling {
    /// Episodes per update (0 for an estimator, which spends a transition budget).
    pub batch: usize,
    pub policy: PolicyKind,
    /// Hidden units of the MLP policy.
    pub hidden: usize,
    /// Step size of gradient ascent; None for TRPO (δ sets its step) and estimators.
    pub learning_rate: Option<f64>,
}

/// λ values of the learners that estimate advantages with a critic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lambdas {
    pub actor: f64,
    pub critic: f64,
}

impl PgLearner {
    /// The user's label, if any.
    pub fn custom_label(&self) -> Option<&str> {
        match self {
            PgLearner::Reinforce { label, .. }
            | PgLearner::Rloo { label, .. }
            | PgLearner::ActorCritic { label, .. }
            | PgLearner::Gae { label, .. }
            | PgLearner::Trpo { label, .. }
            | PgLearner::Ppo { label, .. }
            | PgLearner::PpoKl { label, .. }
            | PgLearner::Spo { label, .. }
            | PgLearner::Grpo { label, .. }
            | PgLearner::McEvaluation { label, .. } => label.as_deref(),
        }
    }

    /// The `type` tag as written in files.
    pub fn type_name(&self) -> &'static str {
        match self {
            PgLearner::Reinforce { .. } => "reinforce",
            PgLearner::Rloo { .. } => "rloo",
            PgLearner::ActorCritic { .. } => "actor-critic",
            PgLearner::Gae { .. } => "gae",
            PgLearner::Trpo { .. } => "trpo",
            PgLearner::Ppo { .. } => "ppo",
            PgLearner::PpoKl { .. } => "ppo-kl",
            PgLearner::Spo { .. } => "spo",
            PgLearner::Grpo { .. } => "grpo",
            PgLearner::McEvaluation { .. } => "mc-evaluation",
        }
    }

    /// The sampling fields (see [`Sampling`]).
    pub fn sampling(&self) -> Sampling {
        let s = |batch, policy, hidden, lr| Sampling {
            batch,
            policy,
            hidden,
            learning_rate: lr,
        };
        match *self {
            PgLearner::Reinforce {
                learning_rate,
                batch,
                policy,
                hidden,
                ..
            }
            | PgLearner::Rloo {
                learning_rate,
                batch,
                policy,
                hidden,
                ..
            }
            | PgLearner::ActorCritic {
                learning_rate,
                batch,
                policy,
                hidden,
                ..
            }
            | PgLearner::Gae {
                learning_rate,
                batch,
                policy,
                hidden,
                ..
            }
            | PgLearner::Ppo {
                learning_rate,
                batch,
                policy,
                hidden,
                ..
            }
            | PgLearner::PpoKl {
                learning_rate,
                batch,
                policy,
                hidden,
                ..
            }
            | PgLearner::Spo {
                learning_rate,
                batch,
                policy,
                hidden,
                ..
            }
            | PgLearner::Grpo {
                learning_rate,
                batch,
                policy,
                hidden,
                ..
            } => s(batch, policy, hidden, Some(learning_rate)),
            PgLearner::Trpo { batch, policy, .. } => s(batch, policy, 0, None),
            PgLearner::McEvaluation { .. } => s(0, PolicyKind::Tabular, 0, None),
        }
    }

    /// The actor's and the critic's λ, for learners with a critic. REINFORCE with a value
    /// baseline uses Monte Carlo returns (λ = 1 for both), the one-step actor-critic TD
    /// errors and TD(0) targets (λ = 0 for both).
    pub fn lambdas(&self) -> Option<Lambdas> {
        let pair = |actor: f64, critic: Option<f64>| Lambdas {
            actor,
            critic: critic.unwrap_or(actor),
        };
        match *self {
            PgLearner::Reinforce {
                baseline: Baseline::Value,
                ..
            } => Some(pair(1.0, None)),
            PgLearner::ActorCritic { .. } => Some(pair(0.0, None)),
            PgLearner::Gae {
                lambda,
                critic_lambda,
                ..
            }
            | PgLearner::Trpo {
                lambda,
                critic_lambda,
                ..
            }
            | PgLearner::Ppo {
                lambda,
                critic_lambda,
                ..
            }
            | PgLearner::PpoKl {
                lambda,
                critic_lambda,
                ..
            }
            | PgLearner::Spo {
                lambda,
                critic_lambda,
                ..
            } => Some(pair(lambda, critic_lambda)),
            _ => None,
        }
    }

    /// The clip range ε of the learners that keep the ratio near 1 (PPO, SPO, GRPO).
    pub fn clip(&self) -> Option<f64> {
        match *self {
            PgLearner::Ppo { clip, .. }
            | PgLearner::Spo { clip, .. }
            | PgLearner::Grpo { clip, .. } => Some(clip),
            _ => None,
        }
    }

    /// The label shown on curves: the user's, or one made from the parameters.
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        let policy = match self.sampling().policy {
            PolicyKind::Tabular => String::new(),
            PolicyKind::Blind => " (blind)".to_string(),
            PolicyKind::Mlp => format!(" (MLP {})", self.sampling().hidden),
        };
        let name = match self {
            PgLearner::Reinforce { baseline, .. } => match baseline {
                Baseline::None => "REINFORCE".to_string(),
                Baseline::Constant => "REINFORCE, constant baseline".to_string(),
                Baseline::Value => "REINFORCE, value baseline".to_string(),
            },
            PgLearner::Rloo { .. } => "RLOO".to_string(),
            PgLearner::ActorCritic { .. } => "actor-critic".to_string(),
            PgLearner::Gae {
                lambda,
                critic_lambda,
                ..
            } => match critic_lambda {
                Some(c) if c != lambda => format!("GAE λ={lambda} critic λ={c}"),
                _ => format!("GAE λ={lambda}"),
            },
            PgLearner::Trpo { delta, .. } => format!("TRPO δ={delta}"),
            PgLearner::Ppo { clip, epochs, .. } => format!("PPO ε={clip}, {epochs} epochs"),
            PgLearner::PpoKl { target_kl, .. } => format!("PPO-KL d={target_kl}"),
            PgLearner::Spo { clip, epochs, .. } => format!("SPO ε={clip}, {epochs} epochs"),
            PgLearner::Grpo {
                group, supervision, ..
            } => match supervision {
                Supervision::Outcome => format!("GRPO G={group}"),
                Supervision::Process => format!("GRPO G={group}, process rewards"),
            },
            PgLearner::McEvaluation {
                budget, truncate, ..
            } => match truncate {
                Some(h) => format!("MC budget {budget}, cut at {h}"),
                None => format!("MC budget {budget}"),
            },
        };
        name + &policy
    }

    pub(super) fn validate(&self, index: usize) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{index}]"));
        if let Some(l) = self.custom_label() {
            v.rule(
                !l.trim().is_empty() && l.chars().count() <= 40,
                "label",
                format!("{l:?}"),
                "1 to 40 characters",
            )?;
        }
        let s = self.sampling();
        if let Some(lr) = s.learning_rate {
            v.above("learning_rate", lr, 0.0, 100.0)?;
        }
        match self {
            PgLearner::McEvaluation { .. } => {}
            // Leave-one-out needs another episode to compare with.
            PgLearner::Rloo { .. } => v.count("batch", s.batch, 2, PG_MAX_BATCH)?,
            _ => v.count("batch", s.batch, 1, PG_MAX_BATCH)?,
        }
        if !matches!(
            self,
            PgLearner::Trpo { .. } | PgLearner::McEvaluation { .. }
        ) {
            // Read only by the MLP, but always in range so switching to "mlp" stays valid.
            v.count("hidden", s.hidden, 1, PG_MAX_HIDDEN)?;
        }
        if let Some(l) = self.lambdas() {
            v.range("lambda", l.actor, 0.0, 1.0)?;
            v.range("critic_lambda", l.critic, 0.0, 1.0)?;
        }
        match *self {
            PgLearner::Reinforce { critic_lr, .. }
            | PgLearner::ActorCritic { critic_lr, .. }
            | PgLearner::Gae { critic_lr, .. } => v.above("critic_lr", critic_lr, 0.0, 1.0),
            PgLearner::Rloo { .. } => Ok(()),
            PgLearner::Trpo {
                delta,
                cg_iters,
                backtrack,
                critic_lr,
                policy,
                ..
            } => {
                v.above("delta", delta, 0.0, 1.0)?;
                v.count("cg_iters", cg_iters, 1, PG_MAX_CG_ITERS)?;
                v.above("backtrack", backtrack, 0.0, 0.99)?;
                v.above("critic_lr", critic_lr, 0.0, 1.0)?;
                v.rule(
                    policy != PolicyKind::Mlp,
                    "policy",
                    policy.name(),
                    "\"tabular\" or \"blind\" (TRPO's exact Fisher matrix is the softmax table's)",
                )
            }
            PgLearner::Ppo {
                clip,
                value_coef,
                entropy_coef,
                learning_rate,
                ..
            }
            | PgLearner::Spo {
                clip,
                value_coef,
                entropy_coef,
                learning_rate,
                ..
            } => {
                v.above("clip", clip, 0.0, 1.0)?;
                self.validate_epochs(&v)?;
                validate_critic_coef(&v, value_coef, learning_rate)?;
                v.range("entropy_coef", entropy_coef, 0.0, 1.0)
            }
            PgLearner::PpoKl {
                target_kl,
                beta,
                value_coef,
                entropy_coef,
                learning_rate,
                ..
            } => {
                v.above("target_kl", target_kl, 0.0, 1.0)?;
                v.range("beta", beta, 0.0, 1000.0)?;
                self.validate_epochs(&v)?;
                validate_critic_coef(&v, value_coef, learning_rate)?;
                v.range("entropy_coef", entropy_coef, 0.0, 1.0)
            }
            PgLearner::Grpo {
                group,
                clip,
                kl_beta,
                batch,
                ..
            } => {
                v.count("group", group, 2, PG_MAX_GROUP)?;
                v.above("clip", clip, 0.0, 1.0)?;
                v.range("kl_beta", kl_beta, 0.0, 10.0)?;
                self.validate_epochs(&v)?;
                v.rule(
                    batch.is_multiple_of(group),
                    "batch",
                    batch,
                    &format!("a multiple of group = {group} (whole groups of episodes)"),
                )
            }
            PgLearner::McEvaluation {
                budget, truncate, ..
            } => {
                v.count("budget", budget, 1, PG_MAX_BUDGET)?;
                if let Some(h) = truncate {
                    v.count("truncate", h, 1, crate::scenario::MAX_EPISODE_CAP)?;
                }
                Ok(())
            }
        }
    }

    fn validate_epochs(&self, v: &Validator) -> Result<(), ScenarioError> {
        match *self {
            PgLearner::Ppo {
                epochs,
                minibatches,
                ..
            }
            | PgLearner::PpoKl {
                epochs,
                minibatches,
                ..
            }
            | PgLearner::Spo {
                epochs,
                minibatches,
                ..
            } => {
                v.count("epochs", epochs, 1, PG_MAX_EPOCHS)?;
                v.count("minibatches", minibatches, 1, PG_MAX_MINIBATCHES)
            }
            PgLearner::Grpo { epochs, .. } => v.count("epochs", epochs, 1, PG_MAX_EPOCHS),
            _ => Ok(()),
        }
    }
}

/// The critic's gradient step (learning_rate × value_coef on the squared error) must not
/// overshoot the target: each visited state moves 2 × learning_rate × value_coef × (its
/// share of the minibatch) of the way, so the product is at most 1/2.
fn validate_critic_coef(v: &Validator, value_coef: f64, lr: f64) -> Result<(), ScenarioError> {
    v.above("value_coef", value_coef, 0.0, 10.0)?;
    v.rule(
        lr * value_coef <= 0.5,
        "value_coef",
        value_coef,
        &format!(
            "learning_rate × value_coef ≤ 0.5 (at most {} with learning_rate = {lr}): a larger \
             critic step overshoots its target",
            0.5 / lr
        ),
    )
}
