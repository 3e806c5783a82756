//! Intransitive preferences (`kind = "nash"`): the Minimax Winner two ways, the
//! Bradley–Terry fit two ways, the learners' known behaviours (cycling, averaging,
//! last-iterate convergence), the checks, determinism and validation.

use playground_core::Experiment;
use playground_core::rng::Rng;
use playground_core::scenario::NashScenario;
use playground_pref::bradley_terry;
use playground_pref::nash::{Game, NashExperiment, bt, minimax};
use serde_json::{Value, json};

const RPS: [[f64; 3]; 3] = [[0.5, 0.9, 0.1], [0.1, 0.5, 0.9], [0.9, 0.1, 0.5]];
const UNEQUAL: [[f64; 3]; 3] = [[0.5, 0.9, 0.3], [0.1, 0.5, 0.8], [0.7, 0.2, 0.5]];

fn scenario(preferences: Value, ref_probs: Value, steps: usize, learners: Value) -> NashScenario {
    let mut env = json!({ "preferences": preferences });
    if !ref_probs.is_null() {
        env["ref_probs"] = ref_probs;
    }
    serde_json::from_value(json!({
        "seed": 1, "steps": steps, "env": env, "learners": learners,
    }))
    .unwrap()
}

fn run(s: &NashScenario) -> NashExperiment {
    let mut e = NashExperiment::new(s).unwrap();
    e.run_to_end();
    e
}

fn rps(steps: usize, learners: Value) -> NashExperiment {
    run(&scenario(
        json!(RPS),
        json!([0.6, 0.3, 0.1]),
        steps,
        learners,
    ))
}

fn last(e: &NashExperiment, learner: usize, metric: &str) -> f64 {
    *e.series().learners[learner]
        .metric(metric)
        .unwrap_or_else(|| panic!("{metric}"))
        .mean
        .last()
        .unwrap()
}

fn series(e: &NashExperiment, learner: usize, metric: &str) -> Vec<f64> {
    e.series().learners[learner]
        .metric(metric)
        .unwrap()
        .mean
        .clone()
}

/// A random complementary matrix of n responses.
fn random_game(rng: &mut Rng, n: usize, lo: f64, hi: f64) -> Game {
    let mut p = vec![vec![0.5; n]; n];
    for (i, j) in above_diagonal(n) {
        p[i][j] = lo + (hi - lo) * rng.uniform();
        p[j][i] = 1.0 - p[i][j];
    }
    Game::new(p)
}

fn above_diagonal(n: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..n).flat_map(move |i| (i + 1..n).map(move |j| (i, j)))
}

fn max_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()))
}

#[test]
fn linear_programming_and_support_enumeration_agree_on_random_matrices() {
    let mut rng = Rng::new(7);
    let mut supports = [0usize; 6];
    for k in 0..300 {
        let n = 3 + k % 3;
        let g = random_game(&mut rng, n, 0.0, 1.0);
        let lp = minimax::by_linear_programming(&g);
        let en = minimax::by_support_enumeration(&g).unwrap();
        assert!(g.duality_gap(&lp) <= 1e-9, "{lp:?} on {g:?}");
        assert!(max_diff(&lp, &en) <= 1e-9, "{lp:?} vs {en:?} on {g:?}");
        supports[lp.iter().filter(|p| **p > 1e-12).count()] += 1;
    }
    // The sample exercises winners of every odd support size (generic winners have one).
    assert!(
        supports[1] > 0 && supports[3] > 0 && supports[5] > 0,
        "{supports:?}"
    );
    assert_eq!(supports[2] + supports[4], 0, "{supports:?}");
}

