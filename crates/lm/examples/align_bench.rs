//! Speed of the Tiny-LM Alignment Lab natively: aligned steps per second of DPO and PPO at
//! the default size on the CPU backend and on the GPU backend (whatever adapter opens
//! here; on a machine without a GPU that is a software rasteriser, a correctness path),
//! their ratio, and how long a DPO run takes to come within 5% of the frontier.
//! Run through `bench/lm_alignment.sh`.

use std::time::Instant;

use playground_core::{Experiment, Scenario};
use playground_lm::align::AlignExperiment;
use playground_nn::Backend;
use playground_nn::Cpu;
use playground_nn::backend::gpu::Gpu;

fn scenario(learner: &str, steps: usize) -> playground_core::scenario::AlignScenario {
    let text =
        format!("kind = \"lm-alignment\"\nseed = 1\nsteps = {steps}\n[[learners]]\n{learner}\n");
    match Scenario::from_toml(&text).expect("a valid scenario") {
        Scenario::LmAlignment(a) => a,
        _ => unreachable!(),
    }
}

/// Steps per second over `seconds` of work (after the setup and one warm-up step).
fn steps_per_s<B: Backend>(learner: &str, backend: B, seconds: f64) -> f64 {
    let mut e = AlignExperiment::with_backend(scenario(learner, 20_000), backend).unwrap();
    e.step();
    e.step();
    let (start, t0) = (Instant::now(), e.t());
    while start.elapsed().as_secs_f64() < seconds && !e.is_done() {
        e.step();
    }
    (e.t() - t0) as f64 / start.elapsed().as_secs_f64()
}

/// The first step (and the seconds to it) at which the learner's gold reward is within
/// 5% of the frontier's at its KL, measured on the frontier's range above π_ref.
fn to_frontier(learner: &str, steps: usize) -> Option<(usize, f64, f64, f64)> {
    let start = Instant::now();
    let mut e = AlignExperiment::new(scenario(learner, steps)).unwrap();
    let mut reference = None;
    while !e.is_done() {
        e.step();
        let f = e.finals();
        let label = &e.labels()[0];
        let (kl, gold) = (
            f[label]["kl_exact"].as_f64()?,
            f[label]["gold_reward_exact"].as_f64()?,
        );
        let r = *reference.get_or_insert(f["reference"]["gold_reward_exact"].as_f64()?);
        let best = e.frontier_at(kl)?;
        if best - gold <= 0.05 * (best - r) && kl > 0.1 {
            return Some((e.t(), start.elapsed().as_secs_f64(), kl, gold));
        }
    }
    None
}

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let learners = [("DPO", "type = \"dpo\""), ("PPO", "type = \"ppo\"")];
    let gpu = Gpu::new_blocking().ok();
    let name = gpu.as_ref().map_or("none".into(), |g| {
        format!(
            "{}{}",
            g.describe(),
            if g.is_software() { " (software)" } else { "" }
        )
    });
    println!("aligned steps/s at the default size (4-word responses, batch 32); GPU: {name}");
    println!(
        "{:<6} {:>10} {:>10} {:>8}",
        "method", "CPU", "GPU", "GPU/CPU"
    );
    for (label, spec) in learners {
        let cpu = steps_per_s(spec, Cpu::<f32>::new(), seconds);
        let on_gpu = gpu.as_ref().map(|g| steps_per_s(spec, g.clone(), seconds));
        match on_gpu {
            Some(g) => println!("{label:<6} {cpu:>10.1} {g:>10.1} {:>8.2}", g / cpu),
            None => println!("{label:<6} {cpu:>10.1} {:>10} {:>8}", "–", "–"),
        }
    }
    println!("\nDPO to within 5% of the frontier (CPU, one thread):");
    for spec in [
        "type = \"dpo\"\nbeta = 0.1\nlearning_rate = 0.01",
        "type = \"online-dpo\"\nbeta = 0.5\nlearning_rate = 0.01",
    ] {
        let what = spec.replace('\n', ", ");
        match to_frontier(spec, 400) {
            Some((t, s, kl, gold)) => {
                println!("  {what}: step {t}, {s:.2} s (KL {kl:.2}, gold {gold:.2})")
            }
            None => println!("  {what}: not within 5% in 400 steps"),
        }
    }
}
