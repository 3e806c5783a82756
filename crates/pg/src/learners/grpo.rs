//! GRPO (group relative policy optimisation): no critic. Episodes come in groups that
//! share a start state; each episode's advantage is its return standardised within its
//! group, Â_i = (R_i − mean R)/(std R + ε₀), shared by every step of the episode. The
//! objective averages the clipped surrogate over each episode's steps and the episodes,
//! minus β times the k3 estimate of KL(π_θ‖π_ref) toward the initial policy:
//!
//! J = (1/N) Σ_i (1/|o_i|) Σ_t [min(ρ Â_i, clip(ρ) Â_i) − β (r − ln r − 1)],
//! r = π_ref(a_t|s_t)/π_θ(a_t|s_t).
//!
//! ∂k3/∂θ = (1 − r) ∇ln π_θ, so the penalty's gradient is β (r − 1) ∇ln π_θ per step.
//!
//! With process supervision (DeepSeekMath §4.1.3) the advantages come from a reward per
//! step instead: every step's reward is standardised over all the steps of its group,
//! and step t's advantage is the discounted sum of its episode's standardised rewards
//! from t on. IGPO is this with information-gain turn rewards ([`crate::task::TurnRewards`]).

use playground_core::math;

use crate::policy::{Policy, ProbTable, Term};
use crate::rollout::Steps;

use super::SurrogateSample;
use super::surrogate::Objective;

/// ε₀ in the standardisation: keeps a group of equal returns at advantage 0 instead of
/// 0/0 (the value TRL uses).
pub const STD_EPS: f64 = 1e-4;

/// Group-standardised advantages (population standard deviation, so a binary-reward
/// group with success share p̂ gets Â⁺ = √((1 − p̂)/p̂)), and the share of groups whose
/// returns were all equal: those contribute no gradient at all.
pub fn group_advantages(returns: &[f64], group: usize) -> (Vec<f64>, f64) {
    let mut out = Vec::with_capacity(returns.len());
    let (mut flat, mut groups) = (0usize, 0usize);
    for g in returns.chunks(group) {
        let n = g.len() as f64;
        let mean = g.iter().sum::<f64>() / n;
        let var = g.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / n;
        let sd = var.sqrt();
        groups += 1;
        if g.iter().all(|&r| r == g[0]) {
            flat += 1;
        }
        out.extend(g.iter().map(|r| (r - mean) / (sd + STD_EPS)));
    }
    (out, flat as f64 / groups.max(1) as f64)
}

/// Process supervision's advantages: each step's reward r standardised over every step
/// of its group, r̃ = (r − mean)/(std + ε₀) (population std), then within each episode
/// Â_t = Σ_{k≥t} γ^(k−t) r̃_k; and the share of groups whose step rewards were all equal,
/// so that every r̃, and every advantage, is 0. `rewards` holds each episode's step
/// rewards, the episodes of a group consecutive.
pub fn process_advantages(rewards: &[Vec<f64>], group: usize, gamma: f64) -> (Vec<Vec<f64>>, f64) {
    let mut out = Vec::with_capacity(rewards.len());
    let (mut flat, mut groups) = (0usize, 0usize);
    for g in rewards.chunks(group) {
        let all: Vec<f64> = g.iter().flatten().copied().collect();
        groups += 1;
        if all.iter().all(|&r| r == all[0]) {
            flat += 1;
        }
        let n = all.len().max(1) as f64;
        let mean = all.iter().sum::<f64>() / n;
        let sd = (all.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / n).sqrt();
        for episode in g {
            let mut tail = 0.0;
            let mut adv: Vec<f64> = episode
                .iter()
                .rev()
                .map(|r| {
                    tail = (r - mean) / (sd + STD_EPS) + gamma * tail;
                    tail
                })
                .collect();
            adv.reverse();
            out.push(adv);
        }
    }
    (out, flat as f64 / groups.max(1) as f64)
}

/// GRPO's settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub clip: f64,
    pub kl_beta: f64,
    pub epochs: usize,
    pub learning_rate: f64,
}

/// Run the epochs (each a full-batch gradient step). `advantages` are per step, `lengths`
/// per episode. Returns the batch as the clipped objective sees it and the clip fraction.
pub fn optimise(
    policy: &mut Policy,
    steps: &Steps,
    advantages: &[f64],
    lengths: &[usize],
    old: &ProbTable,
    reference: &ProbTable,
    s: &Settings,
) -> (Vec<SurrogateSample>, f64) {
    let n = lengths.len().max(1) as f64;
    let a = old.actions();
    let samples: Vec<SurrogateSample> = (0..steps.len())
        .map(|i| SurrogateSample {
            state: steps.state[i],
            action: steps.action[i],
            old_prob: old.prob(steps.state[i], steps.action[i]),
            advantage: advantages[i],
            coef: 1.0 / (n * lengths[steps.episode[i]] as f64),
        })
        .collect();
    let clip = Objective::Clip { eps: s.clip };
    let (mut clipped, mut evaluated) = (0usize, 0usize);
    for _ in 0..s.epochs {
        let probs = policy.probs_at(&steps.state);
        evaluated += samples.len();
        clipped += samples
            .iter()
            .enumerate()
            .filter(|(i, x)| clip.clipped(probs[i * a + x.action] / x.old_prob, x.advantage))
            .count();
        let g = gradient(policy, &samples, reference, s.clip, s.kl_beta);
        policy.ascend(&g, s.learning_rate);
    }
    (samples, clipped as f64 / evaluated.max(1) as f64)
}

