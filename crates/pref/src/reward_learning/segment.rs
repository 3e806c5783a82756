//! Trajectory segments and the automatic labeller that compares them.
//!
//! A segment starts in a uniformly drawn cell where the agent acts and follows uniformly
//! random moves for `segment_length` transitions, ending early at a terminal cell. The
//! labeller scores each segment (its partial return, or the sum of its optimal
//! advantages; steps after the end score 0) and answers as Bradley–Terry would with the given rationality, by the
//! sign of the difference, or (a chosen share of the time) at random.

use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::{Feedback, Labeller, RewardFeatures};

use super::world::World;

/// One transition: state, action, the state it led to and the reward paid (its mean).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub state: usize,
    pub action: usize,
    pub next: usize,
    pub reward: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Segment {
    pub steps: Vec<Step>,
    /// Steps in the absorbing state after the episode ended, so that every segment has
    /// the same length.
    pub padding: usize,
}

impl Segment {
    /// A random segment of at most `length` transitions.
    pub fn sample(world: &World, length: usize, rng: &mut Rng) -> Segment {
        let mdp = world.mdp();
        let mut s = world.starts[rng.below(world.starts.len())];
        let mut steps = Vec::with_capacity(length);
        for _ in 0..length {
            let action = rng.below(mdp.actions);
            let (next, _) = mdp.sample(s, action, rng);
            let reward = mdp
                .outcomes(s, action)
                .iter()
                .find(|o| o.next == next)
                .map_or(0.0, |o| o.reward);
            steps.push(Step {
                state: s,
                action,
                next,
                reward,
            });
            if mdp.terminal[next] {
                break;
            }
            s = next;
        }
        let padding = length - steps.len();
        Segment { steps, padding }
    }

    /// The sum of the segment's rewards.
    pub fn partial_return(&self) -> f64 {
        self.steps.iter().map(|s| s.reward).sum()
    }

    /// Σ A*(s, a) over the segment: minus its regret (Knox et al., deterministic moves).
    pub fn advantage_sum(&self, world: &World) -> f64 {
        let actions = world.mdp().actions;
        self.steps
            .iter()
            .map(|s| world.advantage[s.state * actions + s.action])
            .sum()
    }

    /// How often each learned-reward unit pays along the segment.
    pub fn counts(&self, world: &World, features: RewardFeatures) -> Vec<(usize, f64)> {
        let mut out: Vec<(usize, f64)> = Vec::with_capacity(self.steps.len());
        for s in &self.steps {
            let u = world.unit(features, s.state, s.action, s.next);
            match out.iter_mut().find(|(v, _)| *v == u) {
                Some((_, c)) => *c += 1.0,
                None => out.push((u, 1.0)),
            }
        }
        if self.padding > 0 {
            out.push((world.absorbing(features), self.padding as f64));
        }
        out
    }
}

/// φ(σ¹) − φ(σ²) as sorted (unit, coefficient) pairs, zeros dropped: what the
/// Bradley–Terry logit Σ r̂(σ¹) − Σ r̂(σ²) multiplies.
pub fn difference(
    world: &World,
    features: RewardFeatures,
    a: &Segment,
    b: &Segment,
) -> Vec<(usize, f64)> {
    let mut out = a.counts(world, features);
    for (u, c) in b.counts(world, features) {
        match out.iter_mut().find(|(v, _)| *v == u) {
            Some((_, x)) => *x -= c,
            None => out.push((u, -c)),
        }
    }
    out.retain(|(_, c)| *c != 0.0);
    out.sort_by_key(|(u, _)| *u);
    out
}

/// A labeller's answer about a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    First,
    Second,
    Equal,
}

impl Answer {
    /// The Bradley–Terry target μ = P(first ≻ second) the answer stands for.
    pub fn target(self) -> f64 {
        match self {
            Answer::First => 1.0,
            Answer::Second => 0.0,
            Answer::Equal => 0.5,
        }
    }
}

/// The labeller's score of a segment.
pub fn score(feedback: &Feedback, world: &World, segment: &Segment) -> f64 {
    match feedback.labeller {
        Labeller::PartialReturn => segment.partial_return(),
        Labeller::Regret => segment.advantage_sum(world),
    }
}

/// P(first ≻ second) under the labeller's model (before random answers), from the
/// score difference of a pair that does not tie.
fn preference(feedback: &Feedback, gap: f64) -> f64 {
    if feedback.deterministic {
        if gap > 0.0 { 1.0 } else { 0.0 }
    } else {
        math::sigmoid(feedback.rationality * gap)
    }
}

/// The automatic labeller's answer. Segments that score exactly the same are "equal"
/// (μ = ½, as a person would say), unless the answer is one of the random ones. Always
/// draws the same two numbers, so a stream stays aligned whatever the answers.
pub fn label(
    feedback: &Feedback,
    world: &World,
    a: &Segment,
    b: &Segment,
    rng: &mut Rng,
) -> Answer {
    let random = rng.uniform() < feedback.random_fraction;
    let u = rng.uniform();
    let gap = score(feedback, world, a) - score(feedback, world, b);
    let p = if random {
        0.5
    } else if gap == 0.0 {
        return Answer::Equal;
    } else {
        preference(feedback, gap)
    };
    if u < p { Answer::First } else { Answer::Second }
}
