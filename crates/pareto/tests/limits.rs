//! The largest scenarios the limits allow stay fast enough for a browser tab: every
//! learner type at its biggest, on the biggest environments, for the most steps.

mod common;

use playground_core::Experiment;
use playground_core::scenario::{PARETO_MAX_POINTS, PARETO_MAX_STEPS, PARETO_MAX_WEIGHTS};

fn largest(env: &str) -> String {
    let mut text =
        format!("kind = \"pareto\"\nseed = 1\nsteps = {PARETO_MAX_STEPS}\n[env]\n{env}\n");
    for learner in [
        format!("type = \"soup\"\npoints = {PARETO_MAX_POINTS}"),
        format!("type = \"conditioned\"\npoints = {PARETO_MAX_POINTS}"),
        format!("type = \"soup\"\nbeta = 1\npoints = {PARETO_MAX_POINTS}"),
        format!("type = \"linear\"\nweights = {PARETO_MAX_WEIGHTS}"),
        format!("type = \"chebyshev\"\nweights = {PARETO_MAX_WEIGHTS}"),
        "type = \"hypervolume\"".to_string(),
        "type = \"maxmin\"".to_string(),
        "type = \"single-reward\"".to_string(),
    ] {
        text.push_str(&format!("[[learners]]\n{learner}\n"));
    }
    text
}

#[test]
fn the_largest_scenarios_run_in_seconds() {
    // A 12 × 12 open sea with treasures along the far edge, horizon 100: about a thousand
    // outcomes; and the largest response toy.
    let mut map: Vec<String> = vec!["S...........".into()];
    map.extend((1..11).map(|_| "............".to_string()));
    map.push("ABCDEFGHIJ..".into());
    let rows: Vec<String> = map.iter().map(|r| format!("\"{r}\"")).collect();
    let grid = format!(
        "type = \"treasure-map\"\nmap = [{}]\ntreasures = [1, 2, 3, 5, 8, 16, 24, 50, 74, 124]\nhorizon = 100",
        rows.join(", ")
    );
    for env in [
        grid,
        "type = \"helpful-harmless\"\nresponses = 128".to_string(),
    ] {
        let s = common::scenario(&largest(&env));
        let start = std::time::Instant::now();
        let mut e = common::run(&s);
        let run = start.elapsed().as_secs_f64();
        let checks = e.checks();
        let total = start.elapsed().as_secs_f64();
        println!(
            "{} outcomes: run {run:.2} s, with checks {total:.2} s",
            e.problem().outcomes.len()
        );
        assert!(checks.iter().all(|c| c.passed), "{checks:?}");
        assert!(e.is_done() && e.work(1) == 0);
        // Debug build with optimised numeric crates; release is faster still.
        assert!(total < 60.0, "{total}");
    }
}

#[test]
fn the_most_extreme_settings_stay_finite() {
    // The largest rewards, the smallest β, the largest step η·β = 1, and a small β with
    // the largest η: no learner's numbers can blow up, so none needs a divergence stop.
    let env = "type = \"bandit\"\narms = [[1000, -1000], [-1000, 1000], [0, 0]]";
    for (beta, eta) in [(0.001, 10.0), (0.1, 10.0), (100.0, 0.01), (1.0, 1.0)] {
        let mut text = format!("kind = \"pareto\"\nseed = 3\nsteps = 300\n[env]\n{env}\n");
        for t in ["soup", "conditioned", "maxmin", "single-reward"] {
            text.push_str(&format!(
                "[[learners]]\ntype = \"{t}\"\nbeta = {beta}\nlearning_rate = {eta}\n"
            ));
        }
        let e = common::run(&common::scenario(&text));
        assert!(e.divergence().is_none());
        for l in &e.series().learners {
            for m in &l.metrics {
                assert!(
                    m.mean.iter().all(|x| x.is_finite()),
                    "β={beta} η={eta}: {} {}",
                    l.label,
                    m.name
                );
            }
        }
        for c in e.checks() {
            assert!(c.passed, "β={beta} η={eta}: {}: {}", c.name, c.detail);
        }
    }
}
