//! The Tiny-LM Alignment Lab's paper claims, each a preset whose effect is asserted here.

use playground_core::scenario::AlignScenario;
use playground_core::{Experiment, Scenario, presets};
use playground_lm::align::AlignExperiment;
use playground_lm::align::exact::ln_partition;
use playground_nn::Cpu;

fn run_preset(name: &str) -> AlignExperiment<Cpu<f32>> {
    let Scenario::LmAlignment(s) = presets::find(name).expect("preset exists").scenario() else {
        panic!("{name} is an lm-alignment preset")
    };
    run(s)
}

fn run(s: AlignScenario) -> AlignExperiment<Cpu<f32>> {
    let mut e = AlignExperiment::new(s).unwrap();
    e.run_to_end();
    assert_eq!(e.halted(), None);
    let failed: Vec<_> = e.checks().into_iter().filter(|c| !c.passed).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    e
}

fn final_of(e: &AlignExperiment<Cpu<f32>>, label: &str, key: &str) -> f64 {
    e.finals()[label][key].as_f64().unwrap()
}

/// A learner's metric at every step.
fn path_of<'e>(e: &'e AlignExperiment<Cpu<f32>>, label: &str, metric: &str) -> &'e [f64] {
    &e.series()
        .learner(label)
        .unwrap()
        .metric(metric)
        .unwrap()
        .mean
}

/// The best E_π r − β·KL any policy reaches: β ln Z_β.
fn best_objective(e: &AlignExperiment<Cpu<f32>>, beta: f64) -> f64 {
    let shared = e.shared().unwrap();
    beta * ln_partition(&shared.ref_logp, &shared.gold, beta)
}

/// E_π r − β·KL(π‖π_ref) of a learner's final policy.
fn objective(e: &AlignExperiment<Cpu<f32>>, label: &str, beta: f64) -> f64 {
    final_of(e, label, "gold_reward_exact") - beta * final_of(e, label, "kl_exact")
}

/// *Preference Fine-Tuning of LLMs Should Leverage Suboptimal, On-Policy Data*: where the
/// reward's peak has little mass under π_ref, on-policy sampling finds it; offline pairs
/// from π_ref do not.
#[test]
fn on_policy_sampling_finds_what_offline_pairs_miss() {
    let e = run_preset("on-policy-vs-offline-dpo");
    let reference = final_of(&e, "reference", "gold_reward_exact");
    let offline = final_of(&e, "DPO β=0.1", "gold_reward_exact");
    let online = final_of(&e, "online DPO β=0.1", "gold_reward_exact");
    assert!(reference < 0.02, "π_ref rarely earns it: {reference}");
    assert!(
        offline < 2.0 * reference,
        "offline DPO: {reference} → {offline}"
    );
    assert!(online > 0.9, "online DPO: {reference} → {online}");
}

/// *Back to Basics…*: with the whole response as one action, REINFORCE with a
/// leave-one-out baseline matches PPO on the KL-regularised objective, without a value
/// network.
#[test]
fn rloo_matches_ppo_without_a_critic() {
    let e = run_preset("rloo-vs-ppo");
    let beta = 0.5;
    let best = best_objective(&e, beta);
    let (rloo, ppo) = (
        objective(&e, "RLOO β=0.5", beta),
        objective(&e, "PPO β=0.5", beta),
    );
    eprintln!("objective: RLOO {rloo:.4}, PPO {ppo:.4}, optimum β ln Z = {best:.4}");
    assert!(rloo >= ppo - 0.01, "RLOO {rloo} vs PPO {ppo}");
    assert!(
        best - rloo < 0.1 && best - ppo < 0.1,
        "both near the optimum {best}"
    );
}

/// *Pairwise Proximal Policy Optimization…*: shifting every reward by a constant changes
/// PPO's run; P3O's is the same step for step.
#[test]
fn a_reward_shift_moves_ppo_but_not_p3o() {
    let e = run_preset("p3o-reward-shift");
    let path = |label: &str| path_of(&e, label, "gold_reward_exact");
    assert_eq!(path("P3O β=0.5"), path("P3O β=0.5, r+5"));
    let (a, b) = (path("PPO β=0.5"), path("PPO β=0.5, r+5"));
    let gap = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max);
    assert!(gap > 0.1, "PPO's two runs part: largest gap {gap}");
}

/// The flagship: every online learner ends within 0.1 of the frontier's gold at its KL;
/// offline DPO ends more than 1 below it.
#[test]
fn online_learners_hug_the_frontier_offline_dpo_does_not() {
    let e = run_preset("tiny-lm-alignment");
    let gap = |label: &str| {
        final_of(&e, label, "frontier_gold_at_kl") - final_of(&e, label, "gold_reward_exact")
    };
    for label in ["online DPO β=0.5", "RLOO β=0.5", "PPO β=0.5"] {
        assert!(gap(label) < 0.15, "{label}: {}", gap(label));
    }
    assert!(gap("DPO β=0.5") > 1.0, "offline DPO: {}", gap("DPO β=0.5"));
}

