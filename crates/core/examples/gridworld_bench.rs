//! The Gridworld Lab benchmark, native: Q-learning environment steps per second on the
//! slippery 8×8 lake (`gridworld::benchmark_scenario()`: 100 runs × 2000 episodes), the
//! whole experiment as the page runs it (episodes, series, bookkeeping), best of three.
//! Prints one JSON line (bench/gridworld_bench.sh reads it).
//!
//! `cargo run --release -p playground-core --example gridworld_bench`

use std::time::Instant;

use playground_core::experiment::Experiment;
use playground_core::gridworld::{GridExperiment, RETURN, benchmark_scenario};

fn main() {
    let Some(scenario) = benchmark_scenario() else {
        eprintln!("the benchmark preset is missing");
        std::process::exit(2);
    };
    let (runs, episodes) = (scenario.runs as f64, scenario.episodes as f64);
    let mut best = f64::INFINITY;
    let (mut steps, mut late_return) = (0.0, 0.0);
    for _ in 0..3 {
        let start = Instant::now();
        let Ok(mut e) = GridExperiment::new(scenario.clone()) else {
            eprintln!("the benchmark scenario is invalid");
            std::process::exit(2);
        };
        e.run_to_end();
        best = best.min(start.elapsed().as_secs_f64());
        // Every step arrives somewhere and every episode starts somewhere: visits count both.
        let visits: f64 = e.visits(0).unwrap_or_default().iter().sum();
        steps = (visits - episodes) * runs;
        let returns = &e.series().learners[0]
            .metric(RETURN)
            .map(|m| m.mean.clone())
            .unwrap_or_default();
        late_return = returns.iter().rev().take(200).sum::<f64>() / 200.0;
    }
    println!(
        "{{\"impl\": \"native\", \"env_steps\": {steps}, \"seconds\": {best}, \"env_steps_per_s\": {}, \"last_200_return\": {late_return}}}",
        steps / best
    );
}
