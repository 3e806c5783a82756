//! The DPO Lab's scenario: one prompt with a handful of responses, a reference policy and
//! a gold reward, preference data drawn from them, and up to eight learners of the DPO
//! family, each a tabular policy trained from π_ref by gradient descent.
//!
//! ```toml
//! kind = "dpo"
//! seed = 3
//! steps = 3000
//! [env]
//! ref_probs = [0.30, 0.20, 0.15, 0.10, 0.10, 0.07, 0.05, 0.03]
//! gold_reward = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]
//! data = "population"   # or pairs = N: N pairs sampled and labelled by Bradley–Terry
//! [[learners]]
//! type = "dpo"
//! beta = 1.0
//! learning_rate = 0.1
//! ```
//!
//! Hyperparameters carry the names Hugging Face TRL gives them (`beta`,
//! `label_smoothing`, `learning_rate`, …). Several prompts, explicit pair lists, response
//! lengths and log-linear policies are still to come (issue 7).

use serde::{Deserialize, Serialize};

use super::{ScenarioError, Validator, current_version};

pub const DPO_MAX_RESPONSES: usize = 64;
pub const DPO_MAX_STEPS: usize = 100_000;
pub const DPO_MAX_PAIRS: usize = 100_000;
pub const DPO_MAX_LEARNERS: usize = 8;
/// The most pair evaluations one learner may ask for: steps × pairs (the population of n
/// responses has n(n − 1) ordered pairs). About a second of work natively.
pub const DPO_MAX_WORK: usize = 50_000_000;
pub const DPO_MAX_REWARD: f64 = 1_000.0;
/// The largest label-flip rate or smoothing: at ½ labels carry no information (and
/// robust DPO divides by 1 − 2ε).
pub const DPO_MAX_FLIP: f64 = 0.49;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DpoScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    pub seed: u64,
    /// Gradient steps of every learner.
    #[serde(default = "default_steps")]
    pub steps: usize,
    pub env: DpoEnv,
    pub learners: Vec<DpoLearner>,
}

/// The responses and the preference data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DpoEnv {
    /// π_ref over the responses (normalised to sum 1).
    pub ref_probs: Vec<f64>,
    /// r*(y), one per response.
    pub gold_reward: Vec<f64>,
    /// "population": every pair of distinct responses, labelled with its Bradley–Terry
    /// probabilities. Left out, the data is the population unless `pairs` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Sampled data instead: this many pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pairs: Option<usize>,
    /// Where sampled pairs' responses come from: "reference" (π_ref) or "uniform".
    #[serde(default = "default_source")]
    pub source: String,
    /// Sampled labels always prefer the higher gold reward (else Bradley–Terry).
    #[serde(default)]
    pub deterministic: bool,
    /// Each sampled label is flipped with this probability.
    #[serde(default)]
    pub flip: f64,
}

/// One learner: a pairwise loss of the DPO family with its hyperparameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum DpoLearner {
    Dpo {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    Ipo {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    Cdpo {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default = "default_smoothing")]
        label_smoothing: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    RobustDpo {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default = "default_smoothing")]
        label_smoothing: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

fn default_steps() -> usize {
    1000
}
fn default_source() -> String {
    "reference".into()
}
fn default_beta() -> f64 {
    0.1
}
fn default_lr() -> f64 {
    0.1
}
fn default_smoothing() -> f64 {
    0.1
}

impl DpoLearner {
    pub fn beta(&self) -> f64 {
        match *self {
            DpoLearner::Dpo { beta, .. }
            | DpoLearner::Ipo { beta, .. }
            | DpoLearner::Cdpo { beta, .. }
            | DpoLearner::RobustDpo { beta, .. } => beta,
        }
    }

    pub fn learning_rate(&self) -> f64 {
        match *self {
            DpoLearner::Dpo { learning_rate, .. }
            | DpoLearner::Ipo { learning_rate, .. }
            | DpoLearner::Cdpo { learning_rate, .. }
            | DpoLearner::RobustDpo { learning_rate, .. } => learning_rate,
        }
    }

    pub fn custom_label(&self) -> Option<&str> {
        match self {
            DpoLearner::Dpo { label, .. }
            | DpoLearner::Ipo { label, .. }
            | DpoLearner::Cdpo { label, .. }
            | DpoLearner::RobustDpo { label, .. } => label.as_deref(),
        }
    }

