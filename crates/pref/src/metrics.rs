//! What a preference run reports, under the names Hugging Face TRL logs them, so a learner
//! can read a real training log afterwards; and the exact quantities beside them.

use playground_core::math;

use crate::fit::{log_probs, sides};
use crate::loss::Sides;
use crate::toy::{Pair, Toy};

pub const REWARDS_CHOSEN: &str = "rewards/chosen";
pub const REWARDS_REJECTED: &str = "rewards/rejected";
pub const REWARDS_MARGINS: &str = "rewards/margins";
pub const REWARDS_ACCURACIES: &str = "rewards/accuracies";
pub const LOGPS_CHOSEN: &str = "logps/chosen";
pub const LOGPS_REJECTED: &str = "logps/rejected";

/// TRL's DPO metrics of logits θ on weighted pairs: the implicit rewards
/// β(ln π(y) − ln π_ref(y)) of the chosen and rejected sides, their margin, the share of
/// pairs whose chosen side has the higher implicit reward, and the log-probabilities.
/// Weighted means; `(name, value)` in TRL's order.
pub fn trl_metrics(
    toy: &Toy,
    pairs: &[Pair],
    theta: &[f64],
    beta: f64,
) -> Vec<(&'static str, f64)> {
    let logp = log_probs(theta);
    let total: f64 = pairs.iter().map(|p| p.weight).sum();
    let mut sums = [0.0; 5];
    for p in pairs {
        let terms = pair_terms(beta, &sides(toy, &logp, p));
        for (sum, t) in sums.iter_mut().zip(terms) {
            *sum += p.weight * t;
        }
    }
    named(sums.map(|s| s / total))
}

/// One pair's share of TRL's metrics: the chosen and rejected implicit rewards, whether
/// the chosen one is higher (1 or 0), and the two log-probabilities.
pub fn pair_terms(beta: f64, s: &Sides) -> [f64; 5] {
    let chosen = beta * (s.logp_w - s.ref_w);
    let rejected = beta * (s.logp_l - s.ref_l);
    [
        chosen,
        rejected,
        f64::from(u8::from(chosen > rejected)),
        s.logp_w,
        s.logp_l,
    ]
}

/// Means of [`pair_terms`] under TRL's names, the margin among them.
pub fn named(means: [f64; 5]) -> Vec<(&'static str, f64)> {
    let [chosen, rejected, accuracy, logp_w, logp_l] = means;
    vec![
        (REWARDS_CHOSEN, chosen),
        (REWARDS_REJECTED, rejected),
        (REWARDS_MARGINS, chosen - rejected),
        (REWARDS_ACCURACIES, accuracy),
        (LOGPS_CHOSEN, logp_w),
        (LOGPS_REJECTED, logp_l),
    ]
}

/// KL(π ‖ π_ref) of a policy given as probabilities.
pub fn kl_to_reference(toy: &Toy, probs: &[f64]) -> f64 {
    probs
        .iter()
        .zip(&toy.ref_logp)
        .filter(|(p, _)| **p > 0.0)
        .map(|(p, r)| p * (math::ln(*p) - r))
        .sum()
}

/// E_π[r*].
pub fn gold_reward(toy: &Toy, probs: &[f64]) -> f64 {
    probs.iter().zip(&toy.gold).map(|(p, r)| p * r).sum()
}

/// The share of DPO's step spent on pairs whose label contradicts the gold reward:
/// Σ_flipped w·σ(−βh) / Σ_all w·σ(−βh), each pair's weight in DPO's gradient being
/// σ(−βh). With the reference equal to the start it begins at the flipped pairs' share;
/// a guiding reference (Pre-DPO) lowers it from the first step.
pub fn flipped_weight_share(toy: &Toy, pairs: &[Pair], theta: &[f64], beta: f64) -> f64 {
    let logp = log_probs(theta);
    let (mut flipped, mut all) = (0.0, 0.0);
    for p in pairs {
        let w = p.weight * math::sigmoid(-beta * sides(toy, &logp, p).margin());
        all += w;
        if toy.gold[p.chosen] < toy.gold[p.rejected] {
            flipped += w;
        }
    }
    if all > 0.0 { flipped / all } else { 0.0 }
}

/// The share of pairs (weighted) whose chosen response the policy finds more likely than
/// the rejected one: the ranking accuracy of *Preference Learning Algorithms Do Not Learn
/// Preference Rankings*, which compares likelihoods, not implicit rewards.
pub fn ranking_accuracy(pairs: &[Pair], logp: &[f64]) -> f64 {
    weighted_share(pairs, |p| logp[p.chosen] > logp[p.rejected])
}

/// The ranking accuracy of π*_β itself, the ideal a learner aiming at it can reach: π*_β
/// ranks y_w over y_l exactly when ln π_ref(y_w) − ln π_ref(y_l) + (r*(y_w) − r*(y_l))/β > 0.
pub fn ideal_ranking_accuracy(toy: &Toy, pairs: &[Pair], beta: f64) -> f64 {
    let score = |y: usize| toy.ref_logp[y] + toy.gold[y] / beta;
    weighted_share(pairs, |p| score(p.chosen) > score(p.rejected))
}

fn weighted_share(pairs: &[Pair], hit: impl Fn(&Pair) -> bool) -> f64 {
    let total: f64 = pairs.iter().map(|p| p.weight).sum();
    let hits: f64 = pairs.iter().filter(|p| hit(p)).map(|p| p.weight).sum();
    if total > 0.0 { hits / total } else { 0.0 }
}
