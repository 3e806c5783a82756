//! The Tiny-LM Alignment Lab's engine: π_ref as shipped, learning effects, exact checks,
//! moving between backends, divergence, and bit-identical numbers.

use playground_core::scenario::AlignScenario;
use playground_core::{Experiment, Scenario};
use playground_lm::align::AlignExperiment;
use playground_lm::align::exact::tokens;
use playground_lm::align::model::{SHIPPED_STEPS, chain, shipped, token_tree};
use playground_lm::align::world::{PROMPT, VOCAB};
use playground_nn::{Cpu, Tensor, block_on};

fn scenario(text: &str) -> AlignScenario {
    match Scenario::from_toml(&format!("kind = \"lm-alignment\"\n{text}")).unwrap() {
        Scenario::LmAlignment(a) => a,
        other => panic!("parsed as {}", other.kind()),
    }
}

fn run(text: &str) -> AlignExperiment<Cpu<f32>> {
    run_spec(scenario(text))
}

fn run_spec(s: AlignScenario) -> AlignExperiment<Cpu<f32>> {
    let mut e = AlignExperiment::new(s).unwrap();
    e.run_to_end();
    assert_eq!(e.halted(), None);
    e
}

fn final_of(e: &AlignExperiment<Cpu<f32>>, label: &str, key: &str) -> f64 {
    e.finals()[label][key].as_f64().unwrap()
}

