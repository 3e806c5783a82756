use playground_bayesopt::BayesoptExperiment;
use playground_core::{Experiment, Scenario, presets};
fn main() {
    let p = presets::find("bayesopt-preferential-skew").unwrap();
    let Scenario::Bayesopt(s) = p.scenario() else { panic!() };
    let mut e = BayesoptExperiment::new(&s).unwrap();
    e.run_to_end();
    for l in 0..2 {
        let st = e.state(l, 0);
        println!("learner {l} points {:?}", st.points);
        for d in &st.duels {
            let v = e.objective_on_grid();
            println!("  a {:3} f {:7.3} | b {:3} f {:7.3} | a_won {}", d.a, v[d.a], d.b, v[d.b], d.a_won);
        }
    }
}
