//! The DPO Lab's experiment from its Scenario: the issue's example as written, its TRL
//! metric names, its checks, and sampled data.

use playground_core::{Experiment, Scenario, presets};
use playground_pref::DpoExperiment;

fn dpo(toml: &str) -> playground_core::scenario::DpoScenario {
    match Scenario::from_toml(toml).unwrap() {
        Scenario::Dpo(d) => d,
        other => panic!("not a DPO scenario: {other:?}"),
    }
}

#[test]
fn the_issues_example_runs_as_written_with_trls_metric_names() {
    let Scenario::Dpo(d) = presets::find("dpo-vs-ipo").unwrap().scenario() else {
        panic!("dpo-vs-ipo is a DPO scenario")
    };
    let mut e = DpoExperiment::new(&d).unwrap();
    e.run_to_end();
    assert_eq!(e.t(), 3000);
    let labels: Vec<&str> = e
        .series()
        .learners
        .iter()
        .map(|l| l.label.as_str())
        .collect();
    assert_eq!(labels, ["DPO β=1", "IPO β=1"]);
    for name in [
        "rewards/chosen",
        "rewards/rejected",
        "rewards/margins",
        "rewards/accuracies",
        "logps/chosen",
        "logps/rejected",
    ] {
        for l in &e.series().learners {
            assert_eq!(l.metric(name).unwrap().mean.len(), 3000, "{name}");
        }
    }
    let checks = e.checks();
    assert!(
        checks.len() >= 5 && checks.iter().all(|c| c.passed),
        "{checks:?}"
    );
    // DPO gets close to its exact optimum in 3000 steps; IPO stays nearer π_ref.
    let finals = e.finals();
    let dpo = &finals["DPO β=1"];
    let probs = dpo["final_policy"][0].as_array().unwrap();
    let star = dpo["kl_regularised_optimum"][0].as_array().unwrap();
    for (p, q) in probs.iter().zip(star) {
        assert!((p.as_f64().unwrap() - q.as_f64().unwrap()).abs() < 1e-3);
    }
    assert!(finals["IPO β=1"]["kl"].as_f64().unwrap() < dpo["kl"].as_f64().unwrap());
}

const SAMPLED: &str = r#"
kind = "dpo"
seed = 5
steps = 200
[env]
ref_probs = [0.4, 0.3, 0.2, 0.1]
gold_reward = [0.0, 1.0, 2.0, 3.0]
pairs = 400
[[learners]]
type = "dpo"
beta = 0.5
learning_rate = 0.5
[[learners]]
type = "robust-dpo"
beta = 0.5
label_smoothing = 0.2
"#;

#[test]
fn sampled_data_is_deterministic_and_dpos_optimum_is_the_bradley_terry_one() {
    let run = |seed: u64| {
        let mut d = dpo(SAMPLED);
        d.seed = seed;
        let mut e = DpoExperiment::new(&d).unwrap();
        e.run_to_end();
        e
    };
    let (a, b, c) = (run(5), run(5), run(6));
    assert_eq!(a.series().fingerprint(), b.series().fingerprint());
    assert_ne!(a.series().fingerprint(), c.series().fingerprint());
    assert_eq!(a.problem().pairs[0].len(), 400);
    let checks = a.checks();
    let bt = checks
        .iter()
        .find(|c| c.name.contains("e^(r̂/β)"))
        .expect("the Bradley–Terry check applies to sampled pairs");
    assert!(bt.passed, "{bt:?}");
    assert!(checks.iter().all(|c| c.passed), "{checks:?}");
}

#[test]
fn bad_scenarios_name_the_field() {
    let err = |toml: &str| Scenario::from_toml(toml).unwrap_err().to_string();
    let base =
        "kind = \"dpo\"\nseed = 1\n[[learners]]\ntype = \"dpo\"\n[env]\nref_probs = [0.5, 0.5]\n";
    assert!(err(&format!("{base}gold_reward = [1.0]")).contains("env.gold_reward"));
    assert!(
        err(&format!(
            "{base}gold_reward = [1.0, 0.0]\ndata = \"population\"\npairs = 5"
        ))
        .contains("env.data")
    );
    assert!(err(&format!("{base}gold_reward = [1.0, 0.0]\nflip = 0.5")).contains("env.flip"));
    let many = "kind = \"dpo\"\nseed = 1\nsteps = 100000\n[[learners]]\ntype = \"dpo\"\n[env]\nref_probs = [0.5, 0.5]\ngold_reward = [1.0, 0.0]\npairs = 100000\n";
    assert!(err(many).contains("steps × data"));
}

