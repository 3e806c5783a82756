//! The experiment of a `kind = "reward-learning"` scenario: every (run, learner) asks for
//! one label per step. A unit of work is one (run, learner) choosing a query among the
//! run's candidates, getting its label and refitting; a step's metrics are appended once
//! every run of every learner has taken it.

use playground_core::check::Check;
use playground_core::rng::Rng;
use playground_core::scenario::RewardScenario;
use playground_core::series::{LearnerSeries, Moments, Series};
use playground_core::{Experiment, Finals};
use serde_json::{Value, json};

use super::learner::Learner;
use super::segment::{self, Segment};
use super::world::{self, World};

/// The true expected return from the start of the policy the learned reward implies.
pub const TRUE_RETURN: &str = "true_return";
/// The share of cells where that policy's move is optimal.
pub const OPTIMAL_ACTIONS: &str = "optimal_actions";
/// Pearson's correlation of the learned and the true reward.
pub const REWARD_CORRELATION: &str = "reward_correlation";
/// max − min of the learned reward.
pub const REWARD_SCALE: &str = "reward_scale";
/// The mean Bradley–Terry negative log-likelihood of the labels so far.
pub const LOSS: &str = "loss";
pub const METRICS: [&str; 5] = [
    TRUE_RETURN,
    OPTIMAL_ACTIONS,
    REWARD_CORRELATION,
    REWARD_SCALE,
    LOSS,
];

/// Tags that keep the random streams apart: (seed, [run, step, CANDIDATES]) is shared by
/// a run's learners (common random numbers); the others are a learner's own.
mod streams {
    pub const CANDIDATES: u64 = 0xC;
    pub const LABELS: u64 = 0x1A;
    pub const BOOTSTRAP: u64 = 0xB0;
}

#[derive(Debug)]
pub struct RewardExperiment {
    pub(crate) plan: RewardScenario,
    pub(crate) world: World,
    /// Run-major: `learners[run * L + l]`.
    pub(crate) learners: Vec<Learner>,
    labellers: Vec<Rng>,
    moments: Vec<[Moments; METRICS.len()]>,
    series: Series,
    /// The next (run, learner) of the current step, run-major.
    cursor: usize,
    t: usize,
}

impl RewardExperiment {
    pub fn new(plan: &RewardScenario) -> Result<Self, String> {
        plan.validate().map_err(|e| e.to_string())?;
        let world = World::new(&plan.env)?;
        let seed = plan.seed;
        let mut learners = Vec::new();
        let mut labellers = Vec::new();
        for run in 0..plan.runs as u64 {
            for (l, spec) in plan.learners.iter().enumerate() {
                let l = l as u64;
                learners.push(Learner::new(spec, &world, |k| {
                    Rng::stream(seed, &[run, l, k as u64, streams::BOOTSTRAP])
                }));
                labellers.push(Rng::stream(seed, &[run, l, streams::LABELS]));
            }
        }
        let series = Series {
            learners: plan
                .labels()
                .into_iter()
                .map(|label| LearnerSeries::new(label, &METRICS))
                .collect(),
        };
        Ok(RewardExperiment {
            moments: vec![Default::default(); plan.learners.len()],
            plan: plan.clone(),
            world,
            learners,
            labellers,
            series,
            cursor: 0,
            t: 0,
        })
    }

