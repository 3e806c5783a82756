//! The tiny transformer learns text from a known Markov chain down to (nearly) the
//! chain's exact entropy rate, and never below it.

use playground_core::Experiment;
use playground_core::scenario::{LmModel, LmScenario};
use playground_lm::LmExperiment;

/// Train `scenario` to the end and compare the held-out loss with the entropy rate.
fn learns_to_the_floor(scenario: LmScenario) {
    let mut exp = LmExperiment::new(scenario).expect("valid scenario");
    let h = exp.entropy_rate();
    let first = exp.train_step().expect("a step");
    exp.run_to_end();
    assert!(exp.halted().is_none(), "{:?}", exp.halted());
    let held_out = exp.eval_loss(16, 99).expect("eval");
    eprintln!("entropy rate {h:.4}, first loss {first:.4}, held-out loss {held_out:.4}");
    // Before training the loss is near ln(vocab), far above the floor.
    assert!(first > h + 0.5, "first loss {first} vs floor {h}");
    // Tighter than the Verify panel's margin on the (noisier) training loss.
    assert!(held_out - h <= 0.05, "held-out {held_out} vs floor {h}");
    // Beating the floor by more than noise would mean the model sees the future.
    assert!(held_out >= h - 0.03, "held-out {held_out} below floor {h}");
    for c in exp.checks() {
        assert!(c.passed, "{}: {}", c.name, c.detail);
    }
}

/// Small enough for a debug-mode `cargo test` on two cores (a few seconds).
#[test]
fn a_small_transformer_reaches_the_entropy_rate() {
    let mut s = LmScenario::with_defaults(3);
    s.model = LmModel {
        vocab: 8,
        context: 8,
        width: 32,
        heads: 2,
        layers: 1,
    };
    s.train.batch = 16;
    s.train.lr = 1e-2;
    s.steps = 250;
    learns_to_the_floor(s);
}

/// The demo's default scenario (about 15 s in release mode).
#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored"]
fn the_default_scenario_reaches_the_entropy_rate() {
    learns_to_the_floor(LmScenario::with_defaults(1));
}
