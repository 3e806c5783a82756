//! The DPO Lab's claim presets: each reproduces a claim from a paper of the reading list,
//! and each test here runs its preset and asserts the effect, comparing learners with
//! each other or with exact quantities (π*_β, the ideal ranking accuracy, π_ref), never
//! with numbers copied from a run. Every Verify check must pass too.

use playground_core::{Experiment, Scenario, presets};
use playground_pref::DpoExperiment;

/// The preset's experiment, run to the end, with every check passed, and each learner's β.
fn run(name: &str) -> (DpoExperiment, Vec<f64>) {
    let preset = presets::find(name).unwrap_or_else(|| panic!("no preset {name}"));
    let Scenario::Dpo(d) = preset.scenario() else {
        panic!("{name} is a DPO scenario")
    };
    let mut e = DpoExperiment::new(&d).unwrap();
    e.run_to_end();
    let checks = e.checks();
    assert!(checks.iter().all(|c| c.passed), "{name}: {checks:?}");
    (e, d.learners.iter().map(|l| l.beta()).collect())
}

/// The learner with this label.
fn learner(e: &DpoExperiment, label: &str) -> usize {
    e.series()
        .learners
        .iter()
        .position(|l| l.label == label)
        .unwrap_or_else(|| panic!("no learner {label}"))
}

/// A learner's metric, one value per step.
fn curve(e: &DpoExperiment, l: usize, metric: &str) -> Vec<f64> {
    e.series().learners[l].metric(metric).unwrap().mean.clone()
}

fn last(e: &DpoExperiment, l: usize, metric: &str) -> f64 {
    *curve(e, l, metric).last().unwrap()
}

/// A learner's final policy over the (only) prompt.
fn policy(e: &DpoExperiment, l: usize) -> Vec<f64> {
    e.policy(l).remove(0)
}

fn entropy(p: &[f64]) -> f64 {
    -p.iter()
        .filter(|q| **q > 0.0)
        .map(|q| q * q.ln())
        .sum::<f64>()
}

fn mass(p: &[f64], responses: &[usize]) -> f64 {
    responses.iter().map(|&y| p[y]).sum()
}

fn final_number(e: &DpoExperiment, l: usize, key: &str) -> f64 {
    let label = &e.series().learners[l].label;
    e.finals()[label][key].as_f64().unwrap()
}

/// π*_β over the (only) prompt.
fn optimum(e: &DpoExperiment, beta: f64) -> Vec<f64> {
    e.problem().optimum(beta).remove(0)
}

/// *DPO-Shift* and *AlphaPO*: with near-twin chosen and rejected responses both lose
/// probability under DPO; DPO-Shift trades reward margin for chosen probability, and
/// AlphaPO's α moves the balance either way.
#[test]
fn dpo_displaces_the_chosen_likelihood_and_dpo_shift_restores_it() {
    let (e, _) = run("dpo-likelihood-displacement");
    let toy = &e.problem().prompts[0];
    let pair = e.problem().pairs[0][0];
    let (start_w, start_l) = (toy.ref_logp[pair.chosen], toy.ref_logp[pair.rejected]);
    let dpo = learner(&e, "DPO β=0.1");
    let f09 = learner(&e, "DPO-Shift β=0.1, f=0.9");
    let f075 = learner(&e, "DPO-Shift β=0.1, f=0.75");
    let simpo = learner(&e, "SimPO β=2, γ=0.5");
    let alpha_up = learner(&e, "AlphaPO β=2, α=0.25");
    let alpha_down = learner(&e, "AlphaPO β=2, α=-0.25");
    let chosen = |l| last(&e, l, "logps/chosen");
    let margin = |l| last(&e, l, "rewards/margins");

    // DPO: both sides fall by nats while the margin keeps growing; the mass goes to a
    // response no pair mentions.
    assert!(
        chosen(dpo) < start_w - 2.0,
        "{} from {start_w}",
        chosen(dpo)
    );
    assert!(last(&e, dpo, "logps/rejected") < start_l - 2.0);
    let m = curve(&e, dpo, "rewards/margins");
    assert!(
        m[m.len() - 1] > m[m.len() / 2] && m[m.len() / 2] > 0.0,
        "{m:?}"
    );
    let seen = [pair.chosen, pair.rejected];
    let unseen: Vec<usize> = (0..toy.responses()).filter(|y| !seen.contains(y)).collect();
    let p = policy(&e, dpo);
    assert!(mass(&p, &unseen) > 0.9, "{p:?}");

    // DPO-Shift raises the chosen probability above π_ref's, the more so the smaller f,
    // and pays in margin.
    assert!(chosen(f09) > start_w && chosen(f075) > chosen(f09) + 0.3);
    assert!(chosen(f09) > chosen(dpo) + 2.0);
    assert!(
        margin(dpo) > margin(f09) + 0.01 && margin(f09) > margin(f075) + 0.01,
        "{} {} {}",
        margin(dpo),
        margin(f09),
        margin(f075)
    );

    // AlphaPO against SimPO (α = 0): α < 0 keeps the chosen response and gives up margin;
    // α > 0 displaces it further.
    assert!(chosen(alpha_down) > chosen(simpo) + 1.0);
    assert!(margin(alpha_down) < margin(simpo) - 0.1);
    assert!(chosen(alpha_up) < chosen(simpo) - 0.3);
}

