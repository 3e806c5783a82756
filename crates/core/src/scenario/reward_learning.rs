//! The rewards-from-preferences scenario (`kind = "reward-learning"`, issue 7, demo 2): a
//! gridworld with a hidden reward, short trajectory segments compared in pairs by a
//! labeller, and learners that fit a Bradley–Terry reward model to the labels one label
//! at a time, choosing which pair to ask about next.
//!
//! ```toml
//! kind = "reward-learning"
//! seed = 1
//! steps = 60                      # labels each learner asks for
//! runs = 5
//! [env]                           # a gridworld map, exactly as in the Gridworld Lab
//! map = """
//! S...
//! .#.L
//! ...G
//! """
//! gamma = 0.9
//! step_reward = -0.01
//! [env.cells.G]
//! reward = 1.0
//! terminal = true
//! [env.cells.L]
//! reward = -1.0
//! terminal = true
//! [feedback]
//! segment_length = 3              # transitions per segment
//! labeller = "partial-return"     # or "regret"
//! rationality = 10.0              # P(σ¹ ≻ σ²) = σ(rationality · (score¹ − score²))
//! random_fraction = 0.1           # answers given at random
//! [[learners]]
//! type = "bradley-terry"
//! queries = "disagreement"        # or "random"
//! ensemble = 3
//! ```
//!
//! Segments start in a uniformly drawn non-terminal cell and follow uniformly random
//! moves (ending early at a terminal cell). Each query draws `candidates` pairs; a
//! learner asking at random takes the first, one asking by disagreement the pair its
//! ensemble members' predictions vary most on. The candidates depend only on the seed
//! and the run, so every learner is offered the same pairs.

use serde::{Deserialize, Serialize};

use super::{GridEnv, ScenarioError, Validator, current_version};
use crate::gridworld::Grid;

pub const REWARD_MAX_STEPS: usize = 1000;
pub const REWARD_MAX_RUNS: usize = 50;
pub const REWARD_MAX_LEARNERS: usize = 6;
pub const REWARD_MAX_SEGMENT: usize = 30;
pub const REWARD_MAX_CANDIDATES: usize = 200;
pub const REWARD_MAX_ENSEMBLE: usize = 8;
pub const REWARD_MAX_RATIONALITY: f64 = 1000.0;
pub const REWARD_MAX_L2: f64 = 100.0;
/// Free cells: the state-action model has a parameter per (cell, move).
pub const REWARD_MAX_STATES: usize = 400;
/// Label visits of all refits, runs × Σ members × steps²/2: every label refits every
/// member on all labels so far, so the work grows with the square of the steps.
pub const REWARD_MAX_WORK: usize = 20_000_000;
pub const REWARD_MAX_HIDDEN: usize = 64;
/// Gradient steps an MLP reward model takes after each label (warm-started).
pub const REWARD_MLP_STEPS: usize = 40;
/// Multiply-adds of all MLP fits: runs × members × steps × [`REWARD_MLP_STEPS`] ×
/// (units × hidden × (inputs + 1) + label visits).
pub const REWARD_MAX_MLP_WORK: f64 = 2e10;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewardScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    pub seed: u64,
    /// Labels each learner asks for, one per step.
    #[serde(default = "default_steps")]
    pub steps: usize,
    /// Independent runs (mean and 95% interval of each metric).
    #[serde(default = "default_runs")]
    pub runs: usize,
    /// The world, exactly as a Gridworld Lab `[env]`; its rewards are what the labeller
    /// knows and the learners do not.
    pub env: GridEnv,
    #[serde(default)]
    pub feedback: Feedback,
    pub learners: Vec<RewardLearner>,
}

/// Which score of a segment the automatic labeller compares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Labeller {
    /// The sum of the segment's rewards (Christiano et al.).
    #[default]
    PartialReturn,
    /// The sum of its optimal advantages A*(s, a) = Q*(s, a) − V*(s): minus the regret
    /// of its moves (Knox et al.).
    Regret,
}

impl Labeller {
    pub fn name(self) -> &'static str {
        match self {
            Labeller::PartialReturn => "partial-return",
            Labeller::Regret => "regret",
        }
    }
}

/// How segments are made and labelled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// Transitions per segment (fewer when a segment reaches a terminal cell).
    #[serde(default = "default_segment_length")]
    pub segment_length: usize,
    #[serde(default)]
    pub labeller: Labeller,
    /// How sharply the labeller tells scores apart: P(σ¹ ≻ σ²) = σ(rationality · Δscore).
    #[serde(default = "default_rationality")]
    pub rationality: f64,
    /// Label by the sign of Δscore instead (equal scores: "equal").
    #[serde(default)]
    pub deterministic: bool,
    /// The share of answers given uniformly at random.
    #[serde(default)]
    pub random_fraction: f64,
    /// Pairs drawn at each query for a learner to choose from.
    #[serde(default = "default_candidates")]
    pub candidates: usize,
}

