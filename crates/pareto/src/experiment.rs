//! The experiment of a `kind = "pareto"` scenario: every learner on the same problem,
//! one step per time step, with the hypervolume of what it has found after each step.

use playground_core::check::Check;
use playground_core::rng::Rng;
use playground_core::scenario::{ParetoLearner, ParetoScenario, SoupTrainer};
use playground_core::series::{LearnerSeries, Series};
use playground_core::{Experiment, Finals};
use serde_json::{Value, json};

use crate::aggregate::Aggregator;
use crate::dual;
use crate::front::{self, Point};
use crate::problem::Problem;
use crate::regularised::{KlLearner, Regularised};
use crate::scalarise::{Scalariser, Utility};
use crate::softmax;

/// The hypervolume of the learner's points from the environment's reference point.
pub const HYPERVOLUME: &str = "hypervolume";
/// How many distinct non-dominated points the learner has.
pub const POINTS: &str = "points";
/// The latest pick's return (scalarising learners), the middle of the grid (soups,
/// conditioned) or the policy's expected return (MaxMin, single reward).
pub const OBJECTIVE_1: &str = "objective_1";
pub const OBJECTIVE_2: &str = "objective_2";
/// max over the grid of ‖J(π_x) − J(π*_x)‖∞: soups' and the conditioned policy's distance
/// to the exact KL-regularised optimum at the same weight.
pub const FRONT_GAP: &str = "front_gap";
/// min(J₁, J₂): what MaxMin maximises (less β·KL).
pub const WORST_OBJECTIVE: &str = "worst_objective";
pub const KL: &str = "kl";
/// D(w_t) − P(π_t) ≥ 0: MaxMin's duality gap at its current weights.
pub const DUALITY_GAP: &str = "duality_gap";
/// The plan an aggregator prefers now (its index).
pub const PLAN: &str = "plan";
/// How many times an aggregator's preferred plan has changed so far.
pub const FLIPS: &str = "preference_flips";

#[derive(Clone, Debug)]
pub enum Learner {
    Scalar(Scalariser),
    Kl(KlLearner),
    Aggregate(Aggregator),
}

impl Learner {
    fn new(spec: &ParetoLearner, problem: &Problem, seed: u64, index: usize) -> Self {
        match spec {
            ParetoLearner::Linear { weights, .. } => {
                Learner::Scalar(Scalariser::new(Utility::Linear, *weights))
            }
            ParetoLearner::Chebyshev {
                weights, reference, ..
            } => {
                let utopia = match reference {
                    Some(z) => problem.scaled([z[0], z[1]]),
                    None => Scalariser::default_utopia(),
                };
                Learner::Scalar(Scalariser::new(Utility::Chebyshev { utopia }, *weights))
            }
            ParetoLearner::Hypervolume { .. } => {
                Learner::Scalar(Scalariser::new(Utility::Hypervolume, 0))
            }
            ParetoLearner::Soup {
                beta,
                learning_rate,
                points,
                trainer,
                ..
            } => Learner::Kl(KlLearner::soup(
                problem,
                *beta,
                *learning_rate,
                *points,
                *trainer == SoupTrainer::Adam,
            )),
            ParetoLearner::Conditioned {
                beta,
                learning_rate,
                points,
                ..
            } => {
                let rng = Rng::stream(seed, &[1, index as u64]);
                Learner::Kl(KlLearner::conditioned(
                    problem,
                    *beta,
                    *learning_rate,
                    *points,
                    rng,
                ))
            }
            ParetoLearner::Maxmin {
                beta,
                learning_rate,
                ..
            } => Learner::Kl(KlLearner::maxmin(problem, *beta, *learning_rate)),
            ParetoLearner::SingleReward {
                beta,
                learning_rate,
                ..
            } => Learner::Kl(KlLearner::single_reward(problem, *beta, *learning_rate)),
            ParetoLearner::MarkovAggregate { weight, .. } => {
                Learner::Aggregate(Aggregator::new(*weight, false))
            }
            ParetoLearner::AugmentedAggregate { weight, .. } => {
                Learner::Aggregate(Aggregator::new(*weight, true))
            }
        }
    }

    /// The learner's points: what it found (scalarising) or what its policies get.
    pub fn points(&self, problem: &Problem) -> Vec<Point> {
        match self {
            Learner::Scalar(s) => s.points(),
            Learner::Kl(k) => k.points(problem),
            Learner::Aggregate(a) => a.points(problem),
        }
    }

    fn metric_names(&self) -> Vec<&'static str> {
        match self {
            Learner::Scalar(_) => vec![HYPERVOLUME, POINTS, OBJECTIVE_1, OBJECTIVE_2],
            Learner::Aggregate(_) => {
                vec![HYPERVOLUME, POINTS, OBJECTIVE_1, OBJECTIVE_2, PLAN, FLIPS]
            }
            Learner::Kl(k) => match k.kind {
                Regularised::Soup { .. } | Regularised::Conditioned { .. } => {
                    vec![HYPERVOLUME, POINTS, FRONT_GAP, OBJECTIVE_1, OBJECTIVE_2]
                }
                Regularised::Maxmin { .. } => vec![
                    HYPERVOLUME,
                    OBJECTIVE_1,
                    OBJECTIVE_2,
                    WORST_OBJECTIVE,
                    KL,
                    DUALITY_GAP,
                ],
                Regularised::SingleReward { .. } => {
                    vec![HYPERVOLUME, OBJECTIVE_1, OBJECTIVE_2, WORST_OBJECTIVE, KL]
                }
            },
        }
    }
}