/// The RLVR corner: pass@1 rises from π_ref's few percent to nearly 1, and the share of
/// GRPO groups with all-equal rewards is high at both ends (all fail, then all pass).
#[test]
fn rlvr_groups_are_flat_at_both_ends() {
    let e = run_preset("rlvr-pass-at-k");
    let f = e.finals();
    let pass1 = |label: &str| f[label]["pass_at_k"]["value"][0].as_f64().unwrap();
    assert!(pass1("reference") < 0.1);
    assert!(pass1("GRPO β=0.04") > 0.95 && pass1("RLOO β=0.04") > 0.95);
    let flat = path_of(&e, "GRPO β=0.04", "frac_reward_zero_std");
    let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
    let (first, last) = (mean(&flat[..5]), mean(&flat[flat.len() - 10..]));
    let dip = flat.chunks(10).map(mean).fold(f64::INFINITY, f64::min);
    assert!(
        first > dip + 0.1 && last > dip + 0.3 && last > 0.7,
        "{first} {dip} {last}"
    );
}

/// The proxy demo: optimising the word-count proxy, the gold reward peaks and then falls
/// far below what optimising the gold reward reaches, while the proxy stays high; the
/// gold's optimum is a response the proxy scores badly.
#[test]
fn the_proxys_learner_peaks_then_falls_on_gold() {
    let e = run_preset("tiny-lm-proxy-goodhart");
    let series = e.series().learner("RLOO β=0.05 (proxy)").unwrap();
    let gold = &series.metric("gold_reward_exact").unwrap().mean;
    let proxy = &series.metric("proxy_reward_exact").unwrap().mean;
    let peak = gold.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let end = *gold.last().unwrap();
    assert!(
        peak > 3.5 && end < peak - 3.0,
        "gold peaks at {peak}, ends at {end}"
    );
    assert!(*proxy.last().unwrap() > 4.5, "the proxy stays high");
    assert!(final_of(&e, "RLOO β=0.05", "gold_reward_exact") > 5.9);
    assert!(final_of(&e, "RLOO β=0.05", "proxy_reward_exact") < 0.0);
}

/// *Exploratory Preference Optimization…*: the exploration bonus finds a high-reward
/// response π_ref almost never writes, which offline DPO never reaches; without the bonus
/// the same learner gets there less often, and too large a bonus settles on a response
/// that is merely rare under π_ref.
#[test]
fn the_exploration_bonus_finds_what_pi_ref_never_writes() {
    let e = run_preset("xpo-exploration-bonus");
    let gold = |label: &str| final_of(&e, label, "gold_reward_exact");
    assert!(gold("reference") < 0.01, "π_ref: {}", gold("reference"));
    assert!(
        gold("DPO β=0.1") < 0.02,
        "offline DPO: {}",
        gold("DPO β=0.1")
    );
    assert!(gold("XPO α=0.01") > 0.9, "XPO: {}", gold("XPO α=0.01"));
    assert!(gold("XPO α=0 (no bonus)") < 0.5);
    assert!(
        gold("XPO α=0.1") < 0.01,
        "too much bonus: {}",
        gold("XPO α=0.1")
    );
    assert!(final_of(&e, "XPO α=0.1", "kl_exact") > 3.0);

    // Not one lucky seed: over six, the bonus always gets there and offline DPO
    // almost never does.
    let Scenario::LmAlignment(mut s) = presets::find("xpo-exploration-bonus").unwrap().scenario()
    else {
        unreachable!()
    };
    s.learners.truncate(3);
    let (mut offline, mut plain, mut bonus) = (0.0, 0.0, 0.0);
    for seed in 1..=6 {
        s.seed = seed;
        let e = run(s.clone());
        let gold = |label: &str| final_of(&e, label, "gold_reward_exact");
        assert!(
            gold("XPO α=0.01") > 0.75,
            "seed {seed}: {}",
            gold("XPO α=0.01")
        );
        offline += gold("DPO β=0.1") / 6.0;
        plain += gold("XPO α=0 (no bonus)") / 6.0;
        bonus += gold("XPO α=0.01") / 6.0;
    }
    assert!(offline < 0.1, "offline DPO's mean: {offline}");
    assert!(bonus > plain + 0.3, "bonus {bonus} vs none {plain}");
}

/// *Fine-Tuning Language Models with Advantage-Induced Policy Alignment* finds APA's KL
/// steadier than PPO's. This world does not reproduce it, and this test keeps the preset's
/// notice honest: APA's KL peaks higher and it ends further from the optimum than PPO.
#[test]
fn apas_kl_swings_wider_than_ppos_here() {
    let e = run_preset("apa-vs-ppo");
    let beta = 0.5;
    let best = best_objective(&e, beta);
    let peak = |label: &str| {
        path_of(&e, label, "kl_exact")
            .iter()
            .copied()
            .fold(0.0, f64::max)
    };
    assert!(
        peak("APA β=0.5") > peak("PPO β=0.5") + 1.0,
        "{} vs {}",
        peak("APA β=0.5"),
        peak("PPO β=0.5")
    );
    let (ppo, apa) = (
        objective(&e, "PPO β=0.5", beta),
        objective(&e, "APA β=0.5", beta),
    );
    assert!(best - ppo < 0.1 && best - apa > 0.2, "{best} {ppo} {apa}");
}
