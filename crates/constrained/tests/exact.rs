//! The exact optimum against independent answers, the checks on random problems, and
//! determinism.

use playground_constrained::ConstrainedExperiment;
use playground_constrained::dual::{self, Optimum};
use playground_constrained::problem::{Policy, Problem};
use playground_core::scenario::{ConstrainedEnv, ConstrainedLearner, ConstrainedScenario};
use playground_core::{Experiment, Scenario, presets};
use proptest::prelude::*;

fn env(reward: Vec<f64>, cost: Vec<f64>, beta: f64, budget: f64) -> ConstrainedEnv {
    ConstrainedEnv {
        reward,
        cost,
        ref_probs: None,
        beta,
        budget,
    }
}

/// Two responses: the optimum mixes them so that the cost is exactly b, and the mixing
/// weight has a closed form: p = (c₁ − b)/(c₁ − c₀) on response 0.
#[test]
fn two_responses_have_a_closed_form() {
    let p = Problem::new(&env(vec![0.0, 1.0], vec![0.0, 1.0], 0.5, 0.25));
    let opt = Optimum::solve(&p);
    assert!((opt.policy.probs[1] - 0.25).abs() < 1e-12);
    // π(1)/π(0) = e^{(1 − λ)/β} = 1/3 ⇒ λ = 1 + β·ln 3.
    let lambda = 1.0 + 0.5 * 3f64.ln();
    assert!(
        (opt.lambda - lambda).abs() < 1e-9,
        "{} vs {lambda}",
        opt.lambda
    );
}

/// No policy on a fine grid of the 3-response simplex that meets the budget does better.
#[test]
fn the_optimum_beats_every_safe_policy_on_a_grid() {
    let p = Problem::new(&env(vec![0.0, 1.0, 2.0], vec![0.0, 0.8, 1.0], 0.2, 0.4));
    let opt = Optimum::solve(&p);
    let n = 300;
    let mut best = f64::NEG_INFINITY;
    for i in 0..=n {
        for j in 0..=n - i {
            let q = [
                i as f64 / n as f64,
                j as f64 / n as f64,
                (n - i - j) as f64 / n as f64,
            ];
            if q.contains(&0.0) {
                continue;
            }
            let pi = Policy::from_logits(&q.map(f64::ln));
            if pi.expect(&p.cost) <= p.budget {
                best = best.max(p.objective(&pi));
            }
        }
    }
    assert!(best <= opt.objective + 1e-12, "{best} > {}", opt.objective);
    assert!(opt.objective - best < 1e-3, "the grid comes close: {best}");
}

#[test]
fn a_slack_budget_leaves_the_price_at_zero() {
    let p = Problem::new(&env(vec![0.0, 1.0], vec![0.0, 1.0], 1.0, 0.9));
    let opt = Optimum::solve(&p);
    assert_eq!(opt.lambda, 0.0);
    assert!(opt.cost < 0.9);
}

#[test]
fn every_preset_passes_its_checks_and_the_work_can_be_sliced() {
    for preset in presets::for_kind("constrained") {
        let Scenario::Constrained(c) = preset.scenario() else {
            unreachable!()
        };
        let mut whole = ConstrainedExperiment::new(&c).unwrap();
        whole.run_to_end();
        for check in whole.checks() {
            assert!(
                check.passed,
                "{}: {} — {}",
                preset.name, check.name, check.detail
            );
        }
        let mut sliced = ConstrainedExperiment::new(&c).unwrap();
        while sliced.work(1) > 0 {}
        assert_eq!(whole.series().fingerprint(), sliced.series().fingerprint());
        assert_eq!(whole.finals(), sliced.finals());
    }
}

