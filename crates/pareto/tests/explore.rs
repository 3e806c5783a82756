use playground_core::{Experiment, Scenario};
use playground_pareto::ParetoExperiment;

#[test]
fn explore() {
    for name in ["pareto-deep-sea-treasure", "pareto-deep-sea-treasure-convex", "pareto-rewarded-soups", "pareto-maxmin-rlhf", "pareto-treasure-map"] {
        let text = std::fs::read_to_string(format!("{}/../core/presets/{name}.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let Scenario::Pareto(s) = Scenario::from_toml(&text).unwrap() else { panic!() };
        let t0 = std::time::Instant::now();
        let mut e = ParetoExperiment::new(&s).unwrap();
        e.run_to_end();
        println!("=== {name} {:?}", t0.elapsed());
        for c in e.checks() { println!("  [{}] {}: {}", c.passed, c.name, c.detail); }
        for (k, v) in e.finals() {
            let mut v = v.clone();
            for key in ["front", "supported", "policy", "weights", "picks", "optimum_points"] { if let Some(o) = v.as_object_mut() { if key != "front" || true { o.remove(key); } } }
            println!("  {k}: {v}");
        }
        for l in &e.series().learners {
            for m in &l.metrics { println!("   {} {} first {:.4} mid {:.4} last {:.4}", l.label, m.name, m.mean[0], m.mean[m.mean.len()/2], m.mean[m.mean.len()-1]); }
        }
    }
}
