//! The five learners' exact update rules. Each holds its policy as normalised
//! log-probabilities (logits), starts at π_ref and, at every step, plays its current
//! policy π_t and moves to π_{t+1}. Its reward is the win rate r_t(y) = P(y ≻ π_t)
//! (RLHF's is the fitted Bradley–Terry reward instead).
//!
//! - RLHF: ln π_{t+1} = (1 − ηβ) ln π_t + ηβ ln π_ref + η r̂ (+ const), exact mirror
//!   ascent on E_π r̂ − β KL(π‖π_ref). Its fixed point is the RLHF optimum π_ref·e^{r̂/β}/Z
//!   and it gets there geometrically: ln π_t − ln π* shrinks by (1 − ηβ) every step (with
//!   ηβ = 1 it jumps there at once). Shown over steps so that it draws a trajectory.
//! - self-play (SPO): the win rate against itself as the reward, the opponent a frozen
//!   copy of π_t, climbed by one softmax policy-gradient step θ += η·π⊙(r_t − πᵀr_t)
//!   (REINFORCE's or PPO's step in expectation, as SPO trains). Its mirror-step variant
//!   is exactly multiplicative weights, the next learner.
//! - multiplicative weights (Hedge, the no-regret learner of SPO's theory):
//!   π_{t+1} ∝ π_t·exp(η r_t).
//! - extragradient: a look-ahead π̃ ∝ π_t·exp(η r_t), then π_{t+1} ∝ π_t·exp(η·P(y ≻ π̃)).
//! - Nash-MD: π̃ ∝ π_t^{1−ητ}·π_ref^{ητ}, π_{t+1} ∝ π̃·exp(η·P(y ≻ π̃)).
//!
//! Every learner also keeps the average of the policies it has played, π̄_t =
//! (π_0 + … + π_{t−1})/t: what SPO's and Hedge's guarantees are about. Because πᵀPπ = ½,
//! the average's duality gap is exactly the average regret, (1/t)(max_y Σ_s r_s(y) − t/2).

use playground_core::math;
use playground_core::scenario::NashLearner;

use super::game::{Game, normalise};

/// One learner's update rule and its parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    Rlhf {
        eta: f64,
        beta: f64,
        reward: Vec<f64>,
    },
    SelfPlay {
        eta: f64,
    },
    MultiplicativeWeights {
        eta: f64,
    },
    Extragradient {
        eta: f64,
    },
    NashMd {
        eta: f64,
        tau: f64,
    },
}

impl Rule {
    /// The rule of a scenario learner; `reward` is the Bradley–Terry fit (RLHF's).
    pub fn of(l: &NashLearner, reward: &[f64]) -> Rule {
        let eta = l.learning_rate();
        match *l {
            NashLearner::Rlhf { beta, .. } => Rule::Rlhf {
                eta,
                beta,
                reward: reward.to_vec(),
            },
            NashLearner::SelfPlay { .. } => Rule::SelfPlay { eta },
            NashLearner::MultiplicativeWeights { .. } => Rule::MultiplicativeWeights { eta },
            NashLearner::Extragradient { .. } => Rule::Extragradient { eta },
            NashLearner::NashMd { beta, .. } => Rule::NashMd { eta, tau: beta },
        }
    }

    /// Whether its average is reported (the no-regret learners, whose guarantee is
    /// about the average).
    pub fn averages(&self) -> bool {
        matches!(
            self,
            Rule::SelfPlay { .. } | Rule::MultiplicativeWeights { .. }
        )
    }
}

/// A learner's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Learner {
    pub rule: Rule,
    /// ln π_t, normalised.
    pub logits: Vec<f64>,
    /// Σ of the policies played so far, and how many.
    pub played_sum: Vec<f64>,
    pub played: usize,
}

impl Learner {
    pub fn new(rule: Rule, ref_logp: &[f64]) -> Self {
        Learner {
            rule,
            logits: ref_logp.to_vec(),
            played_sum: vec![0.0; ref_logp.len()],
            played: 0,
        }
    }

    pub fn probs(&self) -> Vec<f64> {
        math::softmax(&self.logits)
    }

    /// The average of the policies played so far (π_ref before the first step).
    pub fn average(&self) -> Vec<f64> {
        if self.played == 0 {
            return self.probs();
        }
        let t = self.played as f64;
        self.played_sum.iter().map(|s| s / t).collect()
    }

    /// Play π_t, then move to π_{t+1}.
    pub fn step(&mut self, game: &Game, ref_logp: &[f64]) {
        let pi = self.probs();
        self.played_sum
            .iter_mut()
            .zip(&pi)
            .for_each(|(s, p)| *s += p);
        self.played += 1;
        let mut next = next_logits(&self.rule, game, &self.logits, &pi, ref_logp);
        normalise(&mut next);
        self.logits = next;
    }
}

fn next_logits(rule: &Rule, game: &Game, logits: &[f64], pi: &[f64], ref_logp: &[f64]) -> Vec<f64> {
    match rule {
        Rule::Rlhf { eta, beta, reward } => {
            let anchored = geometric_mix(logits, ref_logp, eta * beta);
            shifted(&anchored, reward, *eta)
        }
        Rule::SelfPlay { eta } => {
            let r = game.win_rates(pi);
            let baseline: f64 = pi.iter().zip(&r).map(|(p, x)| p * x).sum();
            let advantage: Vec<f64> = pi.iter().zip(&r).map(|(p, x)| p * (x - baseline)).collect();
            shifted(logits, &advantage, *eta)
        }
        Rule::MultiplicativeWeights { eta } => shifted(logits, &game.win_rates(pi), *eta),
        Rule::Extragradient { eta } => {
            let mut ahead = shifted(logits, &game.win_rates(pi), *eta);
            normalise(&mut ahead);
            let r_ahead = game.win_rates(&math::softmax(&ahead));
            shifted(logits, &r_ahead, *eta)
        }
        Rule::NashMd { eta, tau } => {
            let mut anchor = geometric_mix(logits, ref_logp, eta * tau);
            normalise(&mut anchor);
            shifted(&anchor, &game.win_rates(&math::softmax(&anchor)), *eta)
        }
    }
}

/// ln of π^{1−w}·π_ref^{w} (unnormalised).
pub fn geometric_mix(logits: &[f64], ref_logp: &[f64], w: f64) -> Vec<f64> {
    logits
        .iter()
        .zip(ref_logp)
        .map(|(l, r)| (1.0 - w) * l + w * r)
        .collect()
}

/// logits + η·r.
fn shifted(logits: &[f64], r: &[f64], eta: f64) -> Vec<f64> {
    logits.iter().zip(r).map(|(l, x)| l + eta * x).collect()
}

/// Nash-MD's anchor π̃ ∝ π^{1−ητ}·π_ref^{ητ} of a policy.
pub fn nash_md_anchor(logits: &[f64], ref_logp: &[f64], eta: f64, tau: f64) -> Vec<f64> {
    math::softmax(&geometric_mix(logits, ref_logp, eta * tau))
}