/// GRPO's objective Σ_i c_i [min(ρÂ, clip(ρ)Â) − β (r − ln r − 1)] at the policy's
/// current parameters, r = π_ref/π_θ.
pub fn objective_value(
    policy: &Policy,
    samples: &[SurrogateSample],
    reference: &ProbTable,
    clip: f64,
    kl_beta: f64,
) -> f64 {
    let states: Vec<usize> = samples.iter().map(|x| x.state).collect();
    let a = policy.actions();
    let probs = policy.probs_at(&states);
    let objective = Objective::Clip { eps: clip };
    samples
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let p = probs[i * a + x.action];
            let r = reference.prob(x.state, x.action) / p;
            let k3 = r - math::ln(r) - 1.0;
            x.coef * (objective.value(p / x.old_prob, x.advantage) - kl_beta * k3)
        })
        .sum()
}

/// Its gradient: per step c_i [f′(ρ) ρ + β (r − 1)] ∇ln π_θ(a_i|s_i).
pub fn gradient(
    policy: &Policy,
    samples: &[SurrogateSample],
    reference: &ProbTable,
    clip: f64,
    kl_beta: f64,
) -> Vec<f64> {
    let states: Vec<usize> = samples.iter().map(|x| x.state).collect();
    let a = policy.actions();
    let probs = policy.probs_at(&states);
    let objective = Objective::Clip { eps: clip };
    let terms: Vec<Term> = samples
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let p = probs[i * a + x.action];
            let rho = p / x.old_prob;
            let r = reference.prob(x.state, x.action) / p;
            let w = objective.slope(rho, x.advantage) * rho + kl_beta * (r - 1.0);
            Term::new(x.state, x.action, x.coef * w)
        })
        .collect();
    policy.grad(&terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_groups_have_the_closed_form_advantages() {
        // 3 successes in 8: p̂ = 3/8, Â⁺ = √((1 − p̂)/p̂), Â⁻ = −√(p̂/(1 − p̂)).
        let r = [1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0];
        let (a, flat) = group_advantages(&r, 8);
        let p: f64 = 3.0 / 8.0;
        let (pos, neg) = (((1.0 - p) / p).sqrt(), -(p / (1.0 - p)).sqrt());
        let sd = (p * (1.0 - p)).sqrt();
        for (x, ri) in a.iter().zip(r) {
            let want = if ri == 1.0 { pos } else { neg } * sd / (sd + STD_EPS);
            assert!((x - want).abs() < 1e-12);
        }
        assert_eq!(flat, 0.0);
        let (a, flat) = group_advantages(&[1.0, 1.0, 0.0, 1.0], 2);
        assert_eq!(flat, 0.5);
        assert_eq!(&a[..2], &[0.0, 0.0]);
    }

    #[test]
    fn process_advantages_sum_the_standardised_rewards_that_follow() {
        // A group of two episodes, rewards [0.25, 1] and [0, 0, 0]: standardised over the
        // group's five steps, then summed from each step on with γ = 0.5.
        let rewards = vec![vec![0.25, 1.0], vec![0.0, 0.0, 0.0]];
        let all = [0.25, 1.0, 0.0, 0.0, 0.0];
        let mean = all.iter().sum::<f64>() / 5.0;
        let sd = (all.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / 5.0).sqrt();
        let z = |r: f64| (r - mean) / (sd + STD_EPS);
        let gamma = 0.5;
        let (a, flat) = process_advantages(&rewards, 2, gamma);
        let want = [
            vec![z(0.25) + gamma * z(1.0), z(1.0)],
            vec![
                z(0.0) + gamma * z(0.0) + gamma * gamma * z(0.0),
                z(0.0) + gamma * z(0.0),
                z(0.0),
            ],
        ];
        for (got, want) in a.iter().flatten().zip(want.iter().flatten()) {
            assert!((got - want).abs() < 1e-12, "{a:?} vs {want:?}");
        }
        assert_eq!(flat, 0.0);
        // A group whose every step paid the same has no signal at all, however long its
        // episodes.
        let (a, flat) = process_advantages(&[vec![0.0, 0.0], vec![0.0]], 2, 1.0);
        assert_eq!((a.concat(), flat), (vec![0.0; 3], 1.0));
    }
}
