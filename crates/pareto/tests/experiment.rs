//! The experiment: every check passes on every preset and the form's example, runs are
//! deterministic and independent of how work is sliced, the series and finals have the
//! shapes the page reads, and every preset runs in well under a second.

mod common;

use playground_core::scenario::form::kind_form;
use playground_core::{Experiment, presets};
use playground_pareto::{HYPERVOLUME, ParetoExperiment};

fn every_scenario() -> Vec<(String, playground_core::scenario::ParetoScenario)> {
    let mut out: Vec<_> = presets::for_kind("pareto")
        .map(|p| (p.name.to_string(), common::scenario(p.toml)))
        .collect();
    out.push((
        "the form's example".into(),
        common::scenario(kind_form("pareto").unwrap().example),
    ));
    out
}

#[test]
fn every_check_passes_on_every_preset_and_the_example() {
    assert_eq!(presets::for_kind("pareto").count(), 7);
    for (name, s) in every_scenario() {
        let start = std::time::Instant::now();
        let e = common::run(&s);
        let checks = e.checks();
        assert!(checks.len() >= 3 + s.learners.len(), "{name}");
        for c in checks {
            assert!(c.passed, "{name}: {}: {}", c.name, c.detail);
        }
        // Debug build; release is several times faster.
        assert!(
            start.elapsed().as_secs_f64() < 5.0,
            "{name}: {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn series_have_one_point_per_step_and_finals_name_the_points() {
    for (name, s) in every_scenario() {
        let e = common::run(&s);
        for l in &e.series().learners {
            assert!(l.metric(HYPERVOLUME).is_some(), "{name}");
            for m in &l.metrics {
                assert_eq!(m.mean.len(), s.steps, "{name}: {} {}", l.label, m.name);
                assert!(m.mean.iter().all(|x| x.is_finite()), "{name}: {}", m.name);
            }
        }
        let finals = e.finals();
        assert_eq!(finals.len(), s.learners.len());
        for (label, v) in &finals {
            let pts = v["points"].as_array().unwrap();
            assert!(!pts.is_empty(), "{name}: {label}");
            assert!(pts.iter().all(|p| p.as_array().unwrap().len() == 2));
            let hv = v["hypervolume"].as_f64().unwrap();
            assert_eq!(hv, common::last(&e, label, HYPERVOLUME), "{name}: {label}");
            // Deterministic pickers stay under the front; mixtures may pass it.
            if v.get("picks").is_some() || v.get("plans").is_some() {
                assert!(hv <= v["front_hypervolume"].as_f64().unwrap() + 1e-9);
            }
        }
    }
}

#[test]
fn runs_are_deterministic_and_slicing_independent() {
    for (name, s) in every_scenario() {
        let a = common::run(&s);
        let b = common::run(&s);
        assert_eq!(a.series(), b.series(), "{name}");
        let mut sliced = ParetoExperiment::new(&s).unwrap();
        while !sliced.is_done() {
            sliced.work(1);
        }
        assert_eq!(
            a.series().fingerprint(),
            sliced.series().fingerprint(),
            "{name}"
        );
        assert_eq!(a.finals(), sliced.finals(), "{name}");
    }
}

#[test]
fn the_seed_draws_the_helpful_harmless_toy_and_the_conditioned_weights() {
    let s = common::preset("pareto-rewarded-soups");
    let mut other = s.clone();
    other.seed = 2;
    let (a, b) = (common::run(&s), common::run(&other));
    assert_ne!(a.problem().outcomes, b.problem().outcomes);
    assert_ne!(a.series().fingerprint(), b.series().fingerprint());
}

#[test]
fn the_slider_moves_along_what_each_learner_offers() {
    let e = common::run(&common::preset("pareto-rewarded-soups"));
    let beta = 0.5;
    for x in [0.0, 0.3, 1.0] {
        let soup = e.at_weight(0, x).unwrap();
        let want = e.optimum_at(x, beta);
        assert!((soup[0] - want[0]).abs() < 1e-8 && (soup[1] - want[1]).abs() < 1e-8);
    }
    let e = common::run(&common::preset("pareto-deep-sea-treasure"));
    // Linear at any weight: a hull vertex; Chebyshev at an even weight: inside the hull.
    assert_eq!(e.at_weight(0, 0.5), Some([124.0, -19.0]));
    let inside = e.at_weight(1, 0.5).unwrap();
    assert!(!e.problem().supported.contains(&inside), "{inside:?}");
    assert_eq!(e.at_weight(2, 0.5), None);
}
