//! The experiment of a `kind = "constrained"` scenario: every learner from π_ref, one
//! exact step per time step, with its expected reward and cost, its λ, its KL to π_ref,
//! its objective and its distance to the exact optimum after each step.

use playground_core::check::Check;
use playground_core::scenario::ConstrainedScenario;
use playground_core::series::{LearnerSeries, Series};
use playground_core::{Divergence, Experiment, Finals};
use serde_json::json;

use crate::dual::{self, FrontierPoint, Optimum};
use crate::learners::Learner;
use crate::problem::{Policy, Problem};

/// E_π r, the helpfulness.
pub const REWARD: &str = "reward";
/// E_π c, the harmfulness, held to the budget.
pub const COST: &str = "cost";
/// The multiplier the learner prices cost at.
pub const LAMBDA: &str = "lambda";
pub const KL: &str = "kl";
/// E_π r − β·KL(π‖π_ref), the objective the constraint limits.
pub const OBJECTIVE: &str = "objective";
/// ½‖π − π*‖₁ to the exact constrained optimum.
pub const DISTANCE: &str = "distance_to_optimum";
/// Every learner's metrics, in display order.
pub const METRICS: [&str; 6] = [REWARD, COST, LAMBDA, KL, OBJECTIVE, DISTANCE];
/// The finals key holding a learner's last policy.
pub const FINAL_POLICY: &str = "final_policy";

#[derive(Debug)]
pub struct ConstrainedExperiment {
    plan: ConstrainedScenario,
    problem: Problem,
    optimum: Optimum,
    learners: Vec<Learner>,
    labels: Vec<String>,
    series: Series,
    /// The next learner to step within the current time step.
    cursor: usize,
    t: usize,
    divergence: Option<Divergence>,
}

impl ConstrainedExperiment {
    pub fn new(plan: &ConstrainedScenario) -> Result<Self, String> {
        plan.validate().map_err(|e| e.to_string())?;
        let problem = Problem::new(&plan.env);
        let optimum = Optimum::solve(&problem);
        let learners = plan
            .learners
            .iter()
            .map(|l| Learner::new(l, &problem, optimum.lambda, plan.steps))
            .collect();
        let labels = plan.labels();
        let series = Series {
            learners: labels
                .iter()
                .map(|l| LearnerSeries::new(l.clone(), &METRICS))
                .collect(),
        };
        Ok(ConstrainedExperiment {
            plan: plan.clone(),
            problem,
            optimum,
            learners,
            labels,
            series,
            cursor: 0,
            t: 0,
            divergence: None,
        })
    }

    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    pub fn optimum(&self) -> &Optimum {
        &self.optimum
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Learner `i`'s policy now.
    pub fn policy(&self, i: usize) -> Policy {
        self.learners[i].policy()
    }

    /// Learner `i`'s multiplier now.
    pub fn lambda(&self, i: usize) -> f64 {
        self.learners[i].lambda
    }

    /// The exact frontier of constrained optima as the budget varies.
    pub fn frontier(&self, points: usize) -> Vec<FrontierPoint> {
        dual::frontier(&self.problem, points)
    }

    /// The learner's numbers for its current policy, in [`METRICS`] order.
    fn measure(&self, i: usize) -> [f64; 6] {
        let p = &self.problem;
        let pi = self.learners[i].policy();
        [
            pi.expect(&p.reward),
            pi.expect(&p.cost),
            self.learners[i].lambda,
            pi.kl(&p.log_reference),
            p.objective(&pi),
            pi.distance(&self.optimum.policy.probs),
        ]
    }

    fn record(&mut self) {
        for i in 0..self.learners.len() {
            let values = self.measure(i);
            for (m, v) in self.series.learners[i].metrics.iter_mut().zip(values) {
                m.mean.push(v);
                m.ci95.push(0.0);
            }
        }
    }

    fn step_learner(&mut self, i: usize) {
        let before = self.learners[i].clone();
        self.learners[i].step(&self.problem);
        if !self.learners[i].is_finite() {
            self.learners[i] = before;
            self.divergence = Some(Divergence {
                learner: self.labels[i].clone(),
                step: self.t + 1,
                cause: "its logits or its multiplier λ are no longer finite numbers".into(),
                advice: "Lower its learning_rate (or dual_learning_rate).".into(),
            });
        }
    }
}

impl Experiment for ConstrainedExperiment {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.plan.steps
    }

    fn work(&mut self, budget: usize) -> usize {
        let mut done = 0;
        while done < budget && !self.is_done() && self.divergence.is_none() {
            self.step_learner(self.cursor);
            done += 1;
            if self.divergence.is_some() {
                break;
            }
            self.cursor += 1;
            if self.cursor == self.learners.len() {
                self.cursor = 0;
                self.t += 1;
                self.record();
                break;
            }
        }
        done
    }

    fn series(&self) -> &Series {
        &self.series
    }

    fn checks(&self) -> Vec<Check> {
        crate::checks::all(&self.problem, &self.optimum, self.learners.first())
    }

    fn finals(&self) -> Finals {
        let mut out = Finals::new();
        for (i, label) in self.labels.iter().enumerate() {
            let [reward, cost, lambda, kl, objective, distance] = self.measure(i);
            out.insert(
                label.clone(),
                json!({
                    FINAL_POLICY: self.learners[i].policy().probs,
                    REWARD: reward,
                    COST: cost,
                    LAMBDA: lambda,
                    KL: kl,
                    OBJECTIVE: objective,
                    DISTANCE: distance,
                }),
            );
        }
        out
    }

    fn divergence(&self) -> Option<&Divergence> {
        self.divergence.as_ref()
    }
}