/// *Preference Learning Algorithms Do Not Learn Preference Rankings*: the implicit reward
/// ranks every pair right at once, the likelihood ranking stays far below its ideal, and
/// a pair flips exactly when DPO's margin passes the reference's mis-ranking.
#[test]
fn dpo_ranking_accuracy_stays_far_below_its_ideal() {
    let (e, betas) = run("dpo-ranking-accuracy");
    let dpo = learner(&e, "DPO β=0.1");
    let beta = betas[dpo];
    let toy = &e.problem().prompts[0];
    let pairs = &e.problem().pairs[0];
    let ideal = final_number(&e, dpo, "ideal_ranking_accuracy");
    assert!(ideal > 0.99, "π*_β ranks every pair right: {ideal}");

    let reward_accuracy = curve(&e, dpo, "rewards/accuracies");
    assert!(reward_accuracy.iter().all(|a| *a == 1.0));
    let ranking = curve(&e, dpo, "ranking_accuracy");
    let loss = curve(&e, dpo, "loss");
    assert!(*loss.last().unwrap() < std::f64::consts::LN_2 - 0.15);
    assert!(*ranking.last().unwrap() <= ideal - 0.3, "{ranking:?}");
    assert!(ranking.windows(2).all(|w| w[1] >= w[0]));

    // How far π_ref mis-ranks each pair: ln π_ref(y_l) − ln π_ref(y_w).
    let error: Vec<f64> = pairs
        .iter()
        .map(|p| toy.ref_logp[p.rejected] - toy.ref_logp[p.chosen])
        .collect();
    // The pairs are disjoint, so one margin h serves them all: ranking_accuracy is the
    // share of pairs whose error h has passed.
    let margins = curve(&e, dpo, "rewards/margins");
    for (t, (m, r)) in margins.iter().zip(&ranking).enumerate() {
        let h = m / beta;
        if error.iter().any(|c| (c - h).abs() < 1e-6) {
            continue;
        }
        let share = error.iter().filter(|c| **c < h).count() as f64 / error.len() as f64;
        assert!(
            (share - r).abs() < 1e-12,
            "step {t}: h = {h}, {r} vs {share}"
        );
    }
    // At the end: the pairs fixed are those π_ref mis-ranked least; the worst stay wrong.
    let logp: Vec<f64> = policy(&e, dpo).iter().map(|p| p.ln()).collect();
    let right: Vec<bool> = pairs
        .iter()
        .map(|p| logp[p.chosen] > logp[p.rejected])
        .collect();
    let worst_fixed = (0..pairs.len())
        .filter(|&k| right[k])
        .map(|k| error[k])
        .fold(f64::NEG_INFINITY, f64::max);
    let best_unfixed = (0..pairs.len())
        .filter(|&k| !right[k])
        .map(|k| error[k])
        .fold(f64::INFINITY, f64::min);
    assert!(worst_fixed < best_unfixed, "{error:?} {right:?}");
    assert!(worst_fixed > 0.0, "DPO fixes some mis-ranked pair");
    assert!(best_unfixed.is_finite(), "and leaves some");
}

