//! Advantage estimates: Monte Carlo returns, TD errors and GAE(λ), with separate λ for
//! the actor's advantages and the critic's targets (VC-PPO's decoupled λ).
//!
//! At a cut-off episode (truncated by the cap, not terminated) the value of the state
//! reached is bootstrapped: V(s_T) stands in for the rest of the return. At a terminal
//! state it is 0.

use crate::rollout::Episode;

/// G_t = Σ_{k≥t} γ^{k−t} r_k + γ^{T−t} · tail, for every t (reward-to-go).
pub fn returns(rewards: &[f64], gamma: f64, tail: f64) -> Vec<f64> {
    let mut g = tail;
    let mut out = vec![0.0; rewards.len()];
    for t in (0..rewards.len()).rev() {
        g = rewards[t] + gamma * g;
        out[t] = g;
    }
    out
}

/// The value an episode leaves behind: V(s_T) if it was cut off, 0 if it terminated.
pub fn tail_value(ep: &Episode, v: impl Fn(usize) -> f64) -> f64 {
    if ep.terminated { 0.0 } else { v(ep.last) }
}

/// TD errors δ_t = r_t + γ V(s_{t+1}) − V(s_t), with V(s_T) from [`tail_value`].
pub fn td_errors(ep: &Episode, gamma: f64, v: impl Fn(usize) -> f64) -> Vec<f64> {
    let tail = tail_value(ep, &v);
    (0..ep.len())
        .map(|t| {
            let next = if t + 1 < ep.len() {
                v(ep.states[t + 1])
            } else {
                tail
            };
            ep.rewards[t] + gamma * next - v(ep.states[t])
        })
        .collect()
}

/// GAE(λ): Â_t = Σ_l (γλ)^l δ_{t+l}, by the backward recursion Â_t = δ_t + γλ Â_{t+1}.
/// λ = 0 gives the TD errors; λ = 1 gives G_t − V(s_t) (bootstrapped at a cut-off).
pub fn gae(deltas: &[f64], gamma: f64, lambda: f64) -> Vec<f64> {
    let mut acc = 0.0;
    let mut out = vec![0.0; deltas.len()];
    for t in (0..deltas.len()).rev() {
        acc = deltas[t] + gamma * lambda * acc;
        out[t] = acc;
    }
    out
}

/// How much of the last step's TD error (a terminal reward, say) reaches step t of a
/// `len`-step episode: (γλ)^(T−1−t) for t = 0..T−1. With γ = 1 and λ = 0.95, a reward
/// 1000 steps away arrives at step 0 scaled by 0.95^999 ≈ 5.6e−23 (VC-PPO's "reward
/// signal decay").
pub fn credit_decay(gamma: f64, lambda: f64, len: usize) -> Vec<f64> {
    let mut out = vec![0.0; len];
    let mut w = 1.0;
    for t in (0..len).rev() {
        out[t] = w;
        w *= gamma * lambda;
    }
    out
}

/// Per-step advantages and critic targets for a batch, flattened in episode order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Estimates {
    /// GAE(λ_actor).
    pub advantages: Vec<f64>,
    /// GAE(λ_critic) + V(s_t): the λ_critic-return the critic is fitted to.
    pub targets: Vec<f64>,
}

pub fn estimate(
    episodes: &[Episode],
    gamma: f64,
    lambda_actor: f64,
    lambda_critic: f64,
    v: impl Fn(usize) -> f64,
) -> Estimates {
    let mut e = Estimates::default();
    for ep in episodes {
        let deltas = td_errors(ep, gamma, &v);
        e.advantages.extend(gae(&deltas, gamma, lambda_actor));
        let critic = gae(&deltas, gamma, lambda_critic);
        e.targets
            .extend(critic.iter().zip(&ep.states).map(|(a, &s)| a + v(s)));
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn episode(terminated: bool) -> Episode {
        Episode {
            states: vec![0, 1, 2],
            actions: vec![0, 0, 0],
            rewards: vec![1.0, -2.0, 3.0],
            last: 3,
            terminated,
        }
    }

    #[test]
    fn returns_bootstrap_only_when_cut_off() {
        let v = |s: usize| [0.5, -1.0, 2.0, 10.0][s];
        let g = 0.9;
        let done = returns(&episode(true).rewards, g, tail_value(&episode(true), v));
        assert_eq!(done[2], 3.0);
        let cut = returns(&episode(false).rewards, g, tail_value(&episode(false), v));
        assert!((cut[2] - (3.0 + 0.9 * 10.0)).abs() < 1e-15);
        assert!((cut[0] - (1.0 - 0.9 * 2.0 + 0.81 * 3.0 + 0.729 * 10.0)).abs() < 1e-12);
    }

    #[test]
    fn credit_decay_matches_vc_ppo() {
        let c = credit_decay(1.0, 0.95, 1000);
        assert_eq!(c[999], 1.0);
        assert!((c[0] / 5.6e-23 - 1.0).abs() < 0.02, "{}", c[0]);
    }
}