/// *A General Theoretical Paradigm to Understand Learning from Human Preferences*: with
/// deterministic labels DPO's margin grows without bound while IPO's settles.
#[test]
fn deterministic_labels_send_dpos_margin_up_while_ipos_settles() {
    let Scenario::Dpo(d) = presets::find("dpo-deterministic-labels")
        .unwrap()
        .scenario()
    else {
        panic!("a DPO preset")
    };
    let mut e = DpoExperiment::new(&d).unwrap();
    e.run_to_end();
    let margins = |l: usize| {
        e.series().learners[l]
            .metric("rewards/margins")
            .unwrap()
            .mean
            .clone()
    };
    let (dpo, ipo) = (margins(0), margins(1));
    let at = |m: &[f64], t: usize| m[t - 1];
    // DPO: still climbing at the end, by a clear amount per 500 steps.
    assert!(
        at(&dpo, 2000) > at(&dpo, 1500) + 0.05,
        "{} then {}",
        at(&dpo, 1500),
        at(&dpo, 2000)
    );
    assert!(at(&dpo, 1500) > at(&dpo, 1000) + 0.05);
    // IPO: settled.
    assert!(
        (at(&ipo, 2000) - at(&ipo, 1500)).abs() < 1e-6,
        "{} then {}",
        at(&ipo, 1500),
        at(&ipo, 2000)
    );
    assert!(at(&dpo, 2000) > at(&ipo, 2000));
    let kl = |l: usize| {
        *e.series().learners[l]
            .metric("kl")
            .unwrap()
            .mean
            .last()
            .unwrap()
    };
    assert!(kl(0) > 2.0 * kl(1), "DPO's KL {} vs IPO's {}", kl(0), kl(1));
    assert!(e.checks().iter().all(|c| c.passed));
}

/// Two prompts with tabular policies learn independently: each prompt's policy is the
/// one a single-prompt run of it reaches, with the step scaled by the prompt's share of
/// the pairs (½ here, so a learning rate of 0.2 there is 0.1 here — bit for bit).
#[test]
fn several_prompts_learn_as_separate_runs_do() {
    let one = |probs: &str, gold: &str, lr: f64| {
        format!(
            "kind = \"dpo\"\nseed = 1\nsteps = 200\n[env]\nref_probs = {probs}\ngold_reward = {gold}\n\
             [[learners]]\ntype = \"dpo\"\nbeta = 0.5\nlearning_rate = {lr}\n"
        )
    };
    let final_policy = |toml: &str| {
        let mut e = DpoExperiment::new(&dpo(toml)).unwrap();
        e.run_to_end();
        assert!(e.checks().iter().all(|c| c.passed), "{:?}", e.checks());
        e.finals()["DPO β=0.5"]["final_policy"].clone()
    };
    let (a, b) = ("[0.5, 0.3, 0.2]", "[0.1, 0.6, 0.3]");
    let (ra, rb) = ("[0.0, 1.0, 2.0]", "[2.0, 0.0, 1.0]");
    let both = final_policy(&one(&format!("[{a}, {b}]"), &format!("[{ra}, {rb}]"), 0.2));
    assert_eq!(both[0], final_policy(&one(a, ra, 0.1))[0]);
    assert_eq!(both[1], final_policy(&one(b, rb, 0.1))[0]);
}

/// An explicit dataset names its pairs by index, and only they are learned from.
#[test]
fn explicit_pairs_are_the_data() {
    let toml = "kind = \"dpo\"\nseed = 1\nsteps = 50\n[env]\nref_probs = [0.4, 0.3, 0.2, 0.1]\n\
                gold_reward = [0.0, 1.0, 2.0, 3.0]\npairs = [[1, 0], [2, 0], [1, 0]]\n\
                [[learners]]\ntype = \"dpo\"\n";
    let e = DpoExperiment::new(&dpo(toml)).unwrap();
    let pairs: Vec<(usize, usize)> = e.problem().pairs[0]
        .iter()
        .map(|p| (p.chosen, p.rejected))
        .collect();
    assert_eq!(pairs, [(1, 0), (2, 0), (1, 0)]);
    let err = Scenario::from_toml(&toml.replace("[2, 0]", "[2, 2]"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("pairs[1]"), "{err}");
    let err = Scenario::from_toml(&toml.replace("[2, 0]", "[2, 9]"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("pairs[1]"), "{err}");
}