#[test]
fn with_ties_both_methods_still_give_a_minimax_winner() {
    // Entries on a coarse grid: many ties at ½ and many winners that are not unique.
    let mut rng = Rng::new(11);
    for k in 0..200 {
        let n = 3 + k % 3;
        let mut g = random_game(&mut rng, n, 0.0, 1.0);
        for (i, j) in above_diagonal(n) {
            g.p[i][j] = (g.p[i][j] * 4.0).round() / 4.0;
            g.p[j][i] = 1.0 - g.p[i][j];
        }
        let lp = minimax::by_linear_programming(&g);
        let en = minimax::by_support_enumeration(&g).unwrap();
        assert!(
            g.duality_gap(&lp) <= 1e-9 && g.duality_gap(&en) <= 1e-9,
            "{g:?}"
        );
    }
}

#[test]
fn rock_paper_scissors_has_the_uniform_winner() {
    let g = Game::new(RPS.iter().map(|r| r.to_vec()).collect());
    for pi in [
        minimax::by_linear_programming(&g),
        minimax::by_support_enumeration(&g).unwrap(),
    ] {
        assert!(max_diff(&pi, &[1.0 / 3.0; 3]) <= 1e-12, "{pi:?}");
    }
    // Any pure response is beaten 90% of the time: gap 0.4.
    assert!((g.duality_gap(&[1.0, 0.0, 0.0]) - 0.4).abs() < 1e-15);
}

#[test]
fn a_transitive_matrix_has_the_condorcet_winner() {
    let p = vec![
        vec![0.5, 0.4, 0.3, 0.45],
        vec![0.6, 0.5, 0.55, 0.7],
        vec![0.7, 0.45, 0.5, 0.6],
        vec![0.55, 0.3, 0.4, 0.5],
    ];
    let g = Game::new(p);
    assert_eq!(g.condorcet_winner(), Some(1));
    let want = [0.0, 1.0, 0.0, 0.0];
    assert!(max_diff(&minimax::by_linear_programming(&g), &want) <= 1e-12);
    assert!(max_diff(&minimax::by_support_enumeration(&g).unwrap(), &want) <= 1e-12);
    assert_eq!(
        Game::new(RPS.iter().map(|r| r.to_vec()).collect()).condorcet_winner(),
        None
    );
}

#[test]
fn multiplicative_weights_cycles_on_rps_but_its_average_converges() {
    let e = rps(
        3000,
        json!([{ "type": "multiplicative-weights", "learning_rate": 0.5 }]),
    );
    let gaps = series(&e, 0, "duality_gap");
    let late = gaps[2000..].iter().copied().fold(f64::INFINITY, f64::min);
    assert!(
        late > 0.1,
        "the last iterate keeps away from the winner: {late}"
    );
    let average = series(&e, 0, "average_duality_gap");
    assert!(average[2999] < 0.005, "{}", average[2999]);
    assert!(
        average[2999] < average[99] / 5.0,
        "{} {}",
        average[99],
        average[2999]
    );
    let finals = e.finals();
    let f = &finals["MW η=0.5"];
    assert_eq!(f["final_policy"].as_array().unwrap().len(), 1);
    assert_eq!(f["average_policy"][0].as_array().unwrap().len(), 3);
}

#[test]
fn extragradients_last_iterate_converges() {
    let e = rps(
        3000,
        json!([{ "type": "extragradient", "learning_rate": 0.5 }]),
    );
    let gaps = series(&e, 0, "duality_gap");
    assert!(gaps[2999] < 1e-8, "{}", gaps[2999]);
    assert!(
        gaps[999] < 1e-3 && gaps[99] > 1e-2,
        "{} {}",
        gaps[99],
        gaps[999]
    );
    assert!(last(&e, 0, "distance_to_minimax") < 1e-8);
    let unequal = run(&scenario(
        json!(UNEQUAL),
        Value::Null,
        3000,
        json!([{ "type": "extragradient", "learning_rate": 0.5 }]),
    ));
    assert!(last(&unequal, 0, "duality_gap") < 1e-5);
    let pi = &unequal.finals()["extragradient η=0.5"]["final_policy"][0];
    let pi: Vec<f64> = pi
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!(
        max_diff(&pi, &[1.0 / 3.0, 2.0 / 9.0, 4.0 / 9.0]) < 1e-4,
        "{pi:?}"
    );
}

