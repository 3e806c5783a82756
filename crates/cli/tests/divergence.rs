//! Divergence, lab by lab. A learner pushed past what its numbers can hold (a learning
//! rate at the top of its range, IPO's τ near zero) stops the run at the step that blew
//! up, names itself, the step and the cause, and keeps its last finite state; the CLI
//! writes the report so far and fails. Labs whose every learner stays finite at the ends
//! of its ranges say so here too, so a change that lets them blow up is caught. (The
//! transformer and Tiny-LM labs test theirs in crates/lm.)

use std::process::Command;

use playground_bandit::BanditExperiment;
use playground_core::gridworld::GridExperiment;
use playground_core::{Experiment, Scenario, presets};
use playground_pref::DpoExperiment;
use playground_pref::nash::NashExperiment;
use playground_pref::overopt::OveroptExperiment;
use playground_pref::reward_learning::RewardExperiment;
use serde_json::{Value, json};

/// Fields that blow a learner up when large, and those that do when small.
const LARGE: &[&str] = &["learning_rate", "lr", "alpha", "step_size", "eta", "epochs"];
const SMALL: &[&str] = &["beta", "tau", "temperature"];

/// A preset with every learner's LARGE fields at the largest value validation accepts
/// and SMALL fields at the smallest (searched by halving or doubling from 10^±12), its
/// runs cut to `runs` and its horizon to `horizon`.
fn at_extremes(preset: &str, runs: u64, horizon: u64) -> Scenario {
    let mut doc = presets::find(preset).expect("preset").scenario().to_value();
    if doc.get("runs").is_some() {
        doc["runs"] = json!(runs);
    }
    for key in ["steps", "episodes", "iterations"] {
        if let Some(n) = doc.get(key).and_then(Value::as_u64) {
            doc[key] = json!(n.min(horizon));
        }
    }
    let list = if doc.get("agents").is_some() {
        "agents"
    } else {
        "learners"
    };
    let count = doc[list].as_array().map_or(0, Vec::len);
    for i in 0..count {
        let fields: Vec<String> = doc[list][i].as_object().unwrap().keys().cloned().collect();
        for f in fields {
            let up = LARGE.contains(&f.as_str());
            if !(up || SMALL.contains(&f.as_str())) || !doc[list][i][&f].is_number() {
                continue;
            }
            let mut x: f64 = if up { 1e12 } else { 1e-12 };
            for _ in 0..100 {
                let mut d = doc.clone();
                d[list][i][&f] = if doc[list][i][&f].is_u64() {
                    json!(x.max(1.0) as u64)
                } else {
                    json!(x)
                };
                if Scenario::from_value(d.clone()).is_ok() {
                    doc = d;
                    break;
                }
                x = if up { x / 2.0 } else { x * 2.0 };
            }
        }
    }
    Scenario::from_value(doc).expect("the extremes are valid")
}

fn build(s: &Scenario) -> Box<dyn Experiment> {
    match s {
        Scenario::Bandit(b) => Box::new(BanditExperiment::new(b.clone())),
        Scenario::Gridworld(g) => Box::new(GridExperiment::new(g.clone()).unwrap()),
        Scenario::PolicyGradient(p) => Box::new(playground_pg::build(p).unwrap()),
        Scenario::Dpo(d) => Box::new(DpoExperiment::new(d).unwrap()),
        Scenario::Nash(n) => Box::new(NashExperiment::new(n).unwrap()),
        Scenario::Overoptimization(o) => Box::new(OveroptExperiment::new(o).unwrap()),
        Scenario::RewardLearning(r) => Box::new(RewardExperiment::new(r).unwrap()),
        other => panic!("{} is tested in crates/lm", other.kind()),
    }
}

/// Every point recorded is a finite number (a diverged step records none).
fn assert_finite_so_far(e: &dyn Experiment, what: &str) {
    for l in &e.series().learners {
        for m in &l.metrics {
            for x in m.mean.iter().chain(&m.ci95) {
                assert!(x.is_finite(), "{what}: {} {} holds {x}", l.label, m.name);
            }
        }
    }
}

