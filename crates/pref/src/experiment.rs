//! The DPO Lab's experiment: every learner of a `kind = "dpo"` scenario trained side by
//! side on the same preference data, one gradient step per time step, reporting TRL's
//! metrics and the exact quantities beside them.

use playground_core::check::Check;
use playground_core::math;
use playground_core::scenario::DpoScenario;
use playground_core::series::{LearnerSeries, Series};
use playground_core::{Divergence, Experiment, Finals};
use serde_json::json;

use crate::frontier::best_reward_within_all;
use crate::metrics::{
    flipped_weight_share, gold_reward, ideal_ranking_accuracy, kl_to_reference, ranking_accuracy,
    trl_metrics,
};
use crate::objective::Objective;
use crate::policy::PolicyForm;
use crate::problem::Problem;

pub const LOSS: &str = "loss";
pub const KL: &str = "kl";
pub const GOLD_REWARD: &str = "gold_reward";
pub const RANKING_ACCURACY: &str = "ranking_accuracy";
pub const FLIPPED_WEIGHT: &str = "weights/flipped_share";

/// Every metric, in display order: TRL's six, then the loss, KL(π‖π_ref), E_π r*, the
/// likelihood ranking accuracy and the share of DPO's weight on mislabelled pairs. With
/// several prompts: pair metrics pooled over all pairs, KL and gold reward averaged over
/// the prompts. Implicit rewards are measured against the learner's own reference.
pub const METRICS: [&str; 11] = [
    crate::metrics::REWARDS_CHOSEN,
    crate::metrics::REWARDS_REJECTED,
    crate::metrics::REWARDS_MARGINS,
    crate::metrics::REWARDS_ACCURACIES,
    crate::metrics::LOGPS_CHOSEN,
    crate::metrics::LOGPS_REJECTED,
    LOSS,
    KL,
    GOLD_REWARD,
    RANKING_ACCURACY,
    FLIPPED_WEIGHT,
];

#[derive(Debug)]
pub struct DpoExperiment {
    pub(crate) plan: DpoScenario,
    pub(crate) problem: Problem,
    /// Each Pre-DPO learner's view of the problem through its guiding reference.
    pub(crate) guided: Vec<Option<Problem>>,
    pub(crate) form: PolicyForm,
    /// Every prompt's ln π_ref, concatenated: where every policy starts and what a
    /// log-linear one is anchored at.
    anchor: Vec<f64>,
    pub(crate) objectives: Vec<Objective>,
    /// Each learner's parameters now (the logits, for a tabular policy).
    pub(crate) thetas: Vec<Vec<f64>>,
    series: Series,
    t: usize,
    /// Set when a step would have left a learner with a non-finite loss or logits; the
    /// step is then not taken.
    diverged: Option<Divergence>,
}

impl DpoExperiment {
    pub fn new(plan: &DpoScenario) -> Result<Self, String> {
        let problem = Problem::new(plan)?;
        let form = match &plan.env.features {
            Some(f) if plan.env.is_log_linear() => PolicyForm::LogLinear {
                features: f.clone(),
            },
            _ => PolicyForm::Tabular,
        };
        let anchor = problem.ref_logits();
        let start = form.initial_at(&anchor);
        let labels = plan.labels();
        let guided: Vec<Option<Problem>> = plan
            .learners
            .iter()
            .map(|l| l.is_guided().then(|| problem.guided(l.beta())))
            .collect();
        Ok(DpoExperiment {
            objectives: plan
                .learners
                .iter()
                .map(|l| Objective::of(l, &problem))
                .collect(),
            guided,
            thetas: vec![start; plan.learners.len()],
            series: Series {
                learners: labels
                    .iter()
                    .map(|l| LearnerSeries::new(l.clone(), &METRICS))
                    .collect(),
            },
            plan: plan.clone(),
            problem,
            form,
            anchor,
            t: 0,
            diverged: None,
        })
    }

    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// The problem as learner `l`'s loss sees it: its own reference (Pre-DPO's guide), the
    /// same data.
    pub fn seen_by(&self, l: usize) -> &Problem {
        self.guided[l].as_ref().unwrap_or(&self.problem)
    }

    /// A learner's concatenated logits now.
    pub fn logits(&self, learner: usize) -> Vec<f64> {
        self.form.logits_at(&self.anchor, &self.thetas[learner])
    }

    /// A learner's policy now, one row per prompt.
    pub fn policy(&self, learner: usize) -> Vec<Vec<f64>> {
        let logits = self.logits(learner);
        (0..self.problem.prompts.len())
            .map(|x| math::softmax(self.problem.slice(x, &logits)))
            .collect()
    }

    /// The objective's value and its gradient in the learner's parameters.
    pub fn objective(&self, learner: usize, theta: &[f64]) -> (f64, Vec<f64>) {
        self.objective_of(learner, &self.objectives[learner], theta)
    }

    /// The same for any objective of learner `l` (as its reference sees the problem).
    pub fn objective_of(&self, l: usize, objective: &Objective, theta: &[f64]) -> (f64, Vec<f64>) {
        let logits = self.form.logits_at(&self.anchor, theta);
        let (value, g) = objective.eval(self.seen_by(l), &logits);
        (value, self.form.pull_back(&g))
    }

    /// One gradient step of learner `l`.
    fn advance(&mut self, l: usize) {
        let lr = self.plan.learners[l].learning_rate();
        let (_, g) = self.objective(l, &self.thetas[l]);
        for (t, d) in self.thetas[l].iter_mut().zip(g) {
            *t -= lr * d;
        }
    }