/// At the extremes of every range the price and the logits outgrow f64: the run stops
/// at that step with advice, keeping the finite state it had.
#[test]
fn extreme_steps_stop_with_an_explanation() {
    use playground_core::scenario::{
        CONSTRAINED_MAX_LEARNING_RATE as ETA, CONSTRAINED_MAX_VALUE as V, CONSTRAINED_MIN_BETA,
    };
    let learners = vec![
        ConstrainedLearner::PrimalDual {
            learning_rate: ETA,
            dual_learning_rate: ETA,
            lambda_init: 0.0,
            label: None,
        },
        ConstrainedLearner::Optimistic {
            learning_rate: ETA,
            dual_learning_rate: ETA,
            lambda_init: 0.0,
            label: None,
        },
        ConstrainedLearner::Stepwise {
            learning_rate: ETA,
            label: None,
        },
    ];
    let c = ConstrainedScenario {
        version: 1,
        seed: 1,
        steps: 3000,
        env: env(
            vec![-V, V, 0.0],
            vec![-V, V, 0.5 * V],
            CONSTRAINED_MIN_BETA,
            -0.9 * V,
        ),
        learners,
    };
    c.validate().unwrap();
    let mut e = ConstrainedExperiment::new(&c).unwrap();
    e.run_to_end();
    let d = e.divergence().expect("diverges");
    assert!(d.advice.contains("learning_rate"), "{d}");
    assert_eq!(e.t() + 1, d.step);
    for l in &e.series().learners {
        for m in &l.metrics {
            assert!(
                m.mean.iter().all(|x| x.is_finite()),
                "{} {}",
                l.label,
                m.name
            );
        }
    }
}

fn problem() -> impl Strategy<Value = ConstrainedEnv> {
    (2usize..8)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(-3.0f64..3.0, n),
                prop::collection::vec(0.0f64..2.0, n),
                0.02f64..2.0,
                0.0f64..1.0,
            )
        })
        .prop_map(|(reward, cost, beta, u)| {
            let lo = cost.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = cost.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            // A budget strictly above the lowest cost.
            let budget = lo + (hi - lo).max(0.01) * (0.02 + 0.98 * u);
            env(reward, cost, beta, budget)
        })
}

proptest! {
    #[test]
    fn the_dual_certifies_the_optimum_on_random_problems(e in problem()) {
        let p = Problem::new(&e);
        let opt = Optimum::solve(&p);
        let checks = playground_constrained::checks::all(&p, &opt, None);
        for c in &checks {
            prop_assert!(c.passed, "{} — {}", c.name, c.detail);
        }
        // The dual is convex along a grid.
        let d: Vec<f64> = (0..20).map(|k| dual::value(&p, 0.3 * k as f64)).collect();
        for w in d.windows(3) {
            prop_assert!(w[0] + w[2] - 2.0 * w[1] >= -1e-9);
        }
    }
}

fn learner() -> impl Strategy<Value = ConstrainedLearner> {
    // β is at most 2 in `problem()`, so η·β ≤ 1 always holds.
    let eta = 0.01f64..0.5;
    prop_oneof![
        (eta.clone(), 0.01f64..10.0, 0.0f64..5.0).prop_map(|(l, d, i)| {
            ConstrainedLearner::PrimalDual {
                learning_rate: l,
                dual_learning_rate: d,
                lambda_init: i,
                label: None,
            }
        }),
        (eta.clone(), 0.01f64..10.0, 0.0f64..5.0).prop_map(|(l, d, i)| {
            ConstrainedLearner::Optimistic {
                learning_rate: l,
                dual_learning_rate: d,
                lambda_init: i,
                label: Some(format!("opt {l:.3}")),
            }
        }),
        eta.clone().prop_map(|l| ConstrainedLearner::Dualization {
            learning_rate: l,
            label: None
        }),
        eta.clone().prop_map(|l| ConstrainedLearner::Stepwise {
            learning_rate: l,
            label: None
        }),
        (eta, 0.0f64..10.0).prop_map(|(l, x)| ConstrainedLearner::Penalty {
            learning_rate: l,
            lambda: x,
            label: None
        }),
    ]
}

proptest! {
    #[test]
    fn constrained_scenarios_round_trip_through_links_and_files(
        e in problem(),
        learners in prop::collection::vec(learner(), 1..4),
        steps in 1usize..2000,
        seed in 0u64..1 << 40,
    ) {
        let s = Scenario::Constrained(ConstrainedScenario { version: 1, seed, steps, env: e, learners });
        prop_assume!(s.validate().is_ok());
        prop_assert_eq!(Scenario::from_query(&s.to_query()).unwrap(), s.clone());
        prop_assert_eq!(Scenario::from_toml(&s.to_toml()).unwrap(), s.clone());
        prop_assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    }
}