/// *Towards Efficient and Exact Optimization of Language Model Alignment*: on a bimodal
/// π*_β with a policy that can only tilt, the reverse KL commits to one mode; DPO, the
/// forward KL and pairwise EXO average the modes, keeping mass in the valley.
#[test]
fn reverse_kl_commits_to_a_mode_while_dpo_and_pairwise_exo_average() {
    let (e, betas) = run("exo-vs-dpo-bimodal");
    let toy = &e.problem().prompts[0];
    let n = toy.responses();
    let worst = toy.gold.iter().copied().fold(f64::INFINITY, f64::min);
    let valley: Vec<usize> = (0..n).filter(|&y| toy.gold[y] == worst).collect();
    let dpo = learner(&e, "DPO β=0.5");
    let exo = learner(&e, "EXO β=0.5");
    let reverse = learner(&e, "f-DPG reverse-kl β=0.5");
    let forward = learner(&e, "f-DPG forward-kl β=0.5");
    let star = optimum(&e, betas[dpo]);
    assert!(mass(&star, &valley) < 0.05 && star[0] > 0.2 && star[n - 1] > 0.2);

    let p = policy(&e, reverse);
    let (low, high) = (p[0].min(p[n - 1]), p[0].max(p[n - 1]));
    assert!(
        high > 0.8 && low < 0.01 && mass(&p, &valley) < 0.05,
        "{p:?}"
    );
    for l in [dpo, exo, forward] {
        let q = policy(&e, l);
        assert!(mass(&q, &valley) > 0.3, "{q:?}");
        assert!(q[0] > 0.05 && q[n - 1] > 0.05, "{q:?}");
        assert!(
            final_number(&e, reverse, "gold_reward") > final_number(&e, l, "gold_reward") + 0.8
        );
    }
}

/// *Aligning Language Models with Preferences through f-divergence Minimization*: on a
/// restricted policy the reverse KL earns the most reward with the least entropy, the
/// forward KL covers the most, and Jensen–Shannon lies between on both.
#[test]
fn reverse_kl_seeks_forward_kl_covers_and_js_sits_between() {
    let (e, _) = run("f-dpg-divergences");
    let toy = &e.problem().prompts[0];
    let reverse = learner(&e, "f-DPG reverse-kl β=0.5");
    let js = learner(&e, "f-DPG js β=0.5");
    let forward = learner(&e, "f-DPG forward-kl β=0.5");
    let gold = |l| final_number(&e, l, "gold_reward");
    let h = |l| entropy(&policy(&e, l));
    assert!(
        gold(reverse) > gold(js) + 0.2 && gold(js) > gold(forward) + 0.2,
        "{} {} {}",
        gold(reverse),
        gold(js),
        gold(forward)
    );
    assert!(
        h(reverse) + 0.2 < h(js) && h(js) + 0.2 < h(forward),
        "{} {} {}",
        h(reverse),
        h(js),
        h(forward)
    );
    // The second cluster of good responses (those with the second-best reward): the
    // forward KL keeps the most probability there, the reverse KL almost none.
    let best = toy.gold.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let second = toy
        .gold
        .iter()
        .copied()
        .filter(|r| *r < best)
        .fold(f64::NEG_INFINITY, f64::max);
    let cluster: Vec<usize> = (0..toy.responses())
        .filter(|&y| toy.gold[y] == second)
        .collect();
    let share = |l| mass(&policy(&e, l), &cluster);
    assert!(share(forward) > 2.0 * share(js) && share(js) > 10.0 * share(reverse));
    assert!(share(reverse) < 0.01);
}

/// *RL with KL penalties is better viewed as Bayesian inference*: as β → 0 the optimum
/// (and RLHF's policy) collapses onto the best response.
#[test]
fn the_kl_regularised_optimum_collapses_onto_the_argmax_as_beta_shrinks() {
    let (e, betas) = run("kl-penalty-collapse");
    let toy = &e.problem().prompts[0];
    let n = betas.len();
    assert!(betas.windows(2).all(|w| w[1] < w[0]), "{betas:?}");
    let argmax = (0..toy.responses())
        .max_by(|a, b| toy.gold[*a].total_cmp(&toy.gold[*b]))
        .unwrap();
    let policies: Vec<Vec<f64>> = (0..n).map(|l| policy(&e, l)).collect();
    let h: Vec<f64> = policies.iter().map(|p| entropy(p)).collect();
    assert!(h.windows(2).all(|w| w[1] < w[0] - 0.05), "{h:?}");
    let top: Vec<f64> = policies.iter().map(|p| p[argmax]).collect();
    assert!(top.windows(2).all(|w| w[1] > w[0]), "{top:?}");
    assert!(
        top[0] < 0.5 && h[0] > 1.0,
        "β = {} keeps π_ref's spread",
        betas[0]
    );
    assert!(top[n - 1] > 0.95, "β = {} collapses: {top:?}", betas[n - 1]);
    // The runner-up, nearly as good and π_ref's favourite, is squeezed out.
    let runner_up = (0..toy.responses())
        .filter(|&y| y != argmax)
        .max_by(|a, b| toy.gold[*a].total_cmp(&toy.gold[*b]))
        .unwrap();
    assert!(policies[0][runner_up] > 0.3 && policies[n - 1][runner_up] < 0.02);
    // Each policy has reached π*_β itself, whose entropy falls with β as well.
    for l in 0..n {
        let star = optimum(&e, betas[l]);
        let gap = star
            .iter()
            .zip(&policies[l])
            .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
        assert!(gap < 0.02, "β = {}: {gap}", betas[l]);
        if l > 0 {
            assert!(entropy(&star) < entropy(&optimum(&e, betas[l - 1])));
        }
    }
}