#[test]
fn nash_md_converges_to_a_regularised_equilibrium_and_without_tau_is_multiplicative_weights() {
    let e = rps(
        3000,
        json!([
            { "type": "nash-md", "beta": 0.03, "learning_rate": 0.5 },
            { "type": "nash-md", "beta": 0.0, "learning_rate": 0.5 },
            { "type": "multiplicative-weights", "learning_rate": 0.5 },
        ]),
    );
    let gaps = series(&e, 0, "duality_gap");
    assert!((gaps[2999] - gaps[1999]).abs() < 1e-6, "settled");
    assert!(
        gaps[2999] > 0.01 && gaps[2999] < 0.03 * (10f64).ln(),
        "{}",
        gaps[2999]
    );
    // τ = 0 is multiplicative weights (up to the rounding of one more normalisation).
    assert!(max_diff(&e.probs(1), &e.probs(2)) < 1e-9);
    assert!(max_diff(&e.probs(0), &e.probs(2)) > 0.1);
}

#[test]
fn self_play_is_a_policy_gradient_not_multiplicative_weights() {
    let e = run(&scenario(
        json!(UNEQUAL),
        Value::Null,
        3000,
        json!([
            { "type": "self-play", "learning_rate": 0.5 },
            { "type": "multiplicative-weights", "learning_rate": 0.5 },
        ]),
    ));
    assert!(max_diff(&e.probs(0), &e.probs(1)) > 0.1);
    assert!(
        last(&e, 0, "duality_gap") > 0.01,
        "the last iterate circles"
    );
    assert!(last(&e, 0, "average_duality_gap") < 0.01);
    let avg = e.average(0);
    assert!(
        max_diff(&avg, &[1.0 / 3.0, 2.0 / 9.0, 4.0 / 9.0]) < 0.02,
        "{avg:?}"
    );
}

#[test]
fn bradley_terry_on_a_symmetric_cycle_gives_equal_rewards_and_rlhf_stays_at_reference() {
    let p: Vec<Vec<f64>> = RPS.iter().map(|r| r.to_vec()).collect();
    let r = bt::fit(&p).unwrap();
    assert!(r.iter().all(|x| x.abs() < 1e-12), "{r:?}");
    let e = rps(
        500,
        json!([{ "type": "rlhf", "beta": 0.1, "learning_rate": 0.5 }]),
    );
    assert!(max_diff(&e.probs(0), &[0.6, 0.3, 0.1]) < 1e-12);
    assert!((last(&e, 0, "duality_gap") - 0.12).abs() < 1e-12);
}

#[test]
fn on_an_unequal_cycle_bradley_terry_favours_another_response_than_the_minimax_winner() {
    let g = Game::new(UNEQUAL.iter().map(|r| r.to_vec()).collect());
    let r = bt::fit(&g.p).unwrap();
    let mw = minimax::by_linear_programming(&g);
    let top = |v: &[f64]| (0..v.len()).max_by(|&a, &b| v[a].total_cmp(&v[b])).unwrap();
    assert_eq!(top(&r), 0);
    assert_eq!(top(&mw), 2);
    let e = run(&scenario(
        json!(UNEQUAL),
        Value::Null,
        2000,
        json!([{ "type": "rlhf", "beta": 0.1, "learning_rate": 0.1 }]),
    ));
    assert!(e.probs(0)[0] > 0.95, "{:?}", e.probs(0));
    assert!(last(&e, 0, "duality_gap") > 0.15);
}

