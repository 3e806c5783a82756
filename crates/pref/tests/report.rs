//! TRL's metrics and the reward–KL frontier against exact values.

use playground_core::math;
use playground_core::math::softmax;
use playground_core::rng::Rng;
use playground_pref::frontier::{best_reward_within, curve, point};
use playground_pref::metrics::{gold_reward, kl_to_reference, trl_metrics};
use playground_pref::{PairLoss, Toy, fit};

fn issue_toy() -> Toy {
    Toy::new(
        &[0.30, 0.20, 0.15, 0.10, 0.10, 0.07, 0.05, 0.03],
        &[0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5],
    )
    .unwrap()
}

fn metric(m: &[(&str, f64)], name: &str) -> f64 {
    m.iter().find(|(n, _)| *n == name).unwrap().1
}

#[test]
fn at_the_reference_the_implicit_rewards_are_zero_and_no_pair_is_ranked() {
    let toy = issue_toy();
    let pairs = toy.population();
    let m = trl_metrics(&toy, &pairs, &toy.ref_logp, 0.5);
    for name in [
        "rewards/chosen",
        "rewards/rejected",
        "rewards/margins",
        "rewards/accuracies",
    ] {
        assert!(metric(&m, name).abs() < 1e-15, "{name}");
    }
    // Every response is chosen in half its population weight against each other one
    // (σ(Δ) + σ(−Δ) = 1): logps/chosen is the weighted mean of ln π_ref over the pairs.
    let total: f64 = pairs.iter().map(|p| p.weight).sum();
    let expected: f64 = pairs
        .iter()
        .map(|p| p.weight * toy.ref_logp[p.chosen])
        .sum::<f64>()
        / total;
    assert!((metric(&m, "logps/chosen") - expected).abs() < 1e-12);
}

/// At DPO's population optimum the implicit reward is r* itself (up to a constant): the
/// chosen side ranks higher exactly when its gold reward is higher, so the accuracy is
/// the mean over pairs of σ(|Δr*|), and the margin is the mean of σ(Δ)Δ − σ(−Δ)Δ.
#[test]
fn at_dpos_optimum_the_metrics_are_those_of_the_gold_reward() {
    let toy = issue_toy();
    let beta = 1.0;
    let pairs = toy.population();
    let star: Vec<f64> = toy.optimum(beta).iter().map(|p| math::ln(*p)).collect();
    let m = trl_metrics(&toy, &pairs, &star, beta);
    let n = toy.responses();
    let (mut accuracy, mut margin, mut count) = (0.0, 0.0, 0.0);
    for i in 0..n {
        for j in i + 1..n {
            let d = toy.gold[j] - toy.gold[i];
            accuracy += math::sigmoid(d.abs());
            margin += math::sigmoid(d) * d + math::sigmoid(-d) * -d;
            count += 1.0;
        }
    }
    assert!((metric(&m, "rewards/accuracies") - accuracy / count).abs() < 1e-12);
    assert!((metric(&m, "rewards/margins") - margin / count).abs() < 1e-12);
}

#[test]
fn the_frontier_runs_from_the_reference_to_the_best_response() {
    let toy = issue_toy();
    let (kl, reward) = point(&toy, 1e9);
    assert!(kl < 1e-10);
    assert!((reward - gold_reward(&toy, &softmax(&toy.ref_logp))).abs() < 1e-8);
    let (_, top) = point(&toy, 1e-3);
    assert!((top - 3.5).abs() < 1e-9);
    let c = curve(&toy, 0.05, 20.0, 30);
    assert!(
        c.windows(2).all(|w| w[1].0 > w[0].0 && w[1].1 > w[0].1),
        "{c:?}"
    );
}

/// No policy earns more gold reward than the frontier allows at its KL: random policies
/// and DPO's fits along its run all lie on or below it, and π*_β lies on it.
#[test]
fn no_policy_lies_above_the_frontier() {
    let toy = issue_toy();
    let mut rng = Rng::new(1);
    for _ in 0..300 {
        let logits: Vec<f64> = (0..8).map(|_| 4.0 * rng.uniform() - 2.0).collect();
        let p = softmax(&logits);
        let bound = best_reward_within(&toy, kl_to_reference(&toy, &p));
        assert!(gold_reward(&toy, &p) <= bound + 1e-9, "{p:?}");
    }
    for steps in [10, 100, 1000] {
        let f = fit(
            &toy,
            &PairLoss::Dpo { beta: 1.0 },
            &toy.population(),
            0.1,
            steps,
        );
        let bound = best_reward_within(&toy, kl_to_reference(&toy, &f.probs));
        assert!(gold_reward(&toy, &f.probs) <= bound + 1e-9);
    }
    let star = toy.optimum(0.7);
    let on = best_reward_within(&toy, kl_to_reference(&toy, &star));
    assert!((on - gold_reward(&toy, &star)).abs() < 1e-9);
}