    pub fn plan(&self) -> &RewardScenario {
        &self.plan
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// Learner `l` of run `run`.
    pub fn learner(&self, run: usize, l: usize) -> &Learner {
        &self.learners[run * self.plan.learners.len() + l]
    }

    /// The pairs a run is offered at step t (the same for all its learners).
    pub fn candidates(&self, run: usize, t: usize) -> Vec<(Segment, Segment)> {
        let mut rng = Rng::stream(self.plan.seed, &[run as u64, t as u64, streams::CANDIDATES]);
        let length = self.plan.feedback.segment_length;
        (0..self.plan.feedback.candidates)
            .map(|_| {
                let a = Segment::sample(&self.world, length, &mut rng);
                let b = Segment::sample(&self.world, length, &mut rng);
                (a, b)
            })
            .collect()
    }

    /// One (run, learner) takes step t.
    fn advance(&mut self, index: usize) {
        let run = index / self.plan.learners.len();
        let mut candidates = self.candidates(run, self.t);
        let chosen = self.learners[index].choose(&self.world, &candidates);
        let (first, second) = candidates.swap_remove(chosen);
        let answer = segment::label(
            &self.plan.feedback,
            &self.world,
            &first,
            &second,
            &mut self.labellers[index],
        );
        let learner = &mut self.learners[index];
        learner.add(&self.world, &first, &second, answer);
        let values = self.measure(index);
        let l = index % self.plan.learners.len();
        for (m, v) in self.moments[l].iter_mut().zip(values) {
            m.push(v);
        }
    }

    /// The metrics of one (run, learner) now, in [`METRICS`] order.
    fn measure(&self, index: usize) -> [f64; METRICS.len()] {
        let learner = &self.learners[index];
        let reward = learner.reward();
        let truth = self.world.true_reward(learner.features);
        [
            learner.implied.true_return,
            learner.implied.optimal_share,
            world::correlation(truth, &reward).unwrap_or(0.0),
            world::scale(truth, &reward),
            learner.loss(),
        ]
    }

    fn close_step(&mut self) {
        for (moments, series) in self.moments.iter_mut().zip(&mut self.series.learners) {
            for (m, metric) in moments.iter().zip(&mut series.metrics) {
                metric.mean.push(m.mean());
                metric.ci95.push(m.ci95());
            }
            *moments = Default::default();
        }
        self.t += 1;
        self.cursor = 0;
    }

    /// Run 1's learner `l` as a table per cell: `per_state` of each state (walls null).
    fn cells(&self, per_state: impl Fn(usize) -> Option<f64>) -> Value {
        json!(self.world.grid.per_cell(&per_state))
    }

    /// Learner `l`'s finals (see [`Experiment::finals`]).
    pub fn learner_finals(&self, l: usize) -> Value {
        let first = self.learner(0, l);
        let features = first.features;
        let reward = first.reward();
        let learned: Vec<Option<f64>> = reward.iter().copied().map(Some).collect();
        let truth = self.world.true_reward(features);
        let world = &self.world;
        let shown = |s: usize| {
            world
                .per_state(features, truth, s)
                .and_then(|_| world.per_state(features, &learned, s))
        };
        let mut returns = Moments::default();
        for run in 0..self.plan.runs {
            returns.push(self.learner(run, l).implied.true_return);
        }
        let grid = &self.world.grid;
        let mut out = json!({
            "labels": first.comparisons.len(),
            "learned_reward": self.cells(shown),
            "true_reward": self.cells(|s| world.per_state(features, truth, s)),
            "policy": grid.arrows(&first.implied.policy),
            "optimal_policy": grid.arrows(&self.world.optimum.policy),
            "true_return": returns.mean(),
            "optimal_return": self.world.optimal_return(),
            "reward_correlation": world::correlation(truth, &reward),
            "fits_converged": first.members.iter().all(|m| m.fit.is_none_or(|f| f.converged)),
        });
        if let Some(adv) = self.world.advantage_units(features) {
            out["advantage_correlation"] = json!(world::correlation(&adv, &reward));
        }
        out
    }
}

impl Experiment for RewardExperiment {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.plan.steps
    }

    /// A unit of work is one (run, learner) taking one label.
    fn work(&mut self, budget: usize) -> usize {
        if self.is_done() {
            return 0;
        }
        let total = self.learners.len();
        let mut done = 0;
        while done < budget.max(1) {
            self.advance(self.cursor);
            self.cursor += 1;
            done += 1;
            if self.cursor == total {
                self.close_step();
                break;
            }
        }
        done
    }

    fn series(&self) -> &Series {
        &self.series
    }

    fn checks(&self) -> Vec<Check> {
        super::checks::all(self)
    }

    /// Per learner (run 1's tables): the learned and true reward per cell (a state-action
    /// reward as its mean over moves), the implied and the optimal policy as arrows, the
    /// labels taken, the implied policy's true return (mean over runs) and the optimum's,
    /// the correlation of learned and true reward (and of learned reward and A* for
    /// state-action rewards), and whether every member's fit converged.
    fn finals(&self) -> Finals {
        let mut out = Finals::new();
        for (l, label) in self.plan.labels().into_iter().enumerate() {
            out.insert(label, self.learner_finals(l));
        }
        out
    }
}