    /// The curve's name: the label, or the type and β (and ε).
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        let beta = self.beta();
        match *self {
            DpoLearner::Dpo { .. } => format!("DPO β={beta}"),
            DpoLearner::Ipo { .. } => format!("IPO β={beta}"),
            DpoLearner::Cdpo {
                label_smoothing, ..
            } => format!("cDPO β={beta}, ε={label_smoothing}"),
            DpoLearner::RobustDpo {
                label_smoothing, ..
            } => format!("rDPO β={beta}, ε={label_smoothing}"),
        }
    }

    fn validate(&self, i: usize) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{i}]"));
        v.above("beta", self.beta(), 0.0, 100.0)?;
        v.above("learning_rate", self.learning_rate(), 0.0, 100.0)?;
        match *self {
            DpoLearner::Cdpo {
                label_smoothing, ..
            }
            | DpoLearner::RobustDpo {
                label_smoothing, ..
            } => v.range("label_smoothing", label_smoothing, 0.0, DPO_MAX_FLIP),
            _ => Ok(()),
        }
    }
}

impl DpoScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("steps", self.steps, 1, DPO_MAX_STEPS)?;
        v.count("learners", self.learners.len(), 1, DPO_MAX_LEARNERS)?;
        self.env.validate()?;
        let pairs = self.env.pair_count();
        v.rule(
            self.steps * pairs <= DPO_MAX_WORK,
            "steps",
            self.steps,
            &format!(
                "steps × pairs ≤ {DPO_MAX_WORK} (this data has {pairs} pairs: at most {} steps)",
                DPO_MAX_WORK / pairs.max(1)
            ),
        )?;
        for (i, l) in self.learners.iter().enumerate() {
            l.validate(i)?;
            if let Some(label) = l.custom_label() {
                let clash = self.learners[..i]
                    .iter()
                    .any(|o| o.custom_label() == Some(label));
                v.rule(
                    !clash && label.chars().count() <= 40,
                    &format!("learners[{i}].label"),
                    format!("{label:?}"),
                    "a label of at most 40 characters no other learner has",
                )?;
            }
        }
        Ok(())
    }

    /// Curve labels, made unique by numbering repeats.
    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.learners.iter().map(|l| l.label()))
    }
}

impl DpoEnv {
    /// How many pairs the data holds: the sampled count, or the population's n(n − 1)
    /// ordered pairs.
    pub fn pair_count(&self) -> usize {
        let n = self.ref_probs.len();
        self.pairs.unwrap_or(n * n.saturating_sub(1))
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("env");
        let n = self.ref_probs.len();
        v.count("ref_probs", n, 2, DPO_MAX_RESPONSES).map_err(|_| {
            ScenarioError::invalid(
                "env.ref_probs",
                format!("{n} responses"),
                format!("2 to {DPO_MAX_RESPONSES} responses"),
            )
        })?;
        for (k, &p) in self.ref_probs.iter().enumerate() {
            v.above(&format!("ref_probs[{k}]"), p, 0.0, 1.0)?;
        }
        v.rule(
            self.gold_reward.len() == n,
            "gold_reward",
            format!("{} values", self.gold_reward.len()),
            &format!("one reward per response ({n})"),
        )?;
        for (k, &r) in self.gold_reward.iter().enumerate() {
            v.range(
                &format!("gold_reward[{k}]"),
                r,
                -DPO_MAX_REWARD,
                DPO_MAX_REWARD,
            )?;
        }
        if let Some(data) = &self.data {
            v.rule(
                data == "population" && self.pairs.is_none(),
                "data",
                format!("{data:?}"),
                "\"population\", and only when `pairs` is left out: sampled pairs replace the \
                 population, so remove `data` (Edit as TOML) to use them",
            )?;
        }
        if let Some(pairs) = self.pairs {
            v.count("pairs", pairs, 1, DPO_MAX_PAIRS)?;
        }
        v.rule(
            self.source == "reference" || self.source == "uniform",
            "source",
            format!("{:?}", self.source),
            "\"reference\" or \"uniform\"",
        )?;
        v.range("flip", self.flip, 0.0, DPO_MAX_FLIP)
    }
}
