//! A reward learner: an ensemble of Bradley–Terry reward models, the labels it asked for,
//! and how it picks its next query.

use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::{
    QueryRule, REWARD_MLP_STEPS, RewardFeatures, RewardLearner, RewardModel,
};

use super::mlp::MlpReward;
use super::model::{Comparison, FitReport, Problem};
use super::segment::{Answer, Segment, difference};
use super::world::{Implied, World};

/// An MLP's fit counts as converged when no parameter's gradient exceeds this.
pub const MLP_CONVERGED: f64 = 1e-3;

/// One ensemble member: its reward table (an MLP's outputs, if it has one) and its
/// bootstrap weight of every label.
#[derive(Debug)]
pub struct Member {
    pub reward: Vec<f64>,
    pub weights: Vec<f64>,
    pub fit: Option<FitReport>,
    pub net: Option<MlpReward>,
    rng: Rng,
}

#[derive(Debug)]
pub struct Learner {
    pub features: RewardFeatures,
    pub queries: QueryRule,
    pub l2: f64,
    pub members: Vec<Member>,
    /// Every label as the model sees it: the pair's feature difference and its target.
    pub comparisons: Vec<Comparison>,
    /// What the ensemble's mean reward implies (before any label: the initial reward's).
    pub implied: Implied,
    /// Adam steps an MLP member takes at each refit.
    pub mlp_steps: usize,
}

impl Learner {
    /// `streams` gives each member's bootstrap stream.
    pub fn new(spec: &RewardLearner, world: &World, streams: impl Fn(usize) -> Rng) -> Learner {
        let features = spec.features();
        let units = world.units(features);
        let inputs = (spec.model() == RewardModel::Mlp).then(|| world.unit_inputs(features));
        let members: Vec<Member> = (0..spec.ensemble())
            .map(|k| {
                let rng = streams(k);
                // The weights come from a stream of their own, so a table and an MLP
                // with the same seed see the same bootstrap resamples.
                let net = inputs.as_ref().map(|x| {
                    let mut init = Rng::stream(rng.clone().next_u64(), &[MLP_STREAM]);
                    MlpReward::new(x, spec.hidden(), spec.l2(), &mut init)
                });
                Member {
                    reward: net
                        .as_ref()
                        .map_or_else(|| vec![0.0; units], MlpReward::table),
                    weights: Vec::new(),
                    fit: None,
                    net,
                    rng,
                }
            })
            .collect();
        Learner {
            features,
            queries: spec.queries(),
            l2: spec.l2(),
            implied: world.implied(features, &mean_reward(&members)),
            members,
            comparisons: Vec::new(),
            mlp_steps: REWARD_MLP_STEPS,
        }
    }

    /// The ensemble's mean reward.
    pub fn reward(&self) -> Vec<f64> {
        mean_reward(&self.members)
    }

    /// The variance across members of P̂(first ≻ second).
    pub fn disagreement(&self, x: &[(usize, f64)]) -> f64 {
        let c = Comparison {
            x: x.to_vec(),
            target: 0.5,
        };
        let ps: Vec<f64> = self
            .members
            .iter()
            .map(|m| math::sigmoid(c.logit(&m.reward)))
            .collect();
        let mean = ps.iter().sum::<f64>() / ps.len() as f64;
        ps.iter().map(|p| (p - mean) * (p - mean)).sum::<f64>() / ps.len() as f64
    }

    /// The candidate to ask about: the first (random queries), or the one the members
    /// disagree on most (the first of equals).
    pub fn choose(&self, world: &World, candidates: &[(Segment, Segment)]) -> usize {
        match self.queries {
            QueryRule::Random => 0,
            QueryRule::Disagreement => {
                let mut best = (0, f64::NEG_INFINITY);
                for (i, (a, b)) in candidates.iter().enumerate() {
                    let d = self.disagreement(&difference(world, self.features, a, b));
                    if d > best.1 {
                        best = (i, d);
                    }
                }
                best.0
            }
        }
    }

    /// Record a label and refit every member.
    pub fn add(&mut self, world: &World, first: &Segment, second: &Segment, answer: Answer) {
        self.record(world, first, second, answer);
        self.refit(world);
    }

    /// Record a label without refitting. A single model sees every label once; an
    /// ensemble's members each weigh it by a Poisson(1) draw (an online bootstrap).
    pub fn record(&mut self, world: &World, first: &Segment, second: &Segment, answer: Answer) {
        self.comparisons.push(Comparison {
            x: difference(world, self.features, first, second),
            target: answer.target(),
        });
        let bootstrap = self.members.len() > 1;
        for m in &mut self.members {
            let w = if bootstrap {
                poisson_one(&mut m.rng)
            } else {
                1.0
            };
            m.weights.push(w);
        }
    }

    /// Refit every member (warm-started) and recompute the implied policy.
    pub fn refit(&mut self, world: &World) {
        for m in &mut self.members {
            let problem = Problem {
                units: m.reward.len(),
                comparisons: &self.comparisons,
                weights: &m.weights,
                l2: self.l2,
            };
            m.fit = Some(match &mut m.net {
                None => problem.fit(&mut m.reward),
                Some(net) => {
                    let gradient = net.fit(&problem, self.mlp_steps);
                    m.reward = net.table();
                    FitReport {
                        newton_steps: 0,
                        gradient,
                        converged: gradient < MLP_CONVERGED,
                    }
                }
            });
        }
        self.implied = world.implied(self.features, &self.reward());
    }

    /// The mean Bradley–Terry negative log-likelihood of the labels under the mean reward.
    pub fn loss(&self) -> f64 {
        if self.comparisons.is_empty() {
            return 0.0;
        }
        let weights = vec![1.0; self.comparisons.len()];
        let reward = self.reward();
        let problem = Problem {
            units: reward.len(),
            comparisons: &self.comparisons,
            weights: &weights,
            l2: 0.0,
        };
        problem.loss(&reward) / self.comparisons.len() as f64
    }
}

fn mean_reward(members: &[Member]) -> Vec<f64> {
    let k = members.len() as f64;
    let mut out = vec![0.0; members[0].reward.len()];
    for m in members {
        for (o, r) in out.iter_mut().zip(&m.reward) {
            *o += r / k;
        }
    }
    out
}

/// The stream tag of an MLP member's initial weights.
const MLP_STREAM: u64 = 0x4d4c50;

/// A Poisson(1) draw (Knuth's product of uniforms).
fn poisson_one(rng: &mut Rng) -> f64 {
    let limit = math::exp(-1.0);
    let mut product = rng.uniform();
    let mut k = 0.0;
    while product > limit {
        product *= rng.uniform();
        k += 1.0;
    }
    k
}