/// *Provably Mitigating Overoptimization in RLHF: Your SFT Loss is Implicitly an
/// Adversarial Regularizer*: DPO sends the probability to responses no pair covers, whose
/// implicit reward is spuriously high; RPO's SFT term keeps it on the chosen ones.
#[test]
fn dpo_leaks_mass_to_unseen_responses_and_rpo_keeps_it_on_the_chosen() {
    let (e, _) = run("rpo-sft-stops-leakage");
    let toy = &e.problem().prompts[0];
    let pairs = &e.problem().pairs[0];
    let unseen: Vec<usize> = (0..toy.responses())
        .filter(|&y| !pairs.iter().any(|p| p.chosen == y || p.rejected == y))
        .collect();
    let reference = toy.ref_probs();
    let ref_gold: f64 = reference.iter().zip(&toy.gold).map(|(p, r)| p * r).sum();
    let dpo = learner(&e, "DPO β=0.1");
    let rpos = [
        learner(&e, "RPO β=0.1, α=0.2"),
        learner(&e, "RPO β=0.1, α=1"),
    ];
    let gold = |l| final_number(&e, l, "gold_reward");

    // DPO fits every pair and still ends worse than π_ref.
    assert_eq!(last(&e, dpo, "rewards/accuracies"), 1.0);
    assert_eq!(last(&e, dpo, "ranking_accuracy"), 1.0);
    let p = policy(&e, dpo);
    assert!(
        mass(&p, &unseen) > 0.9 && mass(&reference, &unseen) < 0.5,
        "{p:?}"
    );
    assert!(
        gold(dpo) < ref_gold - 1.0,
        "{} vs π_ref's {ref_gold}",
        gold(dpo)
    );
    let chosen = curve(&e, dpo, "logps/chosen");
    assert!(chosen.last().unwrap() < &(chosen[0] - 3.0));

    for l in rpos {
        let q = policy(&e, l);
        assert!(mass(&q, &unseen) < 0.05, "{q:?}");
        assert!(gold(l) > ref_gold + 1.0 && gold(l) > gold(dpo) + 2.0);
        let c = curve(&e, l, "logps/chosen");
        assert!(
            c.last().unwrap() > &c[0],
            "{} from {}",
            c.last().unwrap(),
            c[0]
        );
    }
}

/// Claim 8, *Pre-DPO: Improving Data Utilization in Direct Preference Optimization Using a
/// Guiding Reference Model*: the reference is a per-pair data weight σ(−βh). Started at
/// the reference, DPO weighs every pair alike, so its first step spends on mislabelled
/// pairs exactly their share of the data; the guiding reference spends clearly less.
#[test]
fn a_guiding_reference_weighs_mislabelled_pairs_down() {
    let (e, _) = run("pre-dpo-guiding-reference");
    let (dpo, pre) = (learner(&e, "DPO β=0.5"), learner(&e, "Pre-DPO β=0.5"));
    let toy = &e.problem().prompts[0];
    let pairs = &e.problem().pairs[0];
    let flipped = pairs
        .iter()
        .filter(|p| toy.gold[p.chosen] < toy.gold[p.rejected])
        .count() as f64
        / pairs.len() as f64;
    let first = |l| curve(&e, l, "weights/flipped_share")[0];
    // One small step from equal weights: within a hair of the data's own share.
    assert!(
        (first(dpo) - flipped).abs() < 0.01,
        "{} vs {flipped}",
        first(dpo)
    );
    assert!(first(pre) < flipped - 0.05, "{} vs {flipped}", first(pre));
}

