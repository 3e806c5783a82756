//! Train the "Watch a transformer learn" scenario on the CPU and print the loss against
//! the exact floor, samples and the checks.
//!
//! Run: `cargo run --release -p playground-lm --example watch_transformer -- [seed] [steps]`.

use playground_core::Experiment;
use playground_core::scenario::LmScenario;
use playground_lm::LmExperiment;
use playground_nn::sample::Sampling;

fn main() {
    let mut args = std::env::args().skip(1);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut scenario = LmScenario::with_defaults(seed);
    if let Some(steps) = args.next().and_then(|s| s.parse().ok()) {
        scenario.steps = steps;
    }
    let mut exp = LmExperiment::new(scenario).expect("valid scenario");
    println!("entropy rate {:.4} nats/token", exp.entropy_rate());
    let start = std::time::Instant::now();
    while !exp.is_done() {
        exp.work(100);
        println!(
            "step {:5}  loss {:.4}",
            exp.t(),
            exp.recent_loss().unwrap_or(f64::NAN)
        );
    }
    println!(
        "{:.1} steps/s",
        exp.t() as f64 / start.elapsed().as_secs_f64()
    );
    println!("held-out loss {:.4}", exp.eval_loss(20, 9).expect("eval"));
    println!(
        "model: {:?}",
        exp.sample_model(40, Sampling::default(), 1)
            .expect("sample")
    );
    println!("chain: {:?}", exp.sample_chain(40, 1));
    for c in exp.checks() {
        println!(
            "[{}] {}: {}",
            if c.passed { "ok" } else { "FAIL" },
            c.name,
            c.detail
        );
    }
}
