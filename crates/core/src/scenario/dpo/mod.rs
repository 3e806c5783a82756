//! The DPO Lab's scenario: one to four prompts, each with a handful of responses, a
//! reference policy and a gold reward; preference data drawn from them (or listed); and
//! up to eight learners of the preference-learning family, each trained from π_ref by
//! gradient descent.
//!
//! ```toml
//! kind = "dpo"
//! seed = 3
//! steps = 3000
//! [env]
//! ref_probs = [0.30, 0.20, 0.15, 0.10, 0.10, 0.07, 0.05, 0.03]
//! gold_reward = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]
//! data = "population"   # or pairs = N (sampled), or pairs = [[chosen, rejected], …]
//! [[learners]]
//! type = "dpo"
//! beta = 1.0
//! learning_rate = 0.1
//! ```

mod env;
mod learner;

use serde::{Deserialize, Serialize};

pub use env::{DpoEnv, ExplicitPair, PairsSpec, Rows};
pub use learner::{DIVERGENCES, DpoLearner, FEEDBACKS};

use super::{ScenarioError, Validator, current_version};

pub const DPO_MAX_PROMPTS: usize = 4;
pub const DPO_MAX_RESPONSES: usize = 64;
pub const DPO_MAX_STEPS: usize = 100_000;
pub const DPO_MAX_PAIRS: usize = 100_000;
pub const DPO_MAX_LEARNERS: usize = 8;
pub const DPO_MAX_LIST: usize = 8;
pub const DPO_MAX_LISTS: usize = 10_000;
pub const DPO_MAX_FEATURES: usize = 16;
pub const DPO_MAX_LENGTH: f64 = 10_000.0;
/// The most data evaluations one learner may ask for: steps × (pairs, or list items). About
/// a second of work natively.
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

fn default_steps() -> usize {
    1000
}

impl DpoScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("steps", self.steps, 1, DPO_MAX_STEPS)?;
        v.count("learners", self.learners.len(), 1, DPO_MAX_LEARNERS)?;
        self.env.validate()?;
        let work = self.work_per_step();
        v.rule(
            self.steps * work <= DPO_MAX_WORK,
            "steps",
            self.steps,
            &format!(
                "steps × data ≤ {DPO_MAX_WORK} (this data has {work} pairs or list items per \
                 step: at most {} steps)",
                DPO_MAX_WORK / work.max(1)
            ),
        )?;
        let listwise = self.learners.iter().any(DpoLearner::is_listwise);
        v.rule(
            !listwise
                || self
                    .env
                    .responses()
                    .iter()
                    .all(|&n| self.env.list_size <= n),
            "env.list_size",
            self.env.list_size,
            "at most the number of responses of every prompt (listwise learners rank that \
             many)",
        )?;
        for (i, l) in self.learners.iter().enumerate() {
            l.validate(i)?;
            v.rule(
                !l.is_listwise() || self.env.explicit_pairs().is_none(),
                &format!("learners[{i}].type"),
                l.type_name(),
                "a pairwise learner: listed pairs hold no ranked lists (listwise learners \
                 need population or sampled data)",
            )?;
        }
        v.custom_labels(self.learners.iter().map(DpoLearner::custom_label))
    }

    /// The data one step of the busiest learner walks through: the pairs, or the lists'
    /// items when a listwise learner is present.
    pub fn work_per_step(&self) -> usize {
        let lists = self.learners.iter().any(DpoLearner::is_listwise);
        let items = if lists {
            self.env.lists * self.env.list_size * self.env.list_size
        } else {
            0
        };
        self.env.pair_count().max(items)
    }

    /// Curve labels, made unique by numbering repeats.
    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.learners.iter().map(|l| l.label()))
    }
}
