//! The experiment as a state machine: determinism, slicing, the page's views, the
//! visitor's duels, and the Verify panel on every preset and on the form's example.

use playground_bayesopt::{BayesoptExperiment, CUMULATIVE_REGRET, SIMPLE_REGRET};
use playground_core::scenario::{BayesoptScenario, form};
use playground_core::{Experiment, Scenario, presets};

fn scenario(text: &str) -> BayesoptScenario {
    match Scenario::from_toml(text).unwrap() {
        Scenario::Bayesopt(s) => s,
        other => panic!("not bayesopt: {}", other.kind()),
    }
}

fn run(s: &BayesoptScenario) -> BayesoptExperiment {
    let mut e = BayesoptExperiment::new(s).unwrap();
    e.run_to_end();
    e
}

const SMALL: &str = r#"
kind = "bayesopt"
seed = 7
steps = 6
runs = 3
[env]
objective = "forrester"
noise = 0.2
initial = 2
[gp]
fit = true
[[learners]]
type = "expected-improvement"
[[learners]]
type = "thompson"
[[learners]]
type = "epsilon-greedy"
epsilon = 0.5
[[learners]]
type = "shotgun"
batch = 3
[[learners]]
type = "prior"
center = [0.7]
[[learners]]
type = "preferential"
inference = "mcmc"
samples = 50
[[learners]]
type = "random-search"
"#;

#[test]
fn same_scenario_and_seed_give_identical_series_and_finals() {
    let s = scenario(SMALL);
    let (a, b) = (run(&s), run(&s));
    assert_eq!(a.series(), b.series());
    assert_eq!(a.finals(), b.finals());
    let other = run(&scenario(&SMALL.replace("seed = 7", "seed = 8")));
    assert_ne!(a.series().fingerprint(), other.series().fingerprint());
}

#[test]
fn results_do_not_depend_on_how_work_is_sliced() {
    let s = scenario(SMALL);
    let whole = run(&s);
    let mut sliced = BayesoptExperiment::new(&s).unwrap();
    let mut calls = 0;
    while !sliced.is_done() {
        assert_eq!(sliced.work(1), 1);
        calls += 1;
    }
    assert_eq!(calls, s.steps * s.runs * s.learners.len());
    assert_eq!(sliced.series().fingerprint(), whole.series().fingerprint());
    assert_eq!(sliced.finals(), whole.finals());
    assert_eq!(sliced.work(10), 0);
}

#[test]
fn series_have_one_point_per_step_and_regret_behaves() {
    let e = run(&scenario(SMALL));
    for l in &e.series().learners {
        for name in [SIMPLE_REGRET, CUMULATIVE_REGRET] {
            let m = l.metric(name).unwrap();
            assert_eq!(m.mean.len(), 6, "{} {name}", l.label);
            assert!(m.mean.iter().all(|v| *v >= 0.0), "{} {name}", l.label);
        }
        let c = &l.metric(CUMULATIVE_REGRET).unwrap().mean;
        assert!(c.windows(2).all(|w| w[1] >= w[0]), "{}", l.label);
        if !l.label.starts_with("duels") {
            // Best-so-far never gets worse.
            let s = &l.metric(SIMPLE_REGRET).unwrap().mean;
            assert!(s.windows(2).all(|w| w[1] <= w[0] + 1e-12), "{}", l.label);
        }
    }
    let f = e.finals();
    let ei = &f["EI ξ=0"];
    assert_eq!(ei["queries"].as_array().unwrap().len(), 2 + 6);
    assert_eq!(
        f["ε-shotgun q=3 ε=0.1"]["queries"]
            .as_array()
            .unwrap()
            .len(),
        2 + 18
    );
    assert_eq!(f["duels (MCMC)"]["duels"].as_array().unwrap().len(), 6);
}

