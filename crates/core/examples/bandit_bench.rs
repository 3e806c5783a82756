//! The Bandit Arena benchmark, native: agent-steps per second on the 10-armed testbed
//! (2000 runs × 1000 steps) for ε-greedy, UCB and Gaussian Thompson sampling, one agent at
//! a time, best of three. Prints one JSON line per agent (bench/bandit_bench.sh reads them).
//!
//! `cargo run --release -p playground-core --example bandit_bench`

use std::time::Instant;

use playground_core::Scenario;
use playground_core::bandit::BanditExperiment;
use playground_core::experiment::Experiment;

pub const AGENTS: [(&str, &str); 3] = [
    ("epsilon-greedy", "type = \"epsilon-greedy\"\nepsilon = 0.1"),
    ("ucb", "type = \"ucb\"\nc = 2.0"),
    ("thompson", "type = \"thompson-gaussian\""),
];

fn scenario(agent: &str) -> playground_core::scenario::BanditScenario {
    let text = format!(
        "kind = \"bandit\"\nseed = 1\nsteps = 1000\nruns = 2000\n[env]\ntype = \"gaussian-testbed\"\n[[agents]]\n{agent}\n"
    );
    let Scenario::Bandit(b) = Scenario::from_toml(&text).expect("valid") else {
        unreachable!()
    };
    b
}

fn main() {
    for (name, spec) in AGENTS {
        let mut best = f64::INFINITY;
        let mut reward = 0.0;
        for _ in 0..3 {
            let start = Instant::now();
            let mut e = BanditExperiment::new(scenario(spec));
            e.run_to_end();
            best = best.min(start.elapsed().as_secs_f64());
            reward = *e.series().learners[0].metrics[0].mean.last().expect("ran");
        }
        let steps = 2000.0 * 1000.0;
        println!(
            "{{\"agent\": \"{name}\", \"agent_steps\": {steps}, \"seconds\": {best}, \"agent_steps_per_s\": {}, \"final_avg_reward\": {reward}}}",
            steps / best
        );
    }
}
