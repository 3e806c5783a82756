//! A DPO Lab learner: one objective of the preference-learning family with its
//! hyperparameters, under the names Hugging Face TRL gives them where TRL has the method
//! (`beta`, `label_smoothing`, `rpo_alpha`, `simpo_gamma`, `desirable_weight`, …).
//!
//! Every learner starts at π_ref and takes `steps` steps of gradient descent with its
//! `learning_rate`; what it descends is named by `type`.

use serde::{Deserialize, Serialize};

use super::DPO_MAX_FLIP;
use crate::scenario::{ScenarioError, Validator};

/// A divergence f-DPG minimises between π_θ and the KL-regularised optimum π*_β.
pub const DIVERGENCES: [&str; 3] = ["reverse-kl", "forward-kl", "js"];

/// What an RLHF learner's reward model reads of each pair: which response won
/// ("ordinal"), or how much better it is, a willingness to pay in r*'s units ("cardinal",
/// after *Beyond Ordinal Preferences: Why Alignment Needs Cardinal Human Feedback*).
pub const FEEDBACKS: [&str; 2] = ["ordinal", "cardinal"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum DpoLearner {
    /// −ln σ(βh), h the implicit reward margin. With `reference = "guided"` (Pre-DPO) h
    /// is measured against a guiding reference, π_ref·e^(r̂/β)/Z with r̂ the data's
    /// Bradley–Terry reward, while the policy still starts at π_ref.
    Dpo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// (h − 1/(2β))².
    Ipo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Conservative DPO: labels assumed flipped with probability ε.
    Cdpo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "smoothing")]
        label_smoothing: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Robust DPO, debiased for flipped labels.
    RobustDpo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "smoothing")]
        label_smoothing: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// EXO's pairwise loss: KL(Bern(σ(βh)) ‖ Bern(1 − ε)).
    Exo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "exo_smoothing")]
        label_smoothing: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// −ln σ(βh − Δ), the offset Δ = α·ln(1 + gold reward gap).
    Odpo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "one")]
        alpha: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// −ln σ(β h_w − f β h_l): the rejected side scaled by f ≤ 1.
    DpoShift {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "shift")]
        shift: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// DPO plus an SFT term on the chosen response: − rpo_alpha·ln π(y_w).
    Rpo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "one")]
        rpo_alpha: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// SimPO: length-normalised log-probabilities, a target margin, no reference.
    Simpo {
        #[serde(default = "simpo_beta")]
        beta: f64,
        #[serde(default = "simpo_gamma")]
        simpo_gamma: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// AlphaPO: SimPO's reward reshaped by α (α → 0 is SimPO).
    Alphapo {
        #[serde(default = "simpo_beta")]
        beta: f64,
        #[serde(default = "alphapo_alpha")]
        alpha: f64,
        #[serde(default = "simpo_gamma")]
        simpo_gamma: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// ORPO: NLL of the chosen response − β·ln σ(log odds ratio); no reference.
    Orpo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// KTO on unpaired labels: each pair's chosen response desirable, its rejected one not.
    Kto {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "one")]
        desirable_weight: f64,
        #[serde(default = "one")]
        undesirable_weight: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Plackett–Luce likelihood of ranked lists of `env.list_size` responses.
    PlackettLuce {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// LiPO-λ: pairwise logistic terms within each list, weighted by rank gains.
    LipoLambda {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// CoPG (*Contrastive Policy Gradient*): on each pair, whichever policy sampled it,
    /// regress the log-ratio gap onto the gold reward gap, (Δr* − βh)²/(2β); its gradient
    /// is CoPG's update, with no importance weights.
    Copg {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// GVPO: the whole group of responses scored by the gold reward.
    Gvpo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// RLHF: a reward model fitted to the data, then gradient ascent on
    /// E_π r̂ − β KL(π‖π_ref) (its optimum is π_ref·e^(r̂/β)/Z). The reward model is
    /// Bradley–Terry on which response won, or, with `feedback = "cardinal"`, least squares
    /// on how much better it is (r̂(y_w) − r̂(y_l) ≈ r*(y_w) − r*(y_l)).
    Rlhf {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// f-DPG: descend an f-divergence between π_θ and π*_β = π_ref·e^(r*/β)/Z.
    FDpg {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "divergence")]
        divergence: String,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

fn beta() -> f64 {
    0.1
}
fn lr() -> f64 {
    0.1
}
fn one() -> f64 {
    1.0
}
fn smoothing() -> f64 {
    0.1
}
fn exo_smoothing() -> f64 {
    1e-3
}
fn shift() -> f64 {
    0.9
}
fn simpo_beta() -> f64 {
    2.0
}
fn simpo_gamma() -> f64 {
    0.5
}
fn alphapo_alpha() -> f64 {
    0.25
}
fn divergence() -> String {
    "reverse-kl".into()
}

/// Every learner's `beta`, `learning_rate` and `label`, read alike.
macro_rules! common {
    ($self:expr, $field:ident) => {
        match $self {
            DpoLearner::Dpo { $field, .. }
            | DpoLearner::Ipo { $field, .. }
            | DpoLearner::Cdpo { $field, .. }
            | DpoLearner::RobustDpo { $field, .. }
            | DpoLearner::Exo { $field, .. }
            | DpoLearner::Odpo { $field, .. }
            | DpoLearner::DpoShift { $field, .. }
            | DpoLearner::Rpo { $field, .. }
            | DpoLearner::Simpo { $field, .. }
            | DpoLearner::Alphapo { $field, .. }
            | DpoLearner::Orpo { $field, .. }
            | DpoLearner::Kto { $field, .. }
            | DpoLearner::PlackettLuce { $field, .. }
            | DpoLearner::LipoLambda { $field, .. }
            | DpoLearner::Copg { $field, .. }
            | DpoLearner::Gvpo { $field, .. }
            | DpoLearner::Rlhf { $field, .. }
            | DpoLearner::FDpg { $field, .. } => $field,
        }
    };
}

impl DpoLearner {
    /// β: the implicit reward's scale (ORPO's λ, SimPO's and AlphaPO's reward scale).
    pub fn beta(&self) -> f64 {
        *common!(self, beta)
    }

    pub fn learning_rate(&self) -> f64 {
        *common!(self, learning_rate)
    }

    pub fn custom_label(&self) -> Option<&str> {
        common!(self, label).as_deref()
    }

    /// The `type` as written in a scenario.
    pub fn type_name(&self) -> &'static str {
        match self {
            DpoLearner::Dpo { .. } => "dpo",
            DpoLearner::Ipo { .. } => "ipo",
            DpoLearner::Cdpo { .. } => "cdpo",
            DpoLearner::RobustDpo { .. } => "robust-dpo",
            DpoLearner::Exo { .. } => "exo",
            DpoLearner::Odpo { .. } => "odpo",
            DpoLearner::DpoShift { .. } => "dpo-shift",
            DpoLearner::Rpo { .. } => "rpo",
            DpoLearner::Simpo { .. } => "simpo",
            DpoLearner::Alphapo { .. } => "alphapo",
            DpoLearner::Orpo { .. } => "orpo",
            DpoLearner::Kto { .. } => "kto",
            DpoLearner::PlackettLuce { .. } => "plackett-luce",
            DpoLearner::LipoLambda { .. } => "lipo-lambda",
            DpoLearner::Copg { .. } => "copg",
            DpoLearner::Gvpo { .. } => "gvpo",
            DpoLearner::Rlhf { .. } => "rlhf",
            DpoLearner::FDpg { .. } => "f-dpg",
        }
    }

    /// Pre-DPO: a DPO learner whose loss measures h against the guiding reference.
    pub fn is_guided(&self) -> bool {
        matches!(self, DpoLearner::Dpo { reference: Some(r), .. } if r == "guided")
    }

    /// An RLHF learner whose reward model reads cardinal feedback.
    pub fn is_cardinal(&self) -> bool {
        matches!(self, DpoLearner::Rlhf { feedback: Some(f), .. } if f == "cardinal")
    }

    /// Learners trained on ranked lists rather than pairs.
    pub fn is_listwise(&self) -> bool {
        matches!(
            self,
            DpoLearner::PlackettLuce { .. } | DpoLearner::LipoLambda { .. }
        )
    }

    /// The curve's name: the label, or the method and its β (and the parameter that
    /// tells two of a kind apart).
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        let b = self.beta();
        match self {
            DpoLearner::Dpo { .. } if self.is_guided() => format!("Pre-DPO β={b}"),
            DpoLearner::Dpo { .. } => format!("DPO β={b}"),
            DpoLearner::Ipo { .. } => format!("IPO β={b}"),
            DpoLearner::Cdpo {
                label_smoothing, ..
            } => format!("cDPO β={b}, ε={label_smoothing}"),
            DpoLearner::RobustDpo {
                label_smoothing, ..
            } => format!("rDPO β={b}, ε={label_smoothing}"),
            DpoLearner::Exo { .. } => format!("EXO β={b}"),
            DpoLearner::Odpo { alpha, .. } => format!("ODPO β={b}, α={alpha}"),
            DpoLearner::DpoShift { shift, .. } => format!("DPO-Shift β={b}, f={shift}"),
            DpoLearner::Rpo { rpo_alpha, .. } => format!("RPO β={b}, α={rpo_alpha}"),
            DpoLearner::Simpo { simpo_gamma, .. } => format!("SimPO β={b}, γ={simpo_gamma}"),
            DpoLearner::Alphapo { alpha, .. } => format!("AlphaPO β={b}, α={alpha}"),
            DpoLearner::Orpo { .. } => format!("ORPO λ={b}"),
            DpoLearner::Kto { .. } => format!("KTO β={b}"),
            DpoLearner::PlackettLuce { .. } => format!("Plackett–Luce β={b}"),
            DpoLearner::LipoLambda { .. } => format!("LiPO-λ β={b}"),
            DpoLearner::Copg { .. } => format!("CoPG β={b}"),
            DpoLearner::Gvpo { .. } => format!("GVPO β={b}"),
            DpoLearner::Rlhf { .. } if self.is_cardinal() => format!("RLHF (cardinal) β={b}"),
            DpoLearner::Rlhf { .. } => format!("RLHF β={b}"),
            DpoLearner::FDpg { divergence, .. } => format!("f-DPG {divergence} β={b}"),
        }
    }

    pub(super) fn validate(&self, i: usize) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{i}]"));
        v.above("beta", self.beta(), 0.0, 100.0)?;
        v.above("learning_rate", self.learning_rate(), 0.0, 100.0)?;
        match self {
            DpoLearner::Cdpo {
                label_smoothing, ..
            }
            | DpoLearner::RobustDpo {
                label_smoothing, ..
            } => v.range("label_smoothing", *label_smoothing, 0.0, DPO_MAX_FLIP),
            // EXO's target Bern(1 − ε) needs ε inside (0, ½).
            DpoLearner::Exo {
                label_smoothing, ..
            } => v.above("label_smoothing", *label_smoothing, 0.0, DPO_MAX_FLIP),
            DpoLearner::Odpo { alpha, .. } => v.range("alpha", *alpha, 0.0, 100.0),
            DpoLearner::DpoShift { shift, .. } => v.range("shift", *shift, 0.0, 1.0),
            DpoLearner::Rpo { rpo_alpha, .. } => v.range("rpo_alpha", *rpo_alpha, 0.0, 100.0),
            DpoLearner::Simpo { simpo_gamma, .. } => {
                v.range("simpo_gamma", *simpo_gamma, -100.0, 100.0)
            }
            DpoLearner::Alphapo {
                alpha, simpo_gamma, ..
            } => {
                v.range("alpha", *alpha, -10.0, 10.0)?;
                v.range("simpo_gamma", *simpo_gamma, -100.0, 100.0)
            }
            DpoLearner::Kto {
                desirable_weight,
                undesirable_weight,
                ..
            } => {
                v.range("desirable_weight", *desirable_weight, 0.0, 100.0)?;
                v.range("undesirable_weight", *undesirable_weight, 0.0, 100.0)
            }
            DpoLearner::Dpo {
                reference: Some(r), ..
            } => v.rule(
                r == "initial" || r == "guided",
                "reference",
                format!("{r:?}"),
                "\"initial\" (π_ref) or \"guided\" (Pre-DPO's guiding reference)",
            ),
            DpoLearner::Rlhf {
                feedback: Some(f), ..
            } => v.rule(
                FEEDBACKS.contains(&f.as_str()),
                "feedback",
                format!("{f:?}"),
                "\"ordinal\" (which response won) or \"cardinal\" (by how much)",
            ),
            DpoLearner::FDpg { divergence, .. } => v.rule(
                DIVERGENCES.contains(&divergence.as_str()),
                "divergence",
                format!("{divergence:?}"),
                "\"reverse-kl\", \"forward-kl\" or \"js\"",
            ),
            _ => Ok(()),
        }
    }
}
