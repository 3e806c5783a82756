//! The Bandit Arena: k-armed bandit environments, agents, the experiment that runs them
//! side by side, and the exact answers its Verify panel checks against.
//!
//! The experiment steps the runs of a block together, arm by arm across the runs in SIMD
//! lanes (`playground_core::lanes`; `agent_lanes.rs`, `env.rs`), each run with its own
//! random streams: the numbers are those of stepping one run at a time, bit for bit, on
//! every platform. Its own crate so that the web build can compile this engine for speed
//! (its loops need the vectorisers) and the rest of the core for size.

mod adversary;
pub mod agent;
mod agent_lanes;
pub mod bounds;
mod checks;
mod env;
mod experiment;
pub mod posterior;
mod simd;

pub use experiment::{AVG_REWARD, ArmStats, BanditExperiment, PCT_OPTIMAL, REGRET};
pub use posterior::Posterior;
pub use simd::Simd;

/// Tags that keep every random stream of a run apart: (seed, [run, TAG, agent]).
mod streams {
    pub const ENV: u64 = 0xE;
    pub const WALK: u64 = 0xD;
    pub const AGENT: u64 = 0xA;
    pub const NOISE: u64 = 0xB;
}

/// Fingerprints of every preset, shortened to 200 steps × 8 runs: the numbers that must be
/// bit-identical on native and wasm32 (see `Series::fingerprint`).
pub fn reference_fingerprints() -> Vec<(&'static str, u64)> {
    use playground_core::experiment::Experiment;
    playground_core::presets::for_kind("bandit")
        .map(|p| {
            let playground_core::Scenario::Bandit(mut b) = p.scenario() else {
                unreachable!("bandit presets hold bandit scenarios")
            };
            b.steps = 200;
            b.runs = 8;
            let mut e = BanditExperiment::new(b);
            e.run_to_end();
            (p.name, e.series().fingerprint())
        })
        .collect()
}

/// The benchmark experiment (bench/bandit_bench.sh): the 10-armed testbed, 2000 runs ×
/// 1000 steps, for ε-greedy, UCB and Gaussian Thompson sampling, one agent at a time. The
/// native example, the wasm benchmark page and the NumPy script all run exactly this.
pub fn benchmark_scenarios() -> Vec<(&'static str, playground_core::scenario::BanditScenario)> {
    [
        ("epsilon-greedy", "type = \"epsilon-greedy\"\nepsilon = 0.1"),
        ("ucb", "type = \"ucb\"\nc = 2.0"),
        ("thompson", "type = \"thompson-gaussian\""),
    ]
    .into_iter()
    .map(|(name, agent)| {
        let text = format!(
            "kind = \"bandit\"\nseed = 1\nsteps = 1000\nruns = 2000\n\
             [env]\ntype = \"gaussian-testbed\"\n[[agents]]\n{agent}\n"
        );
        match playground_core::Scenario::from_toml(&text) {
            Ok(playground_core::Scenario::Bandit(b)) => (name, b),
            _ => unreachable!("the benchmark scenarios are valid bandit scenarios"),
        }
    })
    .collect()
}
