//! The Policy-Gradient Lab's scenario: a gridworld map (the same format as the Gridworld
//! Lab's) or a game of twenty questions ([`PgEnv`]), and up to eight policy-gradient
//! learners, or Monte Carlo estimators, side by side.
//!
//! ```toml
//! kind = "policy-gradient"
//! seed = 1
//! iterations = 200        # policy updates per run
//! runs = 10
//! [env]
//! map = "S.G"
//! [[learners]]
//! type = "reinforce"
//! baseline = "value"
//! [[learners]]
//! type = "ppo"
//! clip = 0.2
//! ```
//!
//! Every learner type has the same sampling fields (`batch` episodes per update, the
//! `policy` it learns and the `learning_rate` of its gradient steps) and its own
//! hyperparameters, with the defaults a lecturer expects (ε = 0.2, δ = 0.01, λ = 0.95…).
//! Twenty questions is `[env]` with `type = "twenty-questions"` (see [`PgEnv`]).

mod env;
mod learners;

use serde::{Deserialize, Serialize};

pub use env::{
    MAX_EXTRA_QUESTIONS, MAX_TURNS, PG_ENV_TYPES, PgEnv, QUESTION_BITS, QUESTION_ITEMS,
    TwentyQuestionsEnv,
};
pub use learners::{Baseline, Lambdas, PgLearner, PolicyKind, Sampling, Supervision};

use super::{GridEnv, ScenarioError, Validator, current_version};
use crate::gridworld::Grid;

/// The most learners one lab compares.
pub const PG_MAX_LEARNERS: usize = 8;
/// Policy updates per run.
pub const PG_MAX_ITERATIONS: usize = 5_000;
pub const PG_MAX_RUNS: usize = 1_000;
/// Episodes per update.
pub const PG_MAX_BATCH: usize = 1_024;
/// Units in the MLP policy's hidden layer.
pub const PG_MAX_HIDDEN: usize = 256;
pub const PG_MAX_EPOCHS: usize = 100;
pub const PG_MAX_MINIBATCHES: usize = 64;
pub const PG_MAX_CG_ITERS: usize = 100;
pub const PG_MAX_GROUP: usize = 256;
/// Transitions one Monte Carlo estimate may spend per iteration.
pub const PG_MAX_BUDGET: usize = 1_000_000;
/// The most transitions one learner may sample: runs × iterations × batch ×
/// env.episode_cap (an upper bound: most episodes end sooner), or runs × iterations ×
/// budget for an estimator.
pub const PG_MAX_TRANSITIONS: usize = 100_000_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PgScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    pub seed: u64,
    /// Policy updates per run.
    #[serde(default = "default_iterations")]
    pub iterations: usize,
    /// Independent runs averaged in every curve.
    #[serde(default = "default_runs")]
    pub runs: usize,
    pub env: PgEnv,
    pub learners: Vec<PgLearner>,
}

/// A map compiles, and with γ = 1 every cell can reach a terminal one: a softmax policy
/// tries every move, so it ends its episodes exactly then; otherwise its return is
/// undefined.
fn validate_map(env: &GridEnv) -> Result<(), ScenarioError> {
    let grid = Grid::compile(env)?;
    if env.gamma == 1.0
        && let Some(s) = grid.first_state_stuck_under(|_, _| true)
    {
        let (r, c) = grid.cell_of(s);
        return Err(ScenarioError::invalid(
            "env.gamma",
            1,
            format!(
                "below 1 on a map with a cell that cannot reach any terminal cell (row {}, \
                 column {}): undiscounted returns there never end",
                r + 1,
                c + 1
            ),
        ));
    }
    Ok(())
}

fn default_iterations() -> usize {
    200
}
fn default_runs() -> usize {
    10
}

impl PgScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("iterations", self.iterations, 1, PG_MAX_ITERATIONS)?;
        v.count("runs", self.runs, 1, PG_MAX_RUNS)?;
        v.count("learners", self.learners.len(), 1, PG_MAX_LEARNERS)
            .map_err(|_| {
                ScenarioError::invalid(
                    "learners",
                    format!("{} learners", self.learners.len()),
                    format!("1 to {PG_MAX_LEARNERS} learners"),
                )
            })?;
        match &self.env {
            PgEnv::Grid(env) => validate_map(env)?,
            PgEnv::TwentyQuestions(q) => q.validate()?,
        }
        for (i, l) in self.learners.iter().enumerate() {
            l.validate(i)?;
            self.validate_work(i, l)?;
        }
        v.custom_labels(self.learners.iter().map(|l| l.custom_label()))
    }

    /// The work a learner asks for stays within what a browser tab can do.
    fn validate_work(&self, i: usize, l: &PgLearner) -> Result<(), ScenarioError> {
        let per_update = match *l {
            PgLearner::McEvaluation { budget, .. } => budget,
            _ => l.sampling().batch * self.env.episode_cap(),
        };
        let total = self.runs * self.iterations * per_update;
        let runs_allowed = PG_MAX_TRANSITIONS / (self.iterations * per_update).max(1);
        Validator::new("").rule(
            total <= PG_MAX_TRANSITIONS,
            "runs",
            self.runs,
            &format!(
                "runs × iterations × transitions per update ≤ {PG_MAX_TRANSITIONS} \
                 (learners[{i}] may sample up to {per_update} per update: batch × \
                 env.episode_cap (a game's turns), or its budget; so at most {runs_allowed} \
                 runs of {} \
                 iterations)",
                self.iterations
            ),
        )
    }

    /// Curve labels, made unique by numbering repeats ("PPO ε=0.2, 4 epochs", "PPO ε=0.2, 4 epochs #2").
    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.learners.iter().map(|l| l.label()))
    }
}
