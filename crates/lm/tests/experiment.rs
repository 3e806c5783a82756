//! The "Watch a transformer learn" experiment: determinism, backend switching, divergence.

use playground_core::Experiment;
use playground_core::scenario::{LmModel, LmScenario};
use playground_lm::LmExperiment;
use playground_nn::{Cpu, NnError, params};

fn small(seed: u64, steps: usize) -> LmScenario {
    let mut s = LmScenario::with_defaults(seed);
    s.model = LmModel {
        vocab: 6,
        context: 6,
        width: 16,
        heads: 2,
        layers: 1,
    };
    s.train.batch = 8;
    s.steps = steps;
    s
}

#[test]
fn the_same_scenario_gives_bit_identical_losses() {
    let run = |s: LmScenario| {
        let mut e = LmExperiment::new(s).unwrap();
        e.run_to_end();
        e.series().clone()
    };
    let a = run(small(4, 30));
    let b = run(small(4, 30));
    assert_eq!(a, b);
    assert_eq!(a.fingerprint(), b.fingerprint());
    let c = run(small(5, 30));
    assert_ne!(
        a.learners[0].metrics[0].mean, c.learners[0].metrics[0].mean,
        "the seed matters"
    );
}

#[test]
fn slicing_the_work_does_not_change_the_numbers() {
    let mut whole = LmExperiment::new(small(2, 20)).unwrap();
    whole.run_to_end();
    let mut sliced = LmExperiment::new(small(2, 20)).unwrap();
    while !sliced.is_done() {
        assert!(sliced.work(3) <= 3);
    }
    assert_eq!(whole.series(), sliced.series());
}

#[test]
fn switching_backend_mid_run_continues_the_same_run() {
    let mut straight = LmExperiment::new(small(7, 24)).unwrap();
    straight.run_to_end();

    // Halfway, move to another CPU backend instance: weights, Adam moments, step count
    // and random streams all travel through the host, so nothing changes.
    let mut first_half = LmExperiment::new(small(7, 24)).unwrap();
    first_half.work(12);
    let mut second_half = first_half.to_backend(Cpu::<f32>::new()).unwrap();
    second_half.run_to_end();
    assert_eq!(straight.losses(), second_half.losses());

    // To the f64 reference: the same run up to rounding.
    let mut in_f64 = first_half.to_backend(Cpu::<f64>::new()).unwrap();
    in_f64.run_to_end();
    for (a, b) in straight.losses().iter().zip(in_f64.losses()) {
        assert!((a - b).abs() < 1e-4 * a.abs(), "{a} vs {b}");
    }
    assert_eq!(in_f64.t(), 24);
}

#[test]
fn a_diverging_loss_stops_training_with_advice_and_keeps_the_state() {
    let mut e = LmExperiment::new(small(1, 100)).unwrap();
    assert_eq!(e.work(3), 3);
    // Weights so large that the logits overflow: what a far too high learning rate does.
    let mut host = params::export(e.model()).unwrap();
    for t in host.iter_mut().filter(|t| t.name.starts_with("head")) {
        t.data.iter_mut().for_each(|v| *v = 1e38 * v.signum());
    }
    params::import(e.model_mut(), &host).unwrap();
    let err = e.train_step().unwrap_err();
    assert!(matches!(err, NnError::NonFinite { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("Lower the learning rate") && msg.contains("step 4"),
        "{msg}"
    );
    assert_eq!(
        params::export(e.model()).unwrap(),
        host,
        "the failing step changed nothing"
    );
    assert_eq!(e.t(), 3);
    assert!(
        e.is_done(),
        "a halted run counts as done, so run_to_end returns"
    );
    assert_eq!(e.work(10), 0);
    e.run_to_end();
    assert_eq!(e.losses().len(), 3);
    assert!(e.train_step().is_err());
    let failed: Vec<_> = e
        .checks()
        .into_iter()
        .filter(|c| !c.passed)
        .map(|c| c.name)
        .collect();
    assert!(failed.contains(&"training ran".to_string()), "{failed:?}");
}

/// The CPU backend must compute bit-identical numbers on every platform: this fingerprint
/// is also checked in wasm32, in headless Chromium (`web/tests/browser.rs`). Regenerate
/// after an intended change with `UPDATE_FINGERPRINTS=1 cargo test -p playground-lm`.
#[test]
fn the_reference_run_matches_its_recorded_fingerprint() {
    playground_testkit::assert_recorded(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/pretrain_fingerprint.txt"
        ),
        &playground_testkit::fingerprint_line(playground_lm::pretrain::reference_fingerprint()),
    );
}
