//! The DPO Lab's experiment: every learner of a `kind = "dpo"` scenario trained side by
//! side on the same preference data, one gradient step per time step, reporting TRL's
//! metrics and the exact quantities beside them.

use playground_core::check::Check;
use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::{DpoEnv, DpoLearner, DpoScenario};
use playground_core::series::{LearnerSeries, Series};
use playground_core::{Experiment, Finals};
use serde_json::json;

use crate::fit::{gradient, mean_loss};
use crate::frontier::best_reward_within;
use crate::loss::PairLoss;
use crate::metrics::{gold_reward, kl_to_reference, trl_metrics};
use crate::toy::{Labelling, Pair, PairSource, Toy};

pub const LOSS: &str = "loss";
pub const KL: &str = "kl";
pub const GOLD_REWARD: &str = "gold_reward";

/// Every metric, in display order: TRL's six, then the loss, KL(π‖π_ref) and E_π r*.
pub const METRICS: [&str; 9] = [
    crate::metrics::REWARDS_CHOSEN,
    crate::metrics::REWARDS_REJECTED,
    crate::metrics::REWARDS_MARGINS,
    crate::metrics::REWARDS_ACCURACIES,
    crate::metrics::LOGPS_CHOSEN,
    crate::metrics::LOGPS_REJECTED,
    LOSS,
    KL,
    GOLD_REWARD,
];

/// A scenario learner's loss.
pub fn loss_of(l: &DpoLearner) -> PairLoss {
    match *l {
        DpoLearner::Dpo { beta, .. } => PairLoss::Dpo { beta },
        DpoLearner::Ipo { beta, .. } => PairLoss::Ipo { beta },
        DpoLearner::Cdpo {
            beta,
            label_smoothing,
            ..
        } => PairLoss::Cdpo {
            beta,
            label_smoothing,
        },
        DpoLearner::RobustDpo {
            beta,
            label_smoothing,
            ..
        } => PairLoss::RobustDpo {
            beta,
            label_smoothing,
        },
    }
}

/// The toy and the data a scenario describes (sampled data from the scenario's seed).
pub fn toy_and_pairs(env: &DpoEnv, seed: u64) -> Result<(Toy, Vec<Pair>), String> {
    let toy = Toy::new(&env.ref_probs, &env.gold_reward)?;
    let pairs = match env.pairs {
        None => toy.population(),
        Some(n) => {
            let source = match env.source.as_str() {
                "uniform" => PairSource::Uniform,
                _ => PairSource::Reference,
            };
            let labelling = Labelling {
                deterministic: env.deterministic,
                flip: env.flip,
            };
            toy.sample_pairs(n, source, labelling, &mut Rng::stream(seed, &[0]))
        }
    };
    Ok((toy, pairs))
}

#[derive(Debug)]
pub struct DpoExperiment {
    pub(crate) plan: DpoScenario,
    pub(crate) toy: Toy,
    pub(crate) pairs: Vec<Pair>,
    pub(crate) losses: Vec<PairLoss>,
    /// Each learner's logits now.
    pub(crate) thetas: Vec<Vec<f64>>,
    series: Series,
    t: usize,
}

impl DpoExperiment {
    pub fn new(plan: &DpoScenario) -> Result<Self, String> {
        let (toy, pairs) = toy_and_pairs(&plan.env, plan.seed)?;
        let labels = plan.labels();
        Ok(DpoExperiment {
            losses: plan.learners.iter().map(loss_of).collect(),
            thetas: vec![toy.ref_logp.clone(); plan.learners.len()],
            series: Series {
                learners: labels
                    .iter()
                    .map(|l| LearnerSeries::new(l.clone(), &METRICS))
                    .collect(),
            },
            plan: plan.clone(),
            toy,
            pairs,
            t: 0,
        })
    }

    pub fn toy(&self) -> &Toy {
        &self.toy
    }

    pub fn pairs(&self) -> &[Pair] {
        &self.pairs
    }

    /// A learner's policy now.
    pub fn probs(&self, learner: usize) -> Vec<f64> {
        math::softmax(&self.thetas[learner])
    }

    /// One gradient step of learner `l`, then its metrics.
    fn advance(&mut self, l: usize) {
        let loss = self.losses[l];
        let lr = self.plan.learners[l].learning_rate();
        let g = gradient(&self.toy, &loss, &self.pairs, &self.thetas[l]);
        for (t, d) in self.thetas[l].iter_mut().zip(g) {
            *t -= lr * d;
        }
        let theta = &self.thetas[l];
        let probs = math::softmax(theta);
        let beta = self.plan.learners[l].beta();
        let mut values = trl_metrics(&self.toy, &self.pairs, theta, beta);
        values.push((LOSS, mean_loss(&self.toy, &loss, &self.pairs, theta)));
        values.push((KL, kl_to_reference(&self.toy, &probs)));
        values.push((GOLD_REWARD, gold_reward(&self.toy, &probs)));
        let series = &mut self.series.learners[l];
        for (name, v) in values {
            if let Some(m) = series.metric_mut(name) {
                m.mean.push(v);
                m.ci95.push(0.0);
            }
        }
    }
}

impl Experiment for DpoExperiment {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.plan.steps
    }

    /// One step of every learner (a unit of work is one learner's step over all pairs).
    fn work(&mut self, _budget: usize) -> usize {
        if self.is_done() {
            return 0;
        }
        for l in 0..self.losses.len() {
            self.advance(l);
        }
        self.t += 1;
        self.losses.len()
    }

    fn series(&self) -> &Series {
        &self.series
    }

    fn checks(&self) -> Vec<Check> {
        crate::checks::all(self)
    }

    /// Per learner: its policy, the KL-regularised optimum π*_β for its β (DPO's target on
    /// population data), its KL and gold reward,
    /// and the frontier's reward at its KL.
    fn finals(&self) -> Finals {
        let labels = self.plan.labels();
        let mut out = Finals::new();
        for (l, label) in labels.iter().enumerate() {
            let probs = self.probs(l);
            let kl = kl_to_reference(&self.toy, &probs);
            let beta = self.plan.learners[l].beta();
            out.insert(
                label.clone(),
                json!({
                    "probs": probs,
                    "kl_regularised_optimum": self.toy.optimum(beta),
                    "kl": kl,
                    "gold_reward": gold_reward(&self.toy, &probs),
                    "frontier_reward": best_reward_within(&self.toy, kl),
                }),
            );
        }
        out
    }
}
