//! Runs every Bayesian-optimisation preset (or those whose name contains the first
//! argument) and prints its regret curves, its time and its checks: where the numbers in
//! the presets' notices come from. `cargo run --release -p playground-bayesopt --example presets`
use playground_bayesopt::BayesoptExperiment;
use playground_core::{Experiment, Scenario, presets};
fn main() {
    let only = std::env::args().nth(1);
    for p in presets::for_kind("bayesopt") {
        if only.as_ref().is_some_and(|o| !p.name.contains(o.as_str())) {
            continue;
        }
        let Scenario::Bayesopt(s) = p.scenario() else {
            panic!()
        };
        let t0 = std::time::Instant::now();
        let mut e = BayesoptExperiment::new(&s).unwrap();
        e.run_to_end();
        let dt = t0.elapsed();
        println!("== {} ({:.2?}) div={:?}", p.name, dt, e.divergence());
        for l in &e.series().learners {
            let sr = &l.metrics[0];
            let cr = &l.metrics[1];
            let pick = |v: &Vec<f64>, i: usize| v[i.min(v.len() - 1)];
            println!(
                "  {:32} simple@1 {:.4} @5 {:.4} @10 {:.4} end {:.4}±{:.4}  cum end {:.3}",
                l.label,
                pick(&sr.mean, 0),
                pick(&sr.mean, 4),
                pick(&sr.mean, 9),
                sr.mean.last().unwrap(),
                sr.ci95.last().unwrap(),
                cr.mean.last().unwrap()
            );
        }
        let t1 = std::time::Instant::now();
        for c in e.checks() {
            println!(
                "  [{}] {}: {}",
                if c.passed { "ok" } else { "FAIL" },
                c.name,
                c.detail
            );
        }
        println!("  checks {:.2?}", t1.elapsed());
    }
}
