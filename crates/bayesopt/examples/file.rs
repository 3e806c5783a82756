use playground_bayesopt::BayesoptExperiment;
use playground_core::{Experiment, Scenario};
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let Scenario::Bayesopt(s) = Scenario::from_toml(&text).unwrap() else { panic!() };
        let t0 = std::time::Instant::now();
        let mut e = BayesoptExperiment::new(&s).unwrap();
        e.run_to_end();
        println!("== {path} ({:.2?})", t0.elapsed());
        for l in &e.series().learners {
            let sr = &l.metrics[0];
            let row: Vec<String> = [0usize, 2, 4, 9, 14, 19, 29, 39].iter().filter(|&&i| i < sr.mean.len()).map(|&i| format!("{:.3}", sr.mean[i])).collect();
            println!("  {:28} {}  (±{:.3})", l.label, row.join(" "), sr.ci95.last().unwrap());
        }
    }
}