impl Default for Feedback {
    fn default() -> Self {
        Feedback {
            segment_length: default_segment_length(),
            labeller: Labeller::PartialReturn,
            rationality: default_rationality(),
            deterministic: false,
            random_fraction: 0.0,
            candidates: default_candidates(),
        }
    }
}

/// What the learned reward is a function of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RewardFeatures {
    /// r̂(s′): one number per cell, paid on entering it.
    #[default]
    State,
    /// r̂(s, a): one number per cell and move.
    StateAction,
}

impl RewardFeatures {
    pub fn name(self) -> &'static str {
        match self {
            RewardFeatures::State => "state",
            RewardFeatures::StateAction => "state-action",
        }
    }
}

/// Which of the candidate pairs a learner asks about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QueryRule {
    #[default]
    Random,
    /// The pair whose predicted preference varies most across the ensemble.
    Disagreement,
}

impl QueryRule {
    pub fn name(self) -> &'static str {
        match self {
            QueryRule::Random => "random",
            QueryRule::Disagreement => "disagreement",
        }
    }
}

/// One learner: a Bradley–Terry reward model and a way of choosing queries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum RewardLearner {
    /// Maximum likelihood of P̂(σ¹ ≻ σ²) = σ(Σ r̂(σ¹) − Σ r̂(σ²)) with an L2 penalty,
    /// refitted after every label; an ensemble's members each see a bootstrap resample.
    BradleyTerry {
        #[serde(default)]
        features: RewardFeatures,
        #[serde(default)]
        queries: QueryRule,
        #[serde(default = "default_ensemble")]
        ensemble: usize,
        /// λ in λ/2·‖r̂‖² (a table) or λ/2·‖θ‖² (an MLP's weights); 0 leaves the scale
        /// free (it grows without bound on separable labels).
        #[serde(default = "default_l2")]
        l2: f64,
        /// "table": a free reward per unit. "mlp": a network from what a unit looks like
        /// (its cell's letter, the move) to its reward, so cells alike share what the
        /// labels taught.
        #[serde(default)]
        model: RewardModel,
        /// The MLP's hidden units (one ReLU layer).
        #[serde(default = "default_hidden")]
        hidden: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

/// How a learner represents r̂.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RewardModel {
    #[default]
    Table,
    Mlp,
}

impl RewardModel {
    pub fn name(self) -> &'static str {
        match self {
            RewardModel::Table => "table",
            RewardModel::Mlp => "mlp",
        }
    }
}

fn default_steps() -> usize {
    60
}
fn default_runs() -> usize {
    5
}
fn default_segment_length() -> usize {
    3
}
fn default_rationality() -> f64 {
    10.0
}
fn default_candidates() -> usize {
    20
}
fn default_ensemble() -> usize {
    1
}
fn default_l2() -> f64 {
    0.01
}
fn default_hidden() -> usize {
    16
}

impl RewardLearner {
    pub fn features(&self) -> RewardFeatures {
        match *self {
            RewardLearner::BradleyTerry { features, .. } => features,
        }
    }

    pub fn queries(&self) -> QueryRule {
        match *self {
            RewardLearner::BradleyTerry { queries, .. } => queries,
        }
    }

    pub fn ensemble(&self) -> usize {
        match *self {
            RewardLearner::BradleyTerry { ensemble, .. } => ensemble,
        }
    }

    pub fn l2(&self) -> f64 {
        match *self {
            RewardLearner::BradleyTerry { l2, .. } => l2,
        }
    }

    pub fn model(&self) -> RewardModel {
        match *self {
            RewardLearner::BradleyTerry { model, .. } => model,
        }
    }

    pub fn hidden(&self) -> usize {
        match *self {
            RewardLearner::BradleyTerry { hidden, .. } => hidden,
        }
    }

    pub fn custom_label(&self) -> Option<&str> {
        match self {
            RewardLearner::BradleyTerry { label, .. } => label.as_deref(),
        }
    }

    /// The curve's name: the label, or the query rule, ensemble and features.
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        let mut out = format!("BT, {} queries", self.queries().name());
        if self.ensemble() > 1 {
            out.push_str(&format!(", {} models", self.ensemble()));
        }
        if self.features() == RewardFeatures::StateAction {
            out.push_str(", r̂(s, a)");
        }
        if self.model() == RewardModel::Mlp {
            out.push_str(", MLP");
        }
        out
    }

    fn validate(&self, i: usize) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{i}]"));
        v.count("ensemble", self.ensemble(), 1, REWARD_MAX_ENSEMBLE)?;
        v.range("l2", self.l2(), 0.0, REWARD_MAX_L2)?;
        v.count("hidden", self.hidden(), 1, REWARD_MAX_HIDDEN)?;
        v.rule(
            self.queries() == QueryRule::Random || self.ensemble() >= 2,
            "ensemble",
            self.ensemble(),
            "at least 2 with queries = \"disagreement\": one model cannot disagree with itself",
        )
    }
}