    /// Why learner `l`'s new state cannot be kept, if it cannot: its logits or its loss
    /// stopped being finite numbers.
    fn blown_up(&self, l: usize, values: &[(&'static str, f64)]) -> Option<Divergence> {
        let loss = values.iter().find(|(n, _)| *n == LOSS).map_or(0.0, |v| v.1);
        let cause = if self.thetas[l].iter().any(|x| !x.is_finite()) {
            "its logits are no longer finite numbers".to_string()
        } else if !loss.is_finite() {
            format!("its loss became {loss}")
        } else {
            return None;
        };
        Some(Divergence {
            learner: self.plan.labels()[l].clone(),
            step: self.t + 1,
            cause,
            advice: "The update overflowed: a smaller learning rate, or a larger β (IPO's τ), \
                     keeps it finite."
                .into(),
        })
    }

    /// Every metric of learner `l` now.
    fn metrics(&self, l: usize) -> Vec<(&'static str, f64)> {
        let p = self.seen_by(l);
        let truth = &self.problem.prompts;
        let logits = self.logits(l);
        let beta = self.plan.learners[l].beta();
        let shares = p.pair_shares();
        let prompts = p.prompts.len() as f64;
        let mut pooled: Vec<(&'static str, f64)> = Vec::new();
        let (mut kl, mut gold, mut ranking, mut flipped) = (0.0, 0.0, 0.0, 0.0);
        for (x, (toy, true_toy)) in p.prompts.iter().zip(truth).enumerate() {
            let theta = p.slice(x, &logits);
            let probs = math::softmax(theta);
            let logp: Vec<f64> = probs.iter().map(|q| math::ln(*q)).collect();
            for (k, (name, v)) in trl_metrics(toy, &p.pairs[x], theta, beta)
                .into_iter()
                .enumerate()
            {
                match pooled.get_mut(k) {
                    Some(slot) => slot.1 += shares[x] * v,
                    None => pooled.push((name, shares[x] * v)),
                }
            }
            // KL and the frontier are always measured from π_ref itself.
            kl += kl_to_reference(true_toy, &probs) / prompts;
            gold += gold_reward(true_toy, &probs) / prompts;
            ranking += shares[x] * ranking_accuracy(&p.pairs[x], &logp);
            flipped += shares[x] * flipped_weight_share(toy, &p.pairs[x], theta, beta);
        }
        let loss = self.objectives[l].value(p, &logits);
        pooled.extend([
            (LOSS, loss),
            (KL, kl),
            (GOLD_REWARD, gold),
            (RANKING_ACCURACY, ranking),
            (FLIPPED_WEIGHT, flipped),
        ]);
        pooled
    }
}

impl Experiment for DpoExperiment {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.plan.steps
    }

    /// One step of every learner (a unit of work is one learner's step over all its data).
    /// A step that would blow a learner up is undone for all of them and the run stops.
    fn work(&mut self, _budget: usize) -> usize {
        if self.is_done() || self.diverged.is_some() {
            return 0;
        }
        let before = self.thetas.clone();
        let n = self.objectives.len();
        for l in 0..n {
            self.advance(l);
        }
        let values: Vec<_> = (0..n).map(|l| self.metrics(l)).collect();
        if let Some(d) = (0..n).find_map(|l| self.blown_up(l, &values[l])) {
            self.thetas = before;
            self.diverged = Some(d);
            return 0;
        }
        for (series, values) in self.series.learners.iter_mut().zip(values) {
            for (name, v) in values {
                if let Some(m) = series.metric_mut(name) {
                    m.mean.push(v);
                    m.ci95.push(0.0);
                }
            }
        }
        self.t += 1;
        n
    }

    fn divergence(&self) -> Option<&Divergence> {
        self.diverged.as_ref()
    }

    fn series(&self) -> &Series {
        &self.series
    }

    fn checks(&self) -> Vec<Check> {
        crate::checks::all(self)
    }

    /// Per learner: its policy (`final_policy`, one list per prompt), the KL-regularised
    /// optimum π*_β for its β (DPO's target on population data), its KL and gold reward
    /// (means over the prompts), the frontier's reward at its KL, and the ideal ranking
    /// accuracy on the data.
    fn finals(&self) -> Finals {
        let p = &self.problem;
        let labels = self.plan.labels();
        let mut out = Finals::new();
        for (l, label) in labels.iter().enumerate() {
            let policy = self.policy(l);
            let beta = self.plan.learners[l].beta();
            let prompts = p.prompts.len() as f64;
            let kl: f64 = p
                .prompts
                .iter()
                .zip(&policy)
                .map(|(t, q)| kl_to_reference(t, q))
                .sum::<f64>()
                / prompts;
            let gold: f64 = p
                .prompts
                .iter()
                .zip(&policy)
                .map(|(t, q)| gold_reward(t, q))
                .sum::<f64>()
                / prompts;
            let shares = p.pair_shares();
            let ideal: f64 = p
                .prompts
                .iter()
                .zip(&p.pairs)
                .zip(shares)
                .map(|((t, pairs), s)| s * ideal_ranking_accuracy(t, pairs, beta))
                .sum();
            out.insert(
                label.clone(),
                json!({
                    "final_policy": policy,
                    "kl_regularised_optimum": p.optimum(beta),
                    "kl": kl,
                    "gold_reward": gold,
                    "frontier_reward": best_reward_within_all(&p.prompts, kl),
                    "ideal_ranking_accuracy": ideal,
                }),
            );
        }
        out
    }
}
