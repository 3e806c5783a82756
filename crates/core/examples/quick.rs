use playground_core::{Experiment, Scenario, bandit::BanditExperiment};
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let Scenario::Bandit(b) = Scenario::from_toml(&text).unwrap();
    let t0 = std::time::Instant::now();
    let mut e = BanditExperiment::new(b);
    e.run_to_end();
    let dt = t0.elapsed().as_secs_f64();
    for l in &e.series().learners {
        let m = |n: &str| *l.metric(n).unwrap().mean.last().unwrap();
        println!(
            "{:30} avg_reward {:.3} pct_opt {:.1} regret {:.1}",
            l.label,
            m("avg_reward"),
            m("pct_optimal"),
            m("regret")
        );
    }
    for c in e.checks() {
        println!(
            "{} {} — {}",
            if c.passed { "PASS" } else { "FAIL" },
            c.name,
            c.detail
        );
    }
    println!("{dt:.2}s");
}