#[test]
fn newton_and_mm_fit_the_same_rewards_on_random_matrices() {
    let mut rng = Rng::new(3);
    for k in 0..100 {
        let g = random_game(&mut rng, 3 + k % 3, 0.02, 0.98);
        let newton = bt::fit(&g.p).unwrap();
        let mm = bradley_terry::mle(g.responses(), &bt::pairs(&g.p), 20_000).unwrap();
        assert!(max_diff(&newton, &mm) < 1e-8, "{newton:?} vs {mm:?}");
        let grad = bt::gradient(&g.p, &newton);
        assert!(grad.iter().all(|x| x.abs() < 1e-12), "{grad:?}");
    }
}

fn every_learner() -> Value {
    json!([
        { "type": "rlhf", "beta": 0.1, "learning_rate": 0.1 },
        { "type": "self-play", "learning_rate": 0.5 },
        { "type": "multiplicative-weights", "learning_rate": 0.5 },
        { "type": "extragradient", "learning_rate": 0.5 },
        { "type": "nash-md", "beta": 0.03, "learning_rate": 0.5 },
    ])
}

#[test]
fn every_check_passes_on_a_long_enough_run_and_the_convergence_checks_can_fail() {
    let e = rps(3000, every_learner());
    let checks = e.checks();
    assert_eq!(checks.len(), 8, "{checks:?}");
    assert!(checks.iter().all(|c| c.passed), "{checks:#?}");
    // Too few steps: extragradient and Nash-MD are not there yet, and say so.
    let short = rps(50, every_learner());
    let checks = short.checks();
    let failed: Vec<&str> = checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed[0].starts_with("extragradient") && failed[1].starts_with("Nash-MD"));
    // Mid-run the convergence checks wait for the end.
    let mut mid =
        NashExperiment::new(&scenario(json!(RPS), Value::Null, 100, every_learner())).unwrap();
    mid.step();
    assert!(mid.checks().iter().all(|c| c.passed));
    assert!(!mid.checks().iter().any(|c| c.name.contains("converges")));
}

#[test]
fn the_same_scenario_gives_the_same_numbers() {
    let s = scenario(json!(UNEQUAL), json!([0.2, 0.3, 0.5]), 400, every_learner());
    let (a, b) = (run(&s), run(&s));
    assert_eq!(a.series().fingerprint(), b.series().fingerprint());
    assert_eq!(a.finals(), b.finals());
    // Sliced differently, one step at a time: the same bits.
    let mut c = NashExperiment::new(&s).unwrap();
    while !c.is_done() {
        c.step();
    }
    assert_eq!(a.series().fingerprint(), c.series().fingerprint());
    let other = scenario(json!(RPS), json!([0.2, 0.3, 0.5]), 400, every_learner());
    assert_ne!(a.series().fingerprint(), run(&other).series().fingerprint());
}

#[test]
fn metrics_and_finals_have_the_documented_shape() {
    let e = rps(10, every_learner());
    let names = |l: usize| -> Vec<&str> {
        e.series().learners[l]
            .metrics
            .iter()
            .map(|m| m.name.as_str())
            .collect()
    };
    assert_eq!(
        names(0),
        [
            "duality_gap",
            "kl",
            "win_rate_vs_minimax",
            "distance_to_minimax",
            "p0",
            "p1",
            "p2"
        ]
    );
    assert!(names(1).contains(&"average_duality_gap") && names(2).contains(&"average_p2"));
    assert!(!names(3).contains(&"average_duality_gap"));
    for l in &e.series().learners {
        assert!(l.metrics.iter().all(|m| m.mean.len() == 10), "{}", l.label);
    }
    let finals = e.finals();
    for (label, f) in &finals {
        let pi = f["final_policy"].as_array().unwrap();
        assert_eq!(pi.len(), 1, "{label}: one list per prompt");
        let sum: f64 = pi[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-12, "{label}");
        assert_eq!(f["minimax_winner"][0].as_array().unwrap().len(), 3);
        assert!(f["duality_gap"].as_f64().unwrap() >= 0.0);
    }
    assert!(finals["RLHF β=0.1"]["bradley_terry_reward"].is_array());
    assert!(finals["self-play η=0.5"]["average_duality_gap"].is_number());
}

