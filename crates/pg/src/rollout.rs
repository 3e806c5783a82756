//! Episodes sampled from an MDP under a fixed table of action probabilities.

use playground_core::mdp::Mdp;
use playground_core::rng::Rng;

use crate::policy::ProbTable;

/// One episode: s_0, a_0, r_0, s_1, …, a_{T−1}, r_{T−1}, then `last` = s_T.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Episode {
    pub states: Vec<usize>,
    pub actions: Vec<usize>,
    pub rewards: Vec<f64>,
    /// The state reached by the last action (the start state of an empty episode).
    pub last: usize,
    /// True when `last` is terminal. False when the episode was cut off by the cap: the
    /// task goes on beyond it, so a learner with a critic bootstraps from V(last) rather
    /// than treating the cut as the end (truncation is not termination).
    pub terminated: bool,
}

impl Episode {
    pub fn len(&self) -> usize {
        self.actions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// Σ_t γ^t r_t: what J(π) averages.
    pub fn discounted_return(&self, gamma: f64) -> f64 {
        self.rewards.iter().rev().fold(0.0, |g, r| r + gamma * g)
    }

    /// s_{t+1}: the state after step t.
    pub fn next_state(&self, t: usize) -> usize {
        self.states.get(t + 1).copied().unwrap_or(self.last)
    }
}

/// One episode from `start`, for at most `cap` steps.
pub fn episode_from(mdp: &Mdp, pi: &ProbTable, start: usize, cap: usize, rng: &mut Rng) -> Episode {
    let mut ep = Episode {
        last: start,
        terminated: mdp.terminal[start],
        ..Episode::default()
    };
    let mut s = start;
    while !mdp.terminal[s] && ep.len() < cap {
        let a = rng.categorical(pi.row(s));
        let (next, r) = mdp.sample(s, a, rng);
        ep.states.push(s);
        ep.actions.push(a);
        ep.rewards.push(r);
        s = next;
    }
    ep.last = s;
    ep.terminated = mdp.terminal[s];
    ep
}

/// One episode from a start state drawn from the MDP's start distribution, cut off at its
/// episode cap.
pub fn episode(mdp: &Mdp, pi: &ProbTable, rng: &mut Rng) -> Episode {
    let start = mdp.sample_start(rng);
    episode_from(mdp, pi, start, mdp.episode_cap, rng)
}

/// `n` episodes.
pub fn batch(mdp: &Mdp, pi: &ProbTable, n: usize, rng: &mut Rng) -> Vec<Episode> {
    (0..n).map(|_| episode(mdp, pi, rng)).collect()
}

/// A batch's steps in one flat list, in episode order: what gradients are sums over.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Steps {
    pub state: Vec<usize>,
    pub action: Vec<usize>,
    /// Which episode each step belongs to.
    pub episode: Vec<usize>,
    /// γ^t: the policy-gradient theorem weights step t by it (see the crate docs).
    pub discount: Vec<f64>,
}

impl Steps {
    pub fn of(episodes: &[Episode], gamma: f64) -> Self {
        let mut s = Steps::default();
        for (i, ep) in episodes.iter().enumerate() {
            let mut g = 1.0;
            for t in 0..ep.len() {
                s.state.push(ep.states[t]);
                s.action.push(ep.actions[t]);
                s.episode.push(i);
                s.discount.push(g);
                g *= gamma;
            }
        }
        s
    }

    pub fn len(&self) -> usize {
        self.state.len()
    }

    pub fn is_empty(&self) -> bool {
        self.state.is_empty()
    }

    /// (state, action) pairs.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        self.state
            .iter()
            .copied()
            .zip(self.action.iter().copied())
            .collect()
    }
}