impl RewardScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("steps", self.steps, 1, REWARD_MAX_STEPS)?;
        v.count("runs", self.runs, 1, REWARD_MAX_RUNS)?;
        v.count("learners", self.learners.len(), 1, REWARD_MAX_LEARNERS)?;
        let grid = Grid::compile(&self.env)?;
        Validator::new("env").rule(
            self.env.gamma < 1.0,
            "gamma",
            self.env.gamma,
            "below 1: a learned reward may pay for walking in circles, and only discounting \
             keeps the values of the policy it implies finite",
        )?;
        Validator::new("env").rule(
            grid.states() <= REWARD_MAX_STATES,
            "map",
            format!("{} free cells", grid.states()),
            &format!("at most {REWARD_MAX_STATES} free cells"),
        )?;
        self.feedback.validate()?;
        for (i, l) in self.learners.iter().enumerate() {
            l.validate(i)?;
        }
        let members: usize = self.learners.iter().map(RewardLearner::ensemble).sum();
        let work = self.runs * members * self.steps * self.steps / 2;
        v.rule(
            work <= REWARD_MAX_WORK,
            "steps",
            self.steps,
            &format!(
                "runs × (ensemble members of all learners) × steps² / 2 ≤ {REWARD_MAX_WORK} \
                 (here {work}): each label refits every member on every label so far"
            ),
        )?;
        let mlp_work = self.mlp_work(grid.states());
        v.rule(
            mlp_work <= REWARD_MAX_MLP_WORK,
            "steps",
            self.steps,
            &format!(
                "MLP reward models: runs × members × steps × {REWARD_MLP_STEPS} gradient steps × \
                 (units × hidden × inputs + labels × segment_length) ≤ {REWARD_MAX_MLP_WORK:.0e} \
                 (here {mlp_work:.1e}): fewer labels, runs or hidden units"
            ),
        )?;
        v.custom_labels(self.learners.iter().map(RewardLearner::custom_label))
    }

    /// Multiply-adds of every MLP learner's fits (0 with no MLP learner), roughly: each
    /// label takes [`REWARD_MLP_STEPS`] steps over every unit and every label so far.
    fn mlp_work(&self, states: usize) -> f64 {
        self.learners
            .iter()
            .filter(|l| l.model() == RewardModel::Mlp)
            .map(|l| {
                // Inputs: a letter one-hot (a map has a few letters), the end flag, moves.
                let (units, inputs) = match l.features() {
                    RewardFeatures::State => (states + 1, 8),
                    RewardFeatures::StateAction => (4 * states + 1, 12),
                };
                let per_step = (units * l.hidden() * inputs) as f64
                    + (self.steps * self.feedback.segment_length) as f64 / 2.0;
                (self.runs * l.ensemble() * self.steps * REWARD_MLP_STEPS) as f64 * per_step
            })
            .sum()
    }

    /// Curve labels, made unique by numbering repeats.
    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.learners.iter().map(|l| l.label()))
    }
}

impl Feedback {
    fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("feedback");
        v.count("segment_length", self.segment_length, 1, REWARD_MAX_SEGMENT)?;
        v.above("rationality", self.rationality, 0.0, REWARD_MAX_RATIONALITY)?;
        v.range("random_fraction", self.random_fraction, 0.0, 1.0)?;
        v.count("candidates", self.candidates, 1, REWARD_MAX_CANDIDATES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    const SMALL: &str = r#"
kind = "reward-learning"
seed = 1
[env]
map = """
S..
..G
"""
gamma = 0.9
step_reward = -0.01
[env.cells.G]
reward = 1.0
terminal = true
[[learners]]
type = "bradley-terry"
"#;

    fn parse(text: &str) -> Result<RewardScenario, String> {
        match Scenario::from_toml(text).map_err(|e| e.to_string())? {
            Scenario::RewardLearning(r) => Ok(r),
            other => Err(format!("parsed as {}", other.kind())),
        }
    }

    #[test]
    fn defaults_and_labels() {
        let s = parse(SMALL).unwrap();
        assert_eq!((s.steps, s.runs), (60, 5));
        assert_eq!(s.feedback, Feedback::default());
        assert_eq!(s.labels(), vec!["BT, random queries"]);
    }

    #[test]
    fn bad_values_are_refused_with_a_clear_message() {
        let undiscounted = SMALL.replace("gamma = 0.9", "gamma = 1.0");
        assert!(parse(&undiscounted).unwrap_err().contains("env.gamma"));
        let lonely = format!("{SMALL}queries = \"disagreement\"\n");
        let err = parse(&lonely).unwrap_err();
        assert!(err.contains("learners[0].ensemble"), "{err}");
        let bad = SMALL.replace("seed = 1", "seed = 1\n[feedback]\nrandom_fraction = 1.5");
        assert!(
            parse(&bad)
                .unwrap_err()
                .contains("feedback.random_fraction")
        );
        let huge = SMALL.replace("seed = 1", "seed = 1\nsteps = 1000\nruns = 50");
        let huge = format!("{huge}ensemble = 8\n");
        assert!(parse(&huge).unwrap_err().contains("steps"));
    }
}
