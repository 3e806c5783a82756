use playground_core::{Experiment, Scenario};
use playground_lm::align::AlignExperiment;

fn main() {
    let path = std::env::args().nth(1).expect("a scenario file");
    let text = std::fs::read_to_string(path).unwrap();
    let Scenario::LmAlignment(s) = Scenario::from_text(&text).unwrap() else {
        panic!()
    };
    let t0 = std::time::Instant::now();
    let mut e = AlignExperiment::new(s).unwrap();
    e.run_to_end();
    println!("{:?} halted {:?}", t0.elapsed(), e.halted());
    let f = e.frontier();
    for p in f.iter().step_by(6) {
        println!(
            "frontier β={:.3} kl={:.3} gold={:.3}",
            p.beta, p.kl, p.reward
        );
    }
    for l in &e.series().learners {
        let row = |name: &str| {
            l.metric(name)
                .map(|m| {
                    let v = &m.mean;
                    format!(
                        "{name}: {:.3} → {:.3} → {:.3}",
                        v[0],
                        v[v.len() / 2],
                        v[v.len() - 1]
                    )
                })
                .unwrap_or_default()
        };
        println!(
            "{}\n  {}\n  {}\n  {}\n  {}",
            l.label,
            row("kl_exact"),
            row("gold_reward_exact"),
            row("proxy_reward_exact"),
            row("loss")
        );
    }
    for c in e.checks() {
        println!(
            "{} {} {}",
            if c.passed { "PASS" } else { "FAIL" },
            c.name,
            c.detail
        );
    }
    println!("{:?}", e.samples(Some(0), 4, 1));
    println!("{:?}", e.samples(None, 4, 1));
}
