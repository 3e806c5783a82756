//! A finite Markov decision process, written out in full: every state's every action's
//! outcomes with their probabilities and rewards. Gridworld maps compile to one; dynamic
//! programming, the tabular learners and the policy-gradient lab all read it.

use crate::rng::Rng;

/// One possible result of taking an action: the next state, its probability and the
/// reward paid (its mean; Gaussian noise of `reward_sd` is added when sampled).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub next: usize,
    pub prob: f64,
    pub reward: f64,
    pub reward_sd: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mdp {
    pub states: usize,
    pub actions: usize,
    /// `outcomes[s * actions + a]`: what action a does in state s. Probabilities sum to
    /// 1. Terminal states have none: an episode ends on reaching one.
    pub outcomes: Vec<Vec<Outcome>>,
    pub terminal: Vec<bool>,
    /// Where episodes start: a probability per state.
    pub start: Vec<f64>,
    pub gamma: f64,
    /// Steps after which an episode is cut off (continuing tasks need one to be learned
    /// from episodes).
    pub episode_cap: usize,
}

impl Mdp {
    pub fn outcomes(&self, s: usize, a: usize) -> &[Outcome] {
        &self.outcomes[s * self.actions + a]
    }

    /// The expected reward of taking `a` in `s`.
    pub fn expected_reward(&self, s: usize, a: usize) -> f64 {
        self.outcomes(s, a).iter().map(|o| o.prob * o.reward).sum()
    }

    /// Q(s, a) = E[r + γ V(s')] for given state values (terminal states count as 0).
    pub fn backup(&self, s: usize, a: usize, v: &[f64]) -> f64 {
        self.outcomes(s, a)
            .iter()
            .map(|o| {
                let next = if self.terminal[o.next] {
                    0.0
                } else {
                    v[o.next]
                };
                o.prob * (o.reward + self.gamma * next)
            })
            .sum()
    }

    /// Draw the result of taking `a` in `s`: (next state, reward).
    pub fn sample(&self, s: usize, a: usize, rng: &mut Rng) -> (usize, f64) {
        let outs = self.outcomes(s, a);
        let mut u = rng.uniform();
        let mut pick = outs[outs.len() - 1];
        for o in outs {
            if u < o.prob {
                pick = *o;
                break;
            }
            u -= o.prob;
        }
        let noise = if pick.reward_sd > 0.0 {
            pick.reward_sd * rng.normal()
        } else {
            0.0
        };
        (pick.next, pick.reward + noise)
    }

    /// Draw a start state.
    pub fn sample_start(&self, rng: &mut Rng) -> usize {
        rng.categorical(&self.start)
    }

    /// Internal consistency: every probability vector sums to 1, every index is in range.
    /// A problem is described in words.
    pub fn check(&self) -> Result<(), String> {
        let n = self.states;
        if self.outcomes.len() != n * self.actions || self.terminal.len() != n {
            return Err("tables do not match the number of states and actions".into());
        }
        if (self.start.iter().sum::<f64>() - 1.0).abs() > 1e-9 {
            return Err("start probabilities do not sum to 1".into());
        }
        for s in (0..n).filter(|&s| !self.terminal[s]) {
            for a in 0..self.actions {
                let outs = self.outcomes(s, a);
                let total: f64 = outs.iter().map(|o| o.prob).sum();
                if (total - 1.0).abs() > 1e-9 || outs.iter().any(|o| o.next >= n || o.prob < 0.0) {
                    return Err(format!(
                        "state {s}, action {a}: outcome probabilities are not a distribution"
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A two-state MDP for tests: in state 0, "stay" (action 0) pays 1 and stays, "go"
/// (action 1) pays 5 and ends the episode (state 1 is terminal); γ = 0.9. Staying forever
/// is worth 1/(1 − 0.9) = 10 and going 5, so V*(0) = 10, Q*(0, stay) = 10, Q*(0, go) = 5.
#[cfg(test)]
pub(crate) fn stay_or_go(episode_cap: usize) -> Mdp {
    let o = |next, reward| Outcome {
        next,
        prob: 1.0,
        reward,
        reward_sd: 0.0,
    };
    Mdp {
        states: 2,
        actions: 2,
        outcomes: vec![vec![o(0, 1.0)], vec![o(1, 5.0)], vec![], vec![]],
        terminal: vec![false, true],
        start: vec![1.0, 0.0],
        gamma: 0.9,
        episode_cap,
    }
}
