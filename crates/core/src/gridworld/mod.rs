//! The Gridworld Lab: maps compiled into MDPs, dynamic programming, tabular learners, the
//! experiment that runs them side by side, and the exact answers its Verify panel checks.
//!
//! - [`map`]: [`Grid::compile`] turns a [`GridEnv`](crate::scenario::GridEnv) into a
//!   [`Grid`] (geometry, cell kinds, state numbering) and its [`Mdp`](crate::mdp::Mdp).
//! - [`dp`] and [`linear`]: Bellman operators, the planners, exact evaluation.
//! - [`explore`], [`bonus`], [`td`]: action selection, reward shaping and the TD update,
//!   shared by every learner that learns from experience ([`agent`], [`psrl`]).
//! - [`novelty`]: the episodic novelty bonus and the (state, visited set) table (SOFE).
//! - [`GridExperiment`]: the [`Experiment`](crate::Experiment) the page and the CLI run.

pub mod agent;
pub mod bonus;
mod checks;
pub mod dp;
mod experiment;
pub mod explore;
pub mod linear;
pub mod map;
pub mod novelty;
pub mod policy;
pub mod psrl;
mod shares;
pub mod td;

pub use experiment::{COVERAGE, GridExperiment, RESIDUAL, RETURN, START_VALUE};
pub use map::{CellKind, Grid};
pub use policy::Policy;

/// Tags that keep a run's random streams apart: (seed, [run, TAG]). No learner index: see
/// [`agent`] (common random numbers).
mod streams {
    pub const ENV: u64 = 0xE;
    pub const ACT: u64 = 0xA;
    pub const PSRL: u64 = 0x9;
}

/// Fingerprints of every gridworld preset, shortened to 20 episodes × 3 runs: numbers that
/// must be bit-identical on native and wasm32 (see `Series::fingerprint`). Planners run
/// to the end (they are deterministic and quick).
pub fn reference_fingerprints() -> Vec<(&'static str, u64)> {
    use crate::experiment::Experiment;
    crate::presets::for_kind("gridworld")
        .filter_map(|p| {
            let crate::Scenario::Gridworld(mut g) = p.scenario() else {
                return None;
            };
            g.episodes = 20;
            g.runs = 3;
            let mut e = GridExperiment::new(g).ok()?;
            e.run_to_end();
            Some((p.name, e.series().fingerprint()))
        })
        .collect()
}

/// The benchmark experiment (bench/gridworld_bench.sh): Q-learning alone (ε = 0.1,
/// α = 0.1, Q₀ = 0) on the slippery-lake preset's map (γ = 0.99, 200-step cap), 100 runs ×
/// 2000 episodes. The native example and bench/gridworld_numpy.py run exactly this.
pub fn benchmark_scenario() -> Option<crate::scenario::GridScenario> {
    let preset = crate::presets::find("grid-slippery-lake")?;
    let crate::Scenario::Gridworld(mut g) = preset.scenario() else {
        return None;
    };
    g.runs = 100;
    g.episodes = 2000;
    g.learners = vec![crate::scenario::GridLearner::QLearning(
        crate::scenario::TdSpec::default(),
    )];
    Some(g)
}
