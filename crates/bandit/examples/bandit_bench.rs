//! The Bandit Arena benchmark, native: agent-steps per second of
//! `bandit::benchmark_scenarios()` (10-armed testbed, 2000 runs × 1000 steps), one agent at
//! a time, best of seven (a run lasts a twentieth of a second: a shared machine's hiccup
//! is as long), with the widest instruction set the processor has. Prints one
//! JSON line per agent (bench/bandit_bench.sh reads them).
//!
//! `cargo run --release -p playground-bandit --example bandit_bench` (`AGENT=ucb` times one
//! agent only, for A/B runs and profiles; `SIMD=all` times each instruction set the
//! processor has, narrowest first, which is how the page's WebAssembly, two doubles to a
//! vector, compares with native code of the same width).

use std::time::Instant;

use playground_bandit::{BanditExperiment, Simd, benchmark_scenarios};
use playground_core::experiment::Experiment;

fn main() {
    let sets = match std::env::var("SIMD") {
        Ok(all) if all == "all" => Simd::available(),
        _ => vec![Simd::widest()],
    };
    for simd in sets {
        for (name, scenario) in benchmark_scenarios()
            .into_iter()
            .filter(|(n, _)| std::env::var("AGENT").map_or(true, |a| a == *n))
        {
            let steps = (scenario.runs * scenario.steps) as f64;
            let mut best = f64::INFINITY;
            let mut reward = 0.0;
            for _ in 0..7 {
                let start = Instant::now();
                let mut e = BanditExperiment::new(scenario.clone()).with_simd(simd);
                e.run_to_end();
                best = best.min(start.elapsed().as_secs_f64());
                reward = *e.series().learners[0].metrics[0].mean.last().expect("ran");
            }
            println!(
                "{{\"agent\": \"{name}\", \"simd\": \"{}\", \"agent_steps\": {steps}, \"seconds\": {best}, \"agent_steps_per_s\": {}, \"final_avg_reward\": {reward}}}",
                simd.name(),
                steps / best
            );
        }
    }
}