/// Run to the end; it must stop at `step` naming `learner` and `cause`.
fn assert_diverges(s: &Scenario, learner: &str, step: usize, cause: &str) {
    let mut e = build(s);
    e.run_to_end();
    let d = e.divergence().expect("the run diverges");
    assert_eq!((d.learner.as_str(), d.step), (learner, step), "{d}");
    assert!(d.to_string().contains(cause), "{d}");
    assert_eq!(e.t(), step - 1, "no point of the step that blew up is kept");
    // No more work is done, whatever is asked.
    assert_eq!(e.work(usize::MAX), 0);
    e.step();
    assert_eq!(e.t(), step - 1);
    assert_finite_so_far(e.as_ref(), learner);
}

/// Every preset of the kind at its extremes runs to the end with finite numbers only.
fn assert_stays_finite(kind: &str, runs: u64, horizon: u64) {
    for p in presets::for_kind(kind) {
        let s = at_extremes(p.name, runs, horizon);
        let mut e = build(&s);
        e.run_to_end();
        assert!(e.divergence().is_none(), "{}", p.name);
        assert!(e.is_done(), "{}", p.name);
        assert_finite_so_far(e.as_ref(), p.name);
    }
}

#[test]
fn policy_gradient_stops_at_the_update_that_blew_up_and_keeps_the_policy_before_it() {
    let s = at_extremes("pg-reinforce-baselines", 4, 100);
    assert_diverges(&s, "REINFORCE", 1, "KL(old ‖ new) = inf");
    let s = at_extremes("pg-grpo-noisy-bandit", 4, 100);
    assert_diverges(&s, "GRPO G=8", 1, "parameters are no longer finite");
    let Scenario::PolicyGradient(pg) = &s else {
        unreachable!()
    };
    let mut e = playground_pg::build(pg).unwrap();
    e.run_to_end();
    let kept = e.learner(0, 0).unwrap().policy().params();
    assert!(kept.iter().all(|x| x.is_finite()), "{kept:?}");
}

#[test]
fn dpo_lab_ipo_with_a_tiny_tau_stops_before_its_loss_overflows() {
    let s = at_extremes("dpo-vs-ipo", 1, 500);
    assert_diverges(&s, "IPO β=0.000000000001", 95, "its loss became inf");
    let s = at_extremes("f-dpg-divergences", 1, 500);
    assert_diverges(
        &s,
        "f-DPG reverse-kl β=0.000000000001",
        1,
        "logits are no longer finite",
    );
}

#[test]
fn the_cli_writes_the_report_so_far_and_fails_naming_the_divergence() {
    let path = std::env::temp_dir().join(format!("diverging-{}.toml", std::process::id()));
    std::fs::write(&path, at_extremes("dpo-vs-ipo", 1, 500).to_toml()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_playground"))
        .args(["run", path.to_str().unwrap(), "--compact"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("IPO β=0.000000000001 diverged at step 95"),
        "{stderr}"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let loss = &report["series"]["IPO β=0.000000000001"]["loss"];
    assert_eq!(loss.as_array().map(Vec::len), Some(94), "{loss}");
}

#[test]
fn bandit_learners_stay_finite_at_the_ends_of_their_ranges() {
    assert_stays_finite("bandit", 20, 2000);
}

#[test]
fn gridworld_learners_stay_finite_at_the_ends_of_their_ranges() {
    assert_stays_finite("gridworld", 3, 300);
}

#[test]
fn nash_learners_stay_finite_at_the_ends_of_their_ranges() {
    assert_stays_finite("nash", 1, 5000);
}

#[test]
fn overoptimization_learners_stay_finite_at_the_ends_of_their_ranges() {
    assert_stays_finite("overoptimization", 1, 300);
}

#[test]
fn reward_learning_learners_stay_finite_at_the_ends_of_their_ranges() {
    assert_stays_finite("reward-learning", 1, 60);
}
