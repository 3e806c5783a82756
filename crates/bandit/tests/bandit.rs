//! The Bandit Arena end to end: determinism, behaviour, and checks on every preset.

use playground_bandit::{AVG_REWARD, BanditExperiment, PCT_OPTIMAL, REGRET};
use playground_core::presets;
use playground_core::scenario::BanditScenario;
use playground_core::{Experiment, Scenario};

fn bandit(s: Scenario) -> BanditScenario {
    match s {
        Scenario::Bandit(b) => b,
        _ => panic!("not a bandit scenario"),
    }
}

/// A preset shortened so debug-mode tests stay quick.
fn preset(name: &str, steps: usize, runs: usize) -> BanditScenario {
    let mut b = bandit(presets::find(name).unwrap().scenario());
    b.steps = steps;
    b.runs = runs;
    b
}

fn last(exp: &BanditExperiment, learner: usize, metric: &str) -> f64 {
    *exp.series().learners[learner]
        .metric(metric)
        .unwrap()
        .mean
        .last()
        .unwrap()
}

fn run(b: &BanditScenario) -> BanditExperiment {
    let mut e = BanditExperiment::new(b.clone());
    e.run_to_end();
    e
}

#[test]
fn results_do_not_depend_on_how_work_is_sliced() {
    // Every agent and every environment, sliced three ways.
    for name in [
        "bernoulli-regret",
        "nonstationary",
        "adversarial",
        "unequal-variances",
        "sutton-barto-gradient",
    ] {
        let b = preset(name, 60, 13);
        let whole = run(&b);
        for slice in [1, 7] {
            let mut e = BanditExperiment::new(b.clone());
            while e.work(slice) > 0 {}
            assert_eq!(e.series(), whole.series(), "{name}, slices of {slice}");
        }
        let mut stepped = BanditExperiment::new(b.clone());
        while !stepped.is_done() {
            stepped.step();
        }
        assert_eq!(stepped.series(), whole.series(), "{name}, step by step");
    }
}

#[test]
fn a_step_is_one_step() {
    let mut e = BanditExperiment::new(preset("sutton-barto-ucb", 50, 7));
    for t in 1..=3 {
        e.step();
        assert_eq!(e.t(), t);
        assert_eq!(e.series().learners[0].metrics[0].mean.len(), t);
    }
    // Work never crosses a step boundary, however large the budget: one unit is one
    // learner in one run, so a step is 7 runs × 2 learners.
    assert_eq!(e.work(usize::MAX), 7 * 2);
    assert_eq!(e.t(), 4);
}

#[test]
fn same_seed_same_numbers_other_seed_other_numbers() {
    let b = preset("sutton-barto-ucb", 100, 20);
    assert_eq!(
        run(&b).series().fingerprint(),
        run(&b).series().fingerprint()
    );
    let mut other = b.clone();
    other.seed += 1;
    assert_ne!(
        run(&b).series().fingerprint(),
        run(&other).series().fingerprint()
    );
}

#[test]
fn every_series_has_one_point_per_step_and_sane_values() {
    let b = preset("bernoulli-regret", 200, 10);
    let e = run(&b);
    for l in &e.series().learners {
        for m in &l.metrics {
            assert_eq!(m.mean.len(), 200);
            assert!(m.mean.iter().chain(&m.ci95).all(|x| x.is_finite()));
        }
        let pct = &l.metric(PCT_OPTIMAL).unwrap().mean;
        assert!(pct.iter().all(|&p| (0.0..=100.0).contains(&p)));
        let regret = &l.metric(REGRET).unwrap().mean;
        // Pseudo-regret on fixed arms never decreases.
        assert!(regret.windows(2).all(|w| w[1] >= w[0] - 1e-12));
    }
}

#[test]
fn exploration_beats_greed_on_the_testbed() {
    let e = run(&preset("sutton-barto-epsilon", 1000, 300));
    let (greedy, eps01) = (last(&e, 0, PCT_OPTIMAL), last(&e, 2, PCT_OPTIMAL));
    assert!(eps01 > greedy + 20.0, "ε=0.1 {eps01}% vs greedy {greedy}%");
}

#[test]
fn constant_step_size_tracks_drifting_arms() {
    let e = run(&preset("nonstationary", 5000, 40));
    let (avg, constant) = (last(&e, 0, REGRET), last(&e, 1, REGRET));
    assert!(
        constant < avg,
        "constant α regret {constant} vs sample averages {avg}"
    );
}

#[test]
fn the_rigged_adversary_starves_ucb_but_not_exp3() {
    let b = preset("adversarial", 2000, 20);
    let e = run(&b);
    let ucb = e
        .series()
        .learners
        .iter()
        .position(|l| l.label.starts_with("UCB"))
        .unwrap();
    let exp3 = e
        .series()
        .learners
        .iter()
        .position(|l| l.label.starts_with("EXP3"))
        .unwrap();
    let ucb_rewards = &e.series().learners[ucb].metric(AVG_REWARD).unwrap().mean;
    assert!(
        ucb_rewards.iter().all(|&r| r == 0.0),
        "UCB was supposed to earn exactly nothing"
    );
    // The best fixed arm earns ≥ T/2 over two arms, so UCB's regret is ≥ 1000.
    assert!(last(&e, ucb, REGRET) >= 1000.0);
    assert!(
        last(&e, exp3, REGRET) < 0.1 * 2000.0,
        "EXP3 regret {}",
        last(&e, exp3, REGRET)
    );
}

#[test]
fn learned_variances_beat_a_wrong_assumed_variance() {
    let e = run(&preset("unequal-variances", 2000, 100));
    assert!(last(&e, 1, REGRET) < last(&e, 0, REGRET));
}

#[test]
fn pulls_add_up_to_the_steps_taken() {
    let b = preset("bernoulli-regret", 300, 5);
    let e = run(&b);
    for agent in 0..b.agents.len() {
        let total: f64 = e.mean_pulls(agent).iter().sum();
        assert!((total - 300.0).abs() < 1e-9);
    }
    assert!(
        e.posteriors(0).is_some(),
        "Thompson (Beta) exposes its posteriors"
    );
    assert!(e.posteriors(3).is_none(), "ε-greedy has no posterior");
}

#[test]
fn every_check_of_every_preset_passes() {
    for p in presets::for_kind("bandit") {
        let mut b = bandit(p.scenario());
        b.steps = b.steps.min(500);
        b.runs = b.runs.clamp(30, 100);
        let e = run(&b);
        for c in e.checks() {
            assert!(c.passed, "{}: {} — {}", p.name, c.name, c.detail);
        }
    }
}

/// The numbers must be bit-identical on every platform. The fingerprints below are also
/// checked by the wasm32 test in `web/tests/browser.rs`, in headless Chromium.
/// Regenerate after an intended change with
/// `UPDATE_FINGERPRINTS=1 cargo test -p playground-bandit`.
#[test]
fn fingerprints_match_the_recorded_ones() {
    playground_testkit::assert_recorded(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fingerprints.txt"),
        &playground_testkit::fingerprint_lines(&playground_bandit::reference_fingerprints()),
    );
}
