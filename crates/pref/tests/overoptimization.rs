//! Reward-model overoptimization (`kind = "overoptimization"`): best-of-n's exact law
//! against sampling and its KL bound, the Goodhart shape on the preset, conservative
//! ensembles flattening the fall, the checks, validation and determinism.

use playground_core::Experiment;
use playground_core::rng::Rng;
use playground_core::scenario::OveroptScenario;
use playground_pref::overopt::best_of_n::{self, Ranking};
use playground_pref::overopt::checks;
use playground_pref::overopt::world::Sampler;
use playground_pref::overopt::{OveroptExperiment, sweep};
use serde_json::json;

const GOODHART: &str = include_str!("../../core/presets/overopt-goodhart.toml");
const ENSEMBLES: &str = include_str!("../../core/presets/overopt-ensembles.toml");
const CONSTRAINED: &str = include_str!("../../core/presets/constrained-rlhf-proxy-points.toml");
const COMPOSITIONAL: &str = include_str!("../../core/presets/cpm-compositional-proxy.toml");

fn parse(text: &str) -> OveroptScenario {
    let mut value: toml::Value = toml::from_str(text).unwrap();
    // The `kind` tag belongs to the Scenario enum, not to this type.
    if let Some(t) = value.as_table_mut() {
        t.remove("kind");
    }
    value.try_into().unwrap()
}

fn run(s: &OveroptScenario) -> OveroptExperiment {
    let mut e = OveroptExperiment::new(s).unwrap();
    e.run_to_end();
    e
}

fn metric(e: &OveroptExperiment, l: usize, name: &str) -> Vec<f64> {
    e.series().learners[l].metric(name).unwrap().mean.clone()
}

/// (index of the gold peak, peak gold, final gold) of learner `l`.
fn peak(e: &OveroptExperiment, l: usize) -> (usize, f64, f64) {
    let g = metric(e, l, "gold_reward");
    let (i, p) =
        g.iter().enumerate().fold(
            (0, f64::NEG_INFINITY),
            |a, (i, v)| if *v > a.1 { (i, *v) } else { a },
        );
    (i, p, *g.last().unwrap())
}

/// A reward with ties (values 0..5 repeated) and a random π_ref over 40 responses.
fn tied_world() -> (Vec<f64>, Vec<f64>) {
    let mut rng = Rng::stream(7, &[1]);
    let reward: Vec<f64> = (0..40)
        .map(|y| (y % 6) as f64 + (y / 30) as f64 * 0.5)
        .collect();
    let w: Vec<f64> = (0..40).map(|_| 0.2 + rng.uniform()).collect();
    let z: f64 = w.iter().sum();
    (reward, w.iter().map(|x| x / z).collect())
}

