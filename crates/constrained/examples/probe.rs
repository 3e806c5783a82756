use playground_constrained::ConstrainedExperiment;
use playground_constrained::experiment::*;
use playground_core::{Experiment, Scenario};

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let s = Scenario::from_toml(&std::fs::read_to_string(path).unwrap()).unwrap();
    let Scenario::Constrained(c) = s else {
        panic!()
    };
    let mut e = ConstrainedExperiment::new(&c).unwrap();
    e.run_to_end();
    let o = e.optimum();
    println!(
        "λ*={:.4} reward={:.4} cost={:.4} kl={:.4} obj={:.4}",
        o.lambda, o.reward, o.cost, o.kl, o.objective
    );
    for ch in e.checks() {
        println!(
            "{} {} — {}",
            if ch.passed { "PASS" } else { "FAIL" },
            ch.name,
            ch.detail
        );
    }
    for l in &e.series().learners {
        let m = |n: &str| l.metric(n).unwrap().mean.clone();
        let (d, c, la, r) = (m(DISTANCE), m(COST), m(LAMBDA), m(REWARD));
        let n = d.len();
        let marks: Vec<usize> = [n / 20, n / 10, n / 4, n / 2, 3 * n / 4, n - 1].to_vec();
        print!("{:<30}", l.label);
        for k in marks {
            print!(
                " t{}: d={:.4} c={:.3} r={:.3} λ={:.3} |",
                k + 1,
                d[k],
                c[k],
                r[k],
                la[k]
            );
        }
        println!();
    }
}
