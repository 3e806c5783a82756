use playground_core::gridworld::GridExperiment;
use playground_core::{Experiment, Scenario};
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let Scenario::Gridworld(g) = Scenario::from_toml(&text).unwrap_or_else(|e| panic!("{path}: {e}")) else { panic!() };
        let t0 = std::time::Instant::now();
        let mut e = GridExperiment::new(g).unwrap();
        e.run_to_end();
        println!("== {path} ({:.2}s) V*(start) = {:?}", t0.elapsed().as_secs_f64(), e.optimal_start_value());
        let f = e.finals();
        for (i, l) in e.series().learners.iter().enumerate() {
            let fin = &f[&l.label];
            print!("{:40}", l.label);
            if let Some(m) = l.metric("return") {
                let n = m.mean.len();
                let avg = |a: usize, b: usize| m.mean[a..b].iter().sum::<f64>() / (b - a) as f64;
                let q = n / 4;
                print!(" return q1 {:8.3} q2 {:8.3} q3 {:8.3} q4 {:8.3}", avg(0, q.max(1)), avg(q, 2 * q), avg(2 * q, 3 * q), avg(3 * q, n));
                let sv = &l.metric("start_value").unwrap().mean;
                print!(" | start_value q1 {:8.3} q4 {:8.3}", sv[q / 2], sv[n - 1]);
            }
            if let Some(m) = l.metric("residual") { print!(" sweeps {}", m.mean.len()); }
            println!();
            if std::env::var("SHOW").is_ok() {
                for row in fin["policy"].as_array().unwrap() { println!("   {}", row.as_str().unwrap()); }
                if let Some(v) = e.visits(i) { let g = e.grid(); for r in 0..g.rows() { println!("   {}", (0..g.cols()).map(|c| g.state_at(r,c).map_or("     #".into(), |s| format!("{:6.0}", v[s]))).collect::<String>()); } }
            }
        }
        for c in e.checks() { println!("  [{}] {} | {}", if c.passed {"ok"} else {"FAIL"}, c.name, c.detail); }
    }
}