#[test]
fn best_of_n_law_matches_sampling_response_by_response() {
    let (reward, reference) = tied_world();
    let ranking = Ranking::new(&reward, &reference);
    let sampler = Sampler::new(&reference);
    let mut rng = Rng::stream(3, &[2]);
    let draws = 40_000;
    for n in [1, 3, 8] {
        let law = ranking.law(n, &reference);
        assert!((law.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let mut counts = vec![0.0; reward.len()];
        for _ in 0..draws {
            counts[best_of_n::sample(&reward, &sampler, n, &mut rng)] += 1.0;
        }
        for (y, (c, p)) in counts.iter().zip(&law).enumerate() {
            let se = (p * (1.0 - p) / draws as f64).sqrt();
            assert!(
                (c / draws as f64 - p).abs() <= 5.0 * se + 1e-4,
                "n = {n}, y = {y}: sampled {} vs exact {p}",
                c / draws as f64
            );
        }
        // Inside a tie, best-of-n keeps π_ref's proportions.
        let (a, b) = (1, 7); // both have reward 1
        assert_eq!(reward[a], reward[b]);
        assert!((law[a] / law[b] - reference[a] / reference[b]).abs() < 1e-12);
    }
    // Without ties, P(y₍ᵢ₎) = Fᵢⁿ − Fᵢ₋₁ⁿ for the i-th lowest.
    let distinct: Vec<f64> = (0..40).map(|y| y as f64).collect();
    let law = Ranking::new(&distinct, &reference).law(5, &reference);
    let mut f = 0.0;
    for (y, p) in law.iter().enumerate() {
        let next: f64 = f + reference[y];
        assert!((p - (next.powi(5) - f.powi(5))).abs() < 1e-14);
        f = next;
    }
}

#[test]
fn the_sampling_check_uses_a_dkw_tolerance() {
    let (reward, reference) = tied_world();
    let ranking = Ranking::new(&reward, &reference);
    let mut rng = Rng::stream(4, &[1]);
    let d = checks::sampled_deviation(&ranking, &reward, &reference, 6, 20_000, &mut rng);
    assert!(d <= checks::dkw_tolerance(20_000), "{d}");
    // A wrong law (best-of-3 sampled, best-of-6 claimed) fails it.
    let law3 = ranking.group_law(3);
    let law6 = ranking.group_law(6);
    let (mut a, mut b, mut gap) = (0.0, 0.0, 0.0f64);
    for (x, y) in law3.iter().zip(&law6) {
        a += x;
        b += y;
        gap = gap.max((a - b).abs());
    }
    assert!(gap > 3.0 * checks::dkw_tolerance(20_000), "{gap}");
}

#[test]
fn best_of_n_kl_is_below_its_bound_and_meets_it_for_many_distinct_responses() {
    let (reward, reference) = tied_world();
    let tied = Ranking::new(&reward, &reference);
    let many: Vec<f64> = (0..5000).map(|y| y as f64).collect();
    let uniform = vec![1.0 / 5000.0; 5000];
    let fine = Ranking::new(&many, &uniform);
    for n in [1, 2, 3, 10, 100, 1000, 100_000] {
        let bound = best_of_n::kl_bound(n);
        assert!(tied.kl(n) <= bound + 1e-12, "n = {n}");
        assert!(fine.kl(n) <= bound + 1e-12, "n = {n}");
        if n <= 100 {
            // With 5000 equally likely distinct responses the law is nearly continuous.
            assert!(
                bound - fine.kl(n) < 0.02,
                "n = {n}: {} vs {bound}",
                fine.kl(n)
            );
        }
    }
    assert_eq!(fine.kl(1), 0.0);
    assert_eq!(best_of_n::sweep(1000, 5), [1, 6, 32, 178, 1000]);
    assert_eq!(best_of_n::sweep(3, 10), [1, 2, 3]);
}

#[test]
fn the_kl_optimum_is_stationary_and_policy_gradient_climbs_toward_it() {
    let (reward, reference) = tied_world();
    let lr: Vec<f64> = reference.iter().map(|p| p.ln()).collect();
    for beta in [10.0, 1.0, 0.1, 0.01] {
        let pi = sweep::optimum(&reward, &lr, beta);
        let g = pi.gradient(&reward, &lr, beta);
        assert!(g.iter().all(|x| x.abs() < 1e-9), "β = {beta}");
        let value = sweep::optimal_value(&reward, &lr, beta);
        assert!((pi.objective(&reward, &lr, beta) - value).abs() < 1e-9 * (1.0 + value.abs()));
    }
    let mut logits = lr.clone();
    let beta = 2.0;
    let mut last = f64::NEG_INFINITY;
    for _ in 0..4000 {
        sweep::ascend(&mut logits, &reward, &lr, beta, 5.0);
        let j = sweep::Policy::from_logits(&logits).objective(&reward, &lr, beta);
        assert!(j >= last - 1e-12);
        last = j;
    }
    let best = sweep::optimal_value(&reward, &lr, beta);
    assert!(
        best - last >= -1e-12 && best - last < 1e-6,
        "{last} vs {best}"
    );
}

#[test]
fn goodhart_proxy_rises_while_gold_peaks_then_falls() {
    let mut s = parse(GOODHART);
    s.steps = 60; // keep debug runs short; the sweeps are what is checked
    let e = run(&s);
    for l in [0, 1] {
        let label = &e.series().learners[l].label;
        let proxy = metric(&e, l, "proxy_reward");
        let x = metric(&e, l, "sqrt_kl");
        assert!(
            proxy.windows(2).all(|w| w[1] >= w[0] - 1e-12),
            "{label}: {proxy:?}"
        );
        assert!(x.windows(2).all(|w| w[1] >= w[0] - 1e-12), "{label}: {x:?}");
        let (i, top, end) = peak(&e, l);
        assert!(i > 0 && i + 1 < proxy.len(), "{label}: peak at {i}");
        assert!(top - end > 0.4, "{label}: peak {top}, end {end}");
    }
    let f = e.finals();
    let bon = &f["best-of-n ≤1000"];
    assert!(bon["n_at_gold_peak"].as_u64().unwrap() > 1);
    assert!(bon["n_at_gold_peak"].as_u64().unwrap() < 1000);
    assert_eq!(bon["end"]["n"], json!(1000));
    assert!(bon["gold_drop"].as_f64().unwrap() > 0.4);
    for c in e.checks() {
        assert!(c.passed, "{}: {}", c.name, c.detail);
    }
}

#[test]
fn conservative_ensembles_fall_much_less_than_the_mean() {
    let e = run(&parse(ENSEMBLES));
    // Learners: best-of-n mean, WCO, UWO, then the KL optimum mean, WCO, UWO.
    for base in [0, 3] {
        let (_, top, end) = peak(&e, base);
        let fall = top - end;
        assert!(fall > 0.5, "mean falls: {top} → {end}");
        for l in [base + 1, base + 2] {
            let (_, t, en) = peak(&e, l);
            assert!(
                t - en < 0.25 * fall,
                "{}: {t} → {en}",
                e.series().learners[l].label
            );
            assert!(en > end + 0.5);
        }
    }
    for c in e.checks() {
        assert!(c.passed, "{}: {}", c.name, c.detail);
    }
}

/// Claim 25 (*Compositional preference models for aligning LMs*): on the Goodhart
/// preset's world and labels, a reward model that combines named attributes, one of
/// them how extreme a response is, is not overoptimized where the plain linear one is.
#[test]
fn a_compositional_proxy_is_not_overoptimized_where_the_plain_one_is() {
    let mut plain = parse(GOODHART);
    let mut compositional = parse(COMPOSITIONAL);
    assert_eq!(plain.env.labels, compositional.env.labels);
    plain.steps = 60;
    compositional.steps = 60;
    let (p, c) = (run(&plain), run(&compositional));
    for l in [0, 1, 2] {
        let (_, p_top, p_end) = peak(&p, l);
        let (_, c_top, c_end) = peak(&c, l);
        let label = &c.series().learners[l].label;
        assert!(c_top - c_end < 0.01, "{label}: {c_top} → {c_end}");
        assert!(
            c_end > p_top + 0.4,
            "{label}: {c_end} vs the plain peak {p_top}"
        );
        assert!(
            p_top - p_end > 0.3,
            "{label}: the plain proxy falls, {p_top} → {p_end}"
        );
    }
    for check in c.checks() {
        assert!(check.passed, "{}: {}", check.name, check.detail);
    }
}

/// Claim 24 (*Confronting Reward Model Overoptimization with Constrained RLHF*): pushed
/// past their proxy points the parts' gold falls; constrained RLHF, holding each proxy at
/// its point, does not fall; and the points move with the parts' correlation.
#[test]
fn constrained_rlhf_holds_each_proxy_at_its_point_and_the_points_move_with_correlation() {
    let e = run(&parse(CONSTRAINED));
    let (_, free_top, free_end) = peak(&e, 0);
    let (_, held_top, held_end) = peak(&e, 1);
    assert!(free_top - free_end > 1.0, "{free_top} → {free_end}");
    assert!(held_top - held_end < 0.02, "{held_top} → {held_end}");
    assert!(held_end > free_end + 1.0);
    let f = e.finals();
    let c = &f["constrained RLHF"];
    let points: Vec<f64> = serde_json::from_value(c["proxy_points"].clone()).unwrap();
    let reached: Vec<f64> = serde_json::from_value(c["part_proxy"].clone()).unwrap();
    for (p, r) in points.iter().zip(&reached) {
        assert!(
            (p - r).abs() < 1e-8,
            "both constraints bind: {points:?} vs {reached:?}"
        );
    }
    for check in e.checks() {
        assert!(check.passed, "{}: {}", check.name, check.detail);
    }
    let mut anti = parse(CONSTRAINED);
    anti.env.component_correlation = -0.5;
    let a = run(&anti);
    let moved = &a.finals()["constrained RLHF"]["proxy_points"];
    let second = moved[1].as_f64().expect("the second part peaks");
    assert!(
        (second - points[1]).abs() > 0.3,
        "{second} vs {}",
        points[1]
    );
}

#[test]
fn a_small_mlp_ensemble_runs_and_reports_its_fit() {
    let s: OveroptScenario = serde_json::from_value(json!({
        "seed": 3, "steps": 20,
        "env": { "responses": 200, "labels": 100, "proxy": "mlp", "hidden": 4,
                 "epochs": 300, "ensemble": 2 },
        "learners": [{ "type": "best-of-n", "max_n": 50, "points": 8 },
                     { "type": "policy-gradient", "learning_rate": 50, "reward": "worst-case" }]
    }))
    .unwrap();
    let e = run(&s);
    assert_eq!(e.t(), 20);
    assert_eq!(metric(&e, 0, "kl").len(), 8);
    assert_eq!(metric(&e, 1, "kl").len(), 20);
    let fit = e
        .checks()
        .into_iter()
        .find(|c| c.name.contains("fit"))
        .unwrap();
    assert!(fit.detail.contains("2 mlp"), "{}", fit.detail);
    for m in &e.proxy().members {
        assert!(m.gradient_norm < 1e-2, "{}", m.gradient_norm);
    }
}

#[test]
fn runs_are_deterministic() {
    let mut s = parse(GOODHART);
    s.steps = 20;
    let (a, b) = (run(&s), run(&s));
    assert_eq!(a.series(), b.series());
    assert_eq!(a.finals(), b.finals());
    s.seed = 2;
    assert_ne!(run(&s).series(), a.series());
}

#[test]
fn bad_scenarios_are_refused_with_a_clear_message() {
    let refused = |env: serde_json::Value, learner: serde_json::Value| {
        let s: OveroptScenario = serde_json::from_value(json!({
            "seed": 1, "env": env, "learners": [learner]
        }))
        .unwrap();
        OveroptExperiment::new(&s).unwrap_err()
    };
    let bon = json!({ "type": "best-of-n" });
    let e = refused(json!({ "responses": 1 }), bon.clone());
    assert!(
        e.contains("env.responses") && e.contains("2 to 5000"),
        "{e}"
    );
    let e = refused(json!({ "labels": 0 }), bon.clone());
    assert!(e.contains("env.labels"), "{e}");
    let e = refused(json!({ "label_noise": 0.6 }), bon.clone());
    assert!(e.contains("env.label_noise"), "{e}");
    let e = refused(json!({}), json!({ "type": "best-of-n", "points": 0 }));
    assert!(e.contains("learners[0].points"), "{e}");
    let e = refused(json!({}), json!({ "type": "kl-optimum", "beta_min": 0.0 }));
    assert!(e.contains("learners[0].beta_min"), "{e}");
}

#[test]
#[ignore]
fn print_preset_numbers() {
    for text in [GOODHART, ENSEMBLES] {
        let e = run(&parse(text));
        println!("{}", serde_json::to_string_pretty(&e.finals()).unwrap());
        for c in e.checks() {
            println!("{} {}: {}", c.passed, c.name, c.detail);
        }
    }
}
