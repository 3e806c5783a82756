//! Policy-gradient learners and their experiment on any finite MDP: the engine of the
//! Policy-Gradient Lab, "REINFORCE → GAE → TRPO → PPO → SPO/GRPO".
//!
//! - [`task`]: what an experiment runs on (an MDP, its map, what the policy sees, what an
//!   MLP reads, the turn rewards of process supervision); [`questions`]: twenty
//!   questions, the task where the policy sees the answers but not the hidden number.
//! - [`policy`]: softmax tables (per state, or one for all states) and an MLP, with the one
//!   primitive every learner uses: ∇θ Σ w ln π(a|s).
//! - [`rollout`], [`advantage`], [`critic`]: episodes, returns, TD errors, GAE(λ) with a
//!   separate λ for the critic, a tabular value function.
//! - [`learners`]: REINFORCE (three baselines), RLOO, actor-critic, GAE, PPO, PPO-KL, SPO,
//!   GRPO, and a Monte Carlo estimator; [`trpo`]: TRPO's natural-gradient step.
//! - [`exact`]: J, d^π, V^π, Q^π, the exact policy gradient and the optimum, by linear
//!   solves (one pass when every transition goes forward); [`checks`]: the Verify panel,
//!   comparing the learners with those.
//! - [`experiment`]: [`PgExperiment`], the `Experiment` the web page and the CLI run.

pub mod advantage;
pub mod checks;
pub mod critic;
pub mod exact;
pub mod experiment;
pub mod learners;
pub mod linalg;
pub mod policy;
pub mod questions;
pub mod rollout;
pub mod task;
pub mod trpo;

pub use experiment::{PgExperiment, build};
pub use policy::{Policy, ProbTable};
pub use task::{PgError, Task};

/// Tags that keep every random stream of a run apart: (seed, [run, TAG]). No learner
/// index: every learner of a run draws the same numbers (common random numbers).
pub mod streams {
    /// Start states, actions and rewards of the episodes.
    pub const ROLLOUT: u64 = 0x52;
    /// Minibatch shuffles.
    pub const SHUFFLE: u64 = 0x53;
    /// The MLP's initial weights.
    pub const INIT: u64 = 0x49;
    /// Samples drawn by the Verify panel (not per run).
    pub const CHECK: u64 = 0xC4;
}

/// Fingerprints of every policy-gradient preset, shortened to 10 updates × 3 runs: the
/// numbers that must be bit-identical natively and in wasm32 (see
/// `playground_core::Series::fingerprint`; `tests/data/fingerprints.txt` records them).
pub fn reference_fingerprints() -> Vec<(&'static str, u64)> {
    use playground_core::experiment::Experiment;
    playground_core::presets::for_kind("policy-gradient")
        .filter_map(|p| {
            let playground_core::Scenario::PolicyGradient(mut s) = p.scenario() else {
                return None;
            };
            s.iterations = s.iterations.min(10);
            s.runs = s.runs.min(3);
            let mut e = build(&s).ok()?;
            e.run_to_end();
            Some((p.name, e.series().fingerprint()))
        })
        .collect()
}