fn assert_checks_pass(e: &AlignExperiment<Cpu<f32>>) {
    let failed: Vec<_> = e.checks().into_iter().filter(|c| !c.passed).collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

/// π_ref learned the chain: after any prefix, its next word follows the chain's row of the
/// last word (the prompt "the" before the first), to within 0.02 nats on average.
#[test]
fn the_shipped_reference_speaks_the_chains_language() {
    let model = shipped(&Cpu::<f32>::new()).unwrap();
    let tree = block_on(token_tree(&model, 3)).unwrap();
    let chain = chain();
    let lp = tree.sequence_log_probs();
    let mut mean_kl = 0.0;
    for (i, l) in lp.iter().enumerate() {
        let y = tokens(i, VOCAB, 3);
        for t in 0..3 {
            let from = if t == 0 { PROMPT as usize } else { y[t - 1] };
            let (p, q) = (
                chain.prob(from, y[t]),
                tree.next_log_prob(&y[..t], y[t]).exp(),
            );
            // E_y Σ_t ln(p/q) under π_ref ≈ KL(chain ‖ model) summed over positions.
            mean_kl += l.exp() * (p.ln() - q.ln()) / 3.0;
        }
    }
    assert!(
        mean_kl.abs() < 0.02,
        "mean per-word divergence {mean_kl} ({SHIPPED_STEPS} steps)"
    );
}

#[test]
fn every_learner_gains_gold_and_stays_under_the_frontier() {
    let e = run(r#"
        seed = 1
        steps = 60
        [world]
        length = 3
        pairs = 256
        [[learners]]
        type = "dpo"
        beta = 0.3
        learning_rate = 0.01
        [[learners]]
        type = "kto"
        beta = 0.3
        learning_rate = 0.01
        [[learners]]
        type = "online-dpo"
        beta = 0.3
        learning_rate = 0.01
        [[learners]]
        type = "rloo"
        beta = 0.3
        learning_rate = 0.01
        [[learners]]
        type = "grpo"
        beta = 0.3
        learning_rate = 0.01
        [[learners]]
        type = "ppo"
        beta = 0.3
        learning_rate = 0.01
    "#);
    let reference = final_of(&e, "reference", "gold_reward_exact");
    for label in e.labels() {
        let gold = final_of(&e, label, "gold_reward_exact");
        assert!(gold > reference + 0.5, "{label}: {reference} → {gold}");
        assert!(
            gold <= final_of(&e, label, "frontier_gold_at_kl") + 1e-9,
            "{label}"
        );
    }
    assert_checks_pass(&e);
}

/// On a verifiable 0/1 reward, GRPO's groups are all equal with probability
/// p^k + (1 − p)^k; Verify tallies that, and pass@k rises with training.
#[test]
fn rlvr_pass_at_k_rises_and_flat_groups_match_their_law() {
    let e = run(r#"
        seed = 2
        steps = 40
        [world]
        length = 4
        reward = "verifiable"
        [[learners]]
        type = "grpo"
        beta = 0.04
        group = 8
        learning_rate = 0.01
    "#);
    let f = e.finals();
    let before = f["reference"]["pass_at_k"]["value"][0].as_f64().unwrap();
    let after = f["GRPO β=0.04"]["pass_at_k"]["value"][0].as_f64().unwrap();
    assert!(after > before + 0.3, "pass@1 {before} → {after}");
    let names: Vec<String> = e.checks().into_iter().map(|c| c.name).collect();
    assert!(
        names.iter().any(|n| n.contains("all-equal groups")),
        "{names:?}"
    );
    assert_checks_pass(&e);
}

/// Moving a run to another backend mid-way (here CPU to CPU, through the host) continues
/// it bit for bit: weights, Adam moments, PPO's value head and random streams carry over.
#[test]
fn a_moved_run_continues_exactly() {
    let text = r#"
        seed = 4
        steps = 6
        [world]
        length = 3
        pairs = 64
        [[learners]]
        type = "ppo"
        batch = 8
        [[learners]]
        type = "dpo"
        batch = 8
    "#;
    let whole = run(text);
    let mut first = AlignExperiment::new(scenario(text)).unwrap();
    while first.t() < 3 {
        first.work(1);
    }
    let mut moved = first.to_backend(Cpu::<f32>::new()).unwrap();
    moved.run_to_end();
    assert_eq!(moved.series(), whole.series());
    assert_eq!(moved.tokens(), whole.tokens());
}

/// A policy whose weights went non-finite (what a diverging run leaves) stops the run at
/// its next step with the learner, the step and the cause named; nothing is recorded for
/// that step and the other learners keep their state.
#[test]
fn a_broken_policy_stops_the_run_with_an_explanation() {
    let mut e = AlignExperiment::new(scenario(
        r#"
        seed = 1
        steps = 10
        [world]
        length = 3
        [[learners]]
        type = "rloo"
        [[learners]]
        type = "dpo"
    "#,
    ))
    .unwrap();
    while e.t() < 2 {
        e.work(1);
    }
    let head = &mut e.learners_mut()[1].policy.head.weight;
    let shape = head.shape().to_vec();
    *head = Tensor::from_slice(
        head.backend(),
        &vec![f32::NAN; shape.iter().product()],
        &shape,
    )
    .unwrap();
    e.run_to_end();
    let why = e.halted().expect("the run stops").to_string();
    assert!(why.starts_with("DPO β=0.5 stopped at step 3:"), "{why}");
    assert!(
        why.contains("not finite") || why.contains("NaN") || why.contains("infinite"),
        "{why}"
    );
    assert_eq!(e.t(), 2);
    let dpo = &e.series().learners[1];
    assert_eq!(dpo.metric("loss").unwrap().mean.len(), 2);
    assert_eq!(e.series().learners[0].metric("loss").unwrap().mean.len(), 3);
    let failed: Vec<_> = e
        .checks()
        .into_iter()
        .filter(|c| !c.passed)
        .map(|c| c.name)
        .collect();
    assert!(
        failed.contains(&"the run went on".to_string()),
        "{failed:?}"
    );
}

/// "Pretrain it yourself": π_ref trained live first, its loss from about ln 8 down toward
/// the chain's entropy rate, then alignment as usual.
#[test]
fn pretraining_live_comes_first() {
    let e = run(r#"
        seed = 1
        steps = 2
        [world]
        length = 2
        reference = "pretrain"
        pretrain_steps = 150
        [[learners]]
        type = "dpo"
    "#);
    let losses = e.pretrain_losses();
    assert_eq!(losses.len(), 150);
    assert!((losses[0] - 8f64.ln()).abs() < 0.15, "{}", losses[0]);
    let late = losses[140..].iter().sum::<f64>() / 10.0;
    assert!(
        late < losses[0] - 0.5 && late > e.entropy_rate() - 0.05,
        "{late}"
    );
    assert!(e.finals().contains_key("pretraining"));
}

/// The "pretrain it yourself" preset: π_ref's loss ends on the chain's entropy rate (the
/// mean of its last tenth within 0.01 nats of it).
#[test]
fn the_pretraining_preset_reaches_the_entropy_rate() {
    let Scenario::LmAlignment(mut s) = playground_core::presets::find("tiny-lm-pretrain-yourself")
        .expect("preset")
        .scenario()
    else {
        unreachable!()
    };
    s.steps = 1;
    let e = run_spec(s);
    let losses = e.pretrain_losses();
    let tail = &losses[losses.len() - losses.len() / 10..];
    let mean = tail.iter().sum::<f64>() / tail.len() as f64;
    assert!(
        (mean - e.entropy_rate()).abs() < 0.01,
        "{mean} vs {}",
        e.entropy_rate()
    );
}

/// The CPU backend computes bit-identical numbers on every platform: this fingerprint is
/// also checked in wasm32, in headless Chromium (`web/tests/browser.rs`). Regenerate after
/// an intended change with `UPDATE_FINGERPRINTS=1 cargo test -p playground-lm`.
#[test]
fn the_reference_alignment_matches_its_recorded_fingerprint() {
    playground_testkit::assert_recorded(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/align_fingerprint.txt"
        ),
        &playground_testkit::fingerprint_line(
            playground_lm::align::experiment::reference_fingerprint(),
        ),
    );
}

/// One step of every learner on the GPU backend (lavapipe here) gives the CPU's loss to
/// 1e-4 relative. Skipped, saying so, where wgpu finds no adapter, unless
/// `PLAYGROUND_REQUIRE_GPU` is set (as scripts/test.sh sets it): then that fails.
#[test]
fn one_step_on_the_gpu_matches_the_cpu() {
    let gpu = match playground_nn::backend::gpu::Gpu::new_blocking() {
        Ok(gpu) => gpu,
        Err(e) => {
            assert!(
                std::env::var_os("PLAYGROUND_REQUIRE_GPU").is_none(),
                "PLAYGROUND_REQUIRE_GPU is set but no GPU adapter opened: {e}"
            );
            eprintln!("no GPU adapter: GPU parity not checked here");
            return;
        }
    };
    let text = r#"
        seed = 6
        steps = 1
        [world]
        length = 3
        pairs = 32
        [[learners]]
        type = "dpo"
        batch = 8
        [[learners]]
        type = "grpo"
        batch = 8
        [[learners]]
        type = "ppo"
        batch = 8
    "#;
    let cpu = run(text);
    let mut on_gpu = AlignExperiment::with_backend(scenario(text), gpu).unwrap();
    on_gpu.run_to_end();
    for (a, b) in cpu.series().learners.iter().zip(&on_gpu.series().learners) {
        let (x, y) = (
            a.metric("loss").unwrap().mean[0],
            b.metric("loss").unwrap().mean[0],
        );
        assert!(
            (x - y).abs() <= 1e-4 * x.abs().max(1e-2),
            "{}: {x} vs {y}",
            a.label
        );
    }
}