/// Claim 26, *RLHS: Mitigating Misalignment in RLHF with Hindsight Simulation*: the same
/// marketplace question labelled in foresight (prompt 1) and in hindsight (prompt 2). On
/// foresight labels DPO learns to misreport (response 1) and the customer's true utility
/// falls below π_ref's; on hindsight labels it learns the truthful answer (response 0).
#[test]
fn foresight_labels_teach_misreporting_and_hindsight_labels_do_not() {
    let (e, _) = run("rlhs-hindsight-feedback");
    let dpo = learner(&e, "DPO β=0.1");
    let policies = e.policy(dpo);
    let prompts = &e.problem().prompts;
    let utility = |x: usize| -> f64 {
        policies[x]
            .iter()
            .zip(&prompts[x].gold)
            .map(|(p, r)| p * r)
            .sum()
    };
    let reference: f64 = prompts[0]
        .ref_probs()
        .iter()
        .zip(&prompts[0].gold)
        .map(|(p, r)| p * r)
        .sum();
    assert!(policies[0][1] > 0.99, "foresight: {:?}", policies[0]);
    assert!(policies[1][0] > 0.99, "hindsight: {:?}", policies[1]);
    assert!(utility(0) < reference - 0.5 && utility(0) < -0.99);
    assert!(utility(1) > reference + 0.3 && utility(1) > -0.01);
}

/// *Beyond Ordinal Preferences: Why Alignment Needs Cardinal Human Feedback*: one dial
/// trades a factual fix on one prompt against style on another. Ordinal labels are the
/// same whichever is worth more, so every learner that reads only them ends at the same
/// model in both worlds, and that model cannot be the best in both; willingness-to-pay
/// labels turn the dial the right way in each.
#[test]
fn ordinal_labels_cannot_pick_the_better_model_and_cardinal_labels_can() {
    let name = "cardinal-feedback-picks-the-better-model";
    let Scenario::Dpo(fix_matters) = presets::find(name).unwrap().scenario() else {
        panic!("{name} is a DPO scenario")
    };
    let mut style_matters = fix_matters.clone();
    style_matters.env.gold_reward =
        playground_core::scenario::Rows::Many(vec![vec![0.0, 0.2], vec![0.0, 2.0]]);
    let worlds: Vec<DpoExperiment> = [fix_matters, style_matters]
        .iter()
        .map(|d| {
            let mut e = DpoExperiment::new(d).unwrap();
            e.run_to_end();
            assert!(e.checks().iter().all(|c| c.passed), "{:?}", e.checks());
            e
        })
        .collect();
    for label in ["RLHF, ordinal labels", "DPO, ordinal labels"] {
        let l = learner(&worlds[0], label);
        assert_eq!(worlds[0].policy(l), worlds[1].policy(l), "{label}");
    }
    let cardinal = learner(&worlds[0], "RLHF, willingness to pay");
    // P("1969") on prompt 1: the careful end of the dial.
    let care: Vec<f64> = worlds.iter().map(|e| e.policy(cardinal)[0][1]).collect();
    assert!(care[0] > 0.8 && care[1] < 0.2, "{care:?}");
    for e in &worlds {
        let start = e.problem().prompts.iter().map(|t| {
            t.ref_probs()
                .iter()
                .zip(&t.gold)
                .map(|(p, r)| p * r)
                .sum::<f64>()
        });
        let reference = start.sum::<f64>() / 2.0;
        let gold = |label: &str| final_number(e, learner(e, label), "gold_reward");
        assert!(gold("RLHF, willingness to pay") > reference + 0.25);
        assert!((gold("RLHF, ordinal labels") - reference).abs() < 1e-9);
        assert!((gold("DPO, ordinal labels") - reference).abs() < 1e-9);
    }
}

/// *Contrastive Policy Gradient*: from pairs sampled by a uniform behaviour policy, with
/// no importance weights, CoPG reaches the KL-regularised optimum π_ref·e^(r*/β)/Z; DPO
/// on the same pairs does not.
#[test]
fn copg_reaches_the_kl_optimum_from_off_policy_pairs() {
    let (e, betas) = run("copg-off-policy");
    let copg = learner(&e, "CoPG β=1");
    let dpo = learner(&e, "DPO β=1");
    let target = optimum(&e, betas[copg]);
    let gap = |l: usize| -> f64 {
        policy(&e, l)
            .iter()
            .zip(&target)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max)
    };
    assert!(gap(copg) < 1e-6, "CoPG is {} from π*", gap(copg));
    assert!(gap(dpo) > 0.05, "DPO is {} from π*", gap(dpo));
}