#[test]
fn validation_refuses_bad_matrices_with_clear_messages() {
    let learners = json!([{ "type": "extragradient" }]);
    let err = |p: Value, r: Value| {
        scenario(p, r, 10, learners.clone())
            .validate()
            .unwrap_err()
            .to_string()
    };
    let e = err(json!([[0.5, 0.5], [0.5, 0.5]]), Value::Null);
    assert!(
        e.contains("env.preferences") && e.contains("3 to 5 responses"),
        "{e}"
    );
    let e = err(
        json!([[0.5, 0.9, 0.1], [0.1, 0.5], [0.9, 0.1, 0.5]]),
        Value::Null,
    );
    assert!(
        e.contains("env.preferences[1]") && e.contains("square"),
        "{e}"
    );
    let e = err(
        json!([[0.5, 0.9, 0.1], [0.1, 0.5, 0.9], [0.9, 0.2, 0.5]]),
        Value::Null,
    );
    assert!(
        e.contains("env.preferences[2][1] = 0.2") && e.contains("= 1"),
        "{e}"
    );
    let e = err(
        json!([[0.6, 0.9, 0.1], [0.1, 0.5, 0.9], [0.9, 0.1, 0.5]]),
        Value::Null,
    );
    assert!(
        e.contains("env.preferences[0][0]") && e.contains("ties with itself"),
        "{e}"
    );
    let e = err(
        json!([[0.5, 1.2, 0.1], [-0.2, 0.5, 0.9], [0.9, 0.1, 0.5]]),
        Value::Null,
    );
    assert!(e.contains("env.preferences[0][1] = 1.2"), "{e}");
    let e = err(json!(RPS), json!([0.5, 0.5]));
    assert!(
        e.contains("env.ref_probs") && e.contains("one probability per response"),
        "{e}"
    );
    let e = err(json!(RPS), json!([0.5, 0.5, 0.0]));
    assert!(e.contains("env.ref_probs[2]"), "{e}");
    // Within 1e-9 of complementary is accepted, and then made exactly so.
    let nearly = json!([[0.5, 0.9 + 5e-10, 0.1], [0.1, 0.5, 0.9], [0.9, 0.1, 0.5]]);
    let s = scenario(nearly, Value::Null, 10, learners.clone());
    assert!(s.validate().is_ok());
    let e = NashExperiment::new(&s).unwrap();
    assert!((e.game().p[0][1] + e.game().p[1][0] - 1.0).abs() <= 1e-16);
    // The experiment refuses what validation refuses.
    assert!(NashExperiment::new(&scenario(json!([[0.5]]), Value::Null, 10, learners)).is_err());
}

#[test]
fn learner_rules_are_checked() {
    let bad = |learner: Value| {
        scenario(json!(RPS), Value::Null, 10, json!([learner]))
            .validate()
            .unwrap_err()
            .to_string()
    };
    let e = bad(json!({ "type": "nash-md", "beta": 0.5, "learning_rate": 4.0 }));
    assert!(
        e.contains("learners[0].learning_rate") && e.contains("× beta ≤ 1"),
        "{e}"
    );
    let e = bad(json!({ "type": "extragradient", "learning_rate": 0.0 }));
    assert!(e.contains("learners[0].learning_rate = 0"), "{e}");
    let e = bad(json!({ "type": "nash-md", "beta": -0.1 }));
    assert!(e.contains("learners[0].beta"), "{e}");
    let sure = json!([[0.5, 1.0, 1.0], [0.0, 0.5, 0.9], [0.0, 0.1, 0.5]]);
    let s = scenario(sure, Value::Null, 10, json!([{ "type": "rlhf" }]));
    let e = s.validate().unwrap_err().to_string();
    assert!(e.contains("rlhf") && e.contains("Bradley–Terry"), "{e}");
}