/// The largest ‖J(π_x) − J(π*_x)‖∞ over a soup's or conditioned policy's grid.
pub fn front_gap(k: &KlLearner, problem: &Problem) -> f64 {
    gap_of(&k.points(problem), k.optimum_points())
}

/// The largest ‖a − b‖∞ over matching points.
fn gap_of(points: &[Point], optimum: &[Point]) -> f64 {
    points
        .iter()
        .zip(optimum)
        .map(|(a, b)| (a[0] - b[0]).abs().max((a[1] - b[1]).abs()))
        .fold(0.0, f64::max)
}

#[derive(Debug)]
pub struct ParetoExperiment {
    pub(crate) plan: ParetoScenario,
    pub(crate) problem: Problem,
    pub(crate) learners: Vec<Learner>,
    series: Series,
    t: usize,
}

impl ParetoExperiment {
    pub fn new(plan: &ParetoScenario) -> Result<Self, String> {
        plan.validate().map_err(|e| e.to_string())?;
        let problem = Problem::new(&plan.env, plan.seed);
        let learners: Vec<Learner> = plan
            .learners
            .iter()
            .enumerate()
            .map(|(i, l)| Learner::new(l, &problem, plan.seed, i))
            .collect();
        let series = Series {
            learners: plan
                .labels()
                .into_iter()
                .zip(&learners)
                .map(|(label, l)| LearnerSeries::new(label, &l.metric_names()))
                .collect(),
        };
        Ok(ParetoExperiment {
            plan: plan.clone(),
            problem,
            learners,
            series,
            t: 0,
        })
    }

    pub fn plan(&self) -> &ParetoScenario {
        &self.plan
    }