#[test]
fn the_view_shows_the_query_the_step_then_makes() {
    let s = scenario(&SMALL.replace("steps = 6", "steps = 10"));
    let mut e = BayesoptExperiment::new(&s).unwrap();
    for _ in 0..2 {
        e.step();
    }
    for l in 0..s.learners.len() {
        let view = e.view(l, 0).unwrap();
        let n = e.problem().grid.len();
        assert_eq!((view.mean.len(), view.acquisition.len()), (n, n));
        assert!(view.lower.iter().zip(&view.upper).all(|(a, b)| a <= b));
        assert!(!view.pareto.is_empty());
        let before = e.state(l, 0).queries.len();
        let next = view.next.clone();
        // Step everyone; learner l's run 0 then holds exactly the shown queries.
        e.step();
        let after = &e.state(l, 0).queries[before..];
        assert_eq!(after, &next[..], "learner {l}");
    }
}

#[test]
fn every_preset_and_the_form_example_pass_their_checks() {
    let mut texts: Vec<(String, String)> = presets::for_kind("bayesopt")
        .map(|p| (p.name.to_string(), p.toml.to_string()))
        .collect();
    let example = form::kind_form("bayesopt").unwrap().example;
    texts.push(("form example".into(), example.to_string()));
    assert!(texts.len() >= 5);
    for (name, text) in texts {
        let e = run(&scenario(&text));
        // A preset whose duels the visitor answers stops at the first one, waiting.
        let waiting = e.pending_duel().is_some();
        assert!(
            (e.is_done() || waiting) && e.divergence().is_none(),
            "{name}"
        );
        let checks = e.checks();
        // The visitor's preset has one learner and so fewer per-learner checks.
        assert!(checks.len() >= if waiting { 4 } else { 5 }, "{name}");
        for c in checks {
            assert!(c.passed, "{name}: {}: {}", c.name, c.detail);
        }
    }
}

const VISITOR: &str = r#"
kind = "bayesopt"
seed = 3
steps = 4
runs = 1
[env]
objective = "forrester"
[[learners]]
type = "expected-improvement"
[[learners]]
type = "preferential"
answers = [1, 0]
"#;

#[test]
fn a_visitor_answers_duels_and_the_run_waits_in_between() {
    let s = scenario(VISITOR);
    let mut e = BayesoptExperiment::new(&s).unwrap();
    e.run_to_end();
    // Two answers replayed: the third duel waits.
    assert_eq!(e.t(), 2);
    assert!(!e.is_done());
    let pending = e.pending_duel().cloned().expect("a duel waits");
    assert_eq!(pending.learner, 1);
    assert_ne!(pending.a_index, pending.b_index);
    assert_eq!(e.work(100), 0, "waiting: no work");
    assert_eq!(e.work(100), 0);
    e.answer_duel(true);
    assert!(e.pending_duel().is_none());
    e.run_to_end();
    assert_eq!(e.t(), 3);
    e.answer_duel(false);
    e.run_to_end();
    assert!(e.is_done());
    // The same answers given up front replay to the same numbers.
    let replay = scenario(&VISITOR.replace("[1, 0]", "[1, 0, 1, 0]"));
    assert_eq!(e.plan(), &replay);
    let r = run(&replay);
    assert_eq!(r.series().fingerprint(), e.series().fingerprint());
    assert_eq!(r.finals(), e.finals());
}

#[test]
fn a_drawn_curve_is_minimised_and_checked() {
    let s = scenario(
        r#"
kind = "bayesopt"
seed = 2
steps = 12
runs = 4
[env]
objective = "drawn"
points = [[0.0, 0.9], [0.2, 0.4], [0.45, 0.7], [0.8, 0.05], [1.0, 0.5]]
[[learners]]
type = "expected-improvement"
[[learners]]
type = "ucb"
"#,
    );
    let e = run(&s);
    assert_eq!(e.problem().f_star, 0.05);
    for c in e.checks() {
        assert!(c.passed, "{}: {}", c.name, c.detail);
    }
    // x = 0.8 is a grid point (201 points), so both rules can reach regret 0 exactly.
    for l in &e.series().learners {
        let end = *l.metric(SIMPLE_REGRET).unwrap().mean.last().unwrap();
        assert!(end < 0.02, "{}: {end}", l.label);
    }
}
