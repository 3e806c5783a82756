//! The Bayesian Optimisation Playground (`kind = "bayesopt"`): a Gaussian process on a
//! 1-D or 2-D objective, acquisition rules side by side, and preferential BO from duels.
//!
//! Everything is minimised and every acquisition is maximised exactly over a fixed grid,
//! so a scenario and seed give bit-identical numbers natively and in wasm.
//!
//! - [`objective`]: the functions, their grids and published optima.
//! - [`kernel`], [`linalg`], [`gp`]: the Gaussian process and its posterior.
//! - [`fit`]: hyperparameters by Newton ascent of the log marginal likelihood.
//! - [`acquisition`]: EI, PI, UCB, πBO's weighting and the (μ, s) Pareto front.
//! - [`thompson`]: posterior samples on the grid (Matheron's rule).
//! - [`preferential`]: the latent-utility GP from duels, Laplace and MCMC.
//! - [`learner`]: one learner in one run: what it queries next.
//! - [`experiment`]: the [`BayesoptExperiment`]; [`checks`]: its Verify panel.

pub mod acquisition;
pub mod checks;
pub mod dense;
pub mod experiment;
pub mod fit;
pub mod gp;
pub mod kernel;
pub mod learner;
pub mod linalg;
pub mod objective;
pub mod preferential;
pub mod thompson;

pub use experiment::{
    BayesoptExperiment, CUMULATIVE_REGRET, Duel, METRICS, PendingDuel, SIMPLE_REGRET, View,
};

/// Fingerprints of every Bayesian-optimisation preset, shortened to 4 steps × 2 runs: the
/// numbers that must be bit-identical natively and in wasm32 (see
/// `playground_core::Series::fingerprint`; `tests/data/fingerprints.txt` records them).
pub fn reference_fingerprints() -> Vec<(&'static str, u64)> {
    use playground_core::experiment::Experiment;
    playground_core::presets::for_kind("bayesopt")
        .filter_map(|p| {
            let playground_core::Scenario::Bayesopt(mut s) = p.scenario() else {
                return None;
            };
            s.steps = s.steps.min(4);
            s.runs = s.runs.min(2);
            let mut e = BayesoptExperiment::new(&s).ok()?;
            e.run_to_end();
            Some((p.name, e.series().fingerprint()))
        })
        .collect()
}