    /// The environment as outcomes, with its exact front.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    pub fn learner(&self, l: usize) -> &Learner {
        &self.learners[l]
    }

    /// Learner `l`'s points in objective space.
    pub fn points(&self, l: usize) -> Vec<Point> {
        self.learners[l].points(&self.problem)
    }

    /// The hypervolume of learner `l`'s points.
    pub fn hypervolume(&self, l: usize) -> f64 {
        front::hypervolume(&self.points(l), self.problem.reference)
    }

    /// What learner `l` offers at the slider's weight x = w₁ (λ for soups): the returns of
    /// the soup or conditioned policy at x, or of the deterministic policy a linear or
    /// Chebyshev scalarisation picks at w = (x, 1 − x); `None` for the learners with one
    /// policy (MaxMin, single reward, the aggregators, hypervolume-guided).
    pub fn at_weight(&self, l: usize, x: f64) -> Option<Point> {
        let p = &self.problem;
        match &self.learners[l] {
            Learner::Scalar(s) if s.utility != Utility::Hypervolume => {
                Some(s.best_for([x, 1.0 - x], p))
            }
            Learner::Kl(k) if !k.grid().is_empty() => Some(softmax::returns(
                &softmax::probs(&k.logits_at(x, p)),
                &p.outcomes,
            )),
            _ => None,
        }
    }

    /// The returns of the exact KL-regularised optimum π_ref·e^{w·r/β}/Z at w = (x, 1 − x):
    /// the front soups and conditioned policies converge to.
    pub fn optimum_at(&self, x: f64, beta: f64) -> Point {
        crate::regularised::optimum_at(&self.problem, x, beta)
    }

    /// MaxMin's exact dual optimum w* and value D(w*), for β.
    pub fn dual_optimum(&self, beta: f64) -> (Point, f64) {
        let p = &self.problem;
        let w = dual::solve(&p.ref_logp, &p.outcomes, beta);
        (w, dual::dual_value(&p.ref_logp, &p.outcomes, w, beta))
    }

    /// The metrics of learner `l` now.
    fn metrics(&self, l: usize) -> Vec<(&'static str, f64)> {
        let p = &self.problem;
        // A KL learner's policies are computed once here: the points, the gap and the KL
        // all come from them.
        let policies = match &self.learners[l] {
            Learner::Kl(k) => k.policies(p),
            _ => Vec::new(),
        };
        let pts = match &self.learners[l] {
            Learner::Kl(_) => policies
                .iter()
                .map(|pi| softmax::returns(pi, &p.outcomes))
                .collect(),
            _ => self.points(l),
        };
        let mut out = vec![
            (HYPERVOLUME, front::hypervolume(&pts, p.reference)),
            (POINTS, front::pareto_front(&pts).len() as f64),
        ];
        let here = match &self.learners[l] {
            Learner::Scalar(s) => s.picks.last().map_or(p.reference, |(_, q)| *q),
            Learner::Aggregate(a) => {
                let k = a.picks.last().map_or(0, |(_, k)| *k);
                out.push((PLAN, k as f64));
                out.push((FLIPS, a.flips() as f64));
                p.outcomes[k]
            }
            Learner::Kl(k) => {
                if !k.grid().is_empty() {
                    out.push((FRONT_GAP, gap_of(&pts, k.optimum_points())));
                }
                let pi = &policies[pts.len() / 2];
                out.push((KL, softmax::kl(pi, &p.ref_logp)));
                if let Some(w) = k.dual_weights() {
                    let d = dual::dual_value(&p.ref_logp, &p.outcomes, w, k.beta);
                    let primal = dual::primal_value(pi, &p.ref_logp, &p.outcomes, k.beta);
                    out.push((DUALITY_GAP, d - primal));
                }
                pts[pts.len() / 2]
            }
        };
        out.push((OBJECTIVE_1, here[0]));
        out.push((OBJECTIVE_2, here[1]));
        out.push((WORST_OBJECTIVE, here[0].min(here[1])));
        out
    }

    fn record(&mut self, l: usize) {
        let values = self.metrics(l);
        let series = &mut self.series.learners[l];
        for (name, v) in values {
            if let Some(m) = series.metric_mut(name) {
                m.mean.push(v);
                m.ci95.push(0.0);
            }
        }
    }

    fn finals_of(&self, l: usize) -> Value {
        let p = &self.problem;
        let pts = self.points(l);
        let mut out = json!({
            "points": pts,
            "hypervolume": front::hypervolume(&pts, p.reference),
            "front": p.front,
            "front_hypervolume": p.front_hypervolume(),
            "supported": p.supported,
            "reference_point": p.reference,
            "objectives": p.names,
        });
        match &self.learners[l] {
            Learner::Scalar(s) => {
                out["weights"] = json!(s.picks.iter().map(|(w, _)| *w).collect::<Vec<_>>());
                out["picks"] = json!(s.picks.iter().map(|(_, q)| *q).collect::<Vec<_>>());
            }
            Learner::Aggregate(a) => {
                out["plans"] = json!(a.picks.iter().map(|(_, k)| *k).collect::<Vec<_>>());
                out["times"] = json!(a.picks.iter().map(|(t, _)| *t).collect::<Vec<_>>());
                out["preference_flips"] = json!(a.flips());
            }
            Learner::Kl(k) => {
                if !k.grid().is_empty() {
                    out["grid"] = json!(k.grid());
                    out["optimum_points"] = json!(k.optimum_points());
                    out["front_gap"] = json!(front_gap(k, p));
                }
                if let Regularised::Soup { experts, .. } = &k.kind {
                    let j = |e: &Vec<f64>| softmax::returns(&softmax::probs(e), &p.outcomes);
                    out["experts"] = json!([j(&experts[0]), j(&experts[1])]);
                }
                if let Some(w) = k.dual_weights() {
                    let (w_star, d_star) = self.dual_optimum(k.beta);
                    let pi = &k.policies(p)[0];
                    out["dual_weights"] = json!(w);
                    out["dual_optimum"] = json!(w_star);
                    out["dual_value"] = json!(d_star);
                    out["primal_value"] =
                        json!(dual::primal_value(pi, &p.ref_logp, &p.outcomes, k.beta));
                }
                if k.grid().is_empty() {
                    out["worst_objective"] = json!(pts[0][0].min(pts[0][1]));
                    out["policy"] = json!(k.policies(p)[0]);
                }
            }
        }
        out
    }
}

impl Experiment for ParetoExperiment {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.plan.steps
    }

    /// One step of every learner (a unit of work is one learner's step).
    fn work(&mut self, _budget: usize) -> usize {
        if self.is_done() {
            return 0;
        }
        for l in 0..self.learners.len() {
            match &mut self.learners[l] {
                Learner::Scalar(s) => s.step(self.t, &self.problem),
                Learner::Kl(k) => k.step(&self.problem),
                Learner::Aggregate(a) => a.step(self.t, &self.problem),
            }
            self.record(l);
        }
        self.t += 1;
        self.learners.len()
    }

    fn series(&self) -> &Series {
        &self.series
    }

    fn checks(&self) -> Vec<Check> {
        crate::checks::all(self)
    }

    /// Per learner: `points` (its Pareto points, [[J₁, J₂], …]), `hypervolume`, the exact
    /// `front`, its `front_hypervolume` and `supported` part, the `reference_point` and
    /// the `objectives`' names; the sweep's `weights` and `picks` (scalarising); the
    /// `grid`, `optimum_points` and `front_gap` (soups, conditioned), the experts' returns
    /// (soups); the dual weights, dual optimum, dual and primal values (MaxMin); the
    /// policy and its worst objective (MaxMin, single reward); the preferred `plans`, the
    /// `times` τ they were chosen at and the `preference_flips` (aggregators).
    fn finals(&self) -> Finals {
        let mut out = Finals::new();
        for (l, label) in self.plan.labels().into_iter().enumerate() {
            out.insert(label, self.finals_of(l));
        }
        out
    }
}
