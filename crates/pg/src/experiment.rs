//! The Policy-Gradient Lab's experiment: every learner, every run, one policy update at a
//! time.
//!
//! One step of the experiment is one update of every learner in every run; one unit of
//! [`Experiment::work`] is one (learner, run) update. Each (learner, run) owns its random
//! streams, so the numbers do not depend on how work is sliced between frames.

use playground_core::check::Check;
use playground_core::experiment::{Divergence, Experiment, Finals};
use playground_core::gridworld::Grid;
use playground_core::scenario::{PgEnv, PgLearner, PgScenario, PolicyKind};
use playground_core::series::{LearnerSeries, Moments, Series};
use serde_json::{Value, json};

use crate::advantage;
use crate::exact::{self, Optimum};
use crate::learners::estimator::{McEstimator, McReport};
use crate::learners::{Learner, RatioSample, Report};
use crate::policy::ProbTable;
use crate::questions;
use crate::task::{PgError, Task};

/// Metric names, as the page and the CLI know them.
pub const RETURN: &str = "return";
pub const EXACT_RETURN: &str = "exact_return";
pub const VALUE_ERROR: &str = "value_error";
pub const KL: &str = "kl";
pub const ENTROPY: &str = "entropy";
pub const GRAD_VARIANCE: &str = "grad_variance";
pub const GRAD_COSINE: &str = "grad_cosine";
pub const CLIP_FRACTION: &str = "clip_fraction";
pub const OUTSIDE_BAND: &str = "outside_band";
pub const BETA: &str = "beta";
pub const ZERO_GROUPS: &str = "zero_groups";
pub const ESTIMATE: &str = "estimate";
pub const CI_WIDTH: &str = "ci_width";
pub const ABS_ERROR: &str = "abs_error";

/// `exact_return` (J of every run's policy after every update, by a dense linear solve),
/// `value_error` (how far the critic's V is from the exact V^π at the start) and
/// `grad_cosine` (how well the update's gradient estimate points along the exact ∇J) are
/// recorded for maps of at most this many states: a solve costs states³/3, and there are
/// three per update. Tasks whose transitions all go forward (twenty questions) are solved
/// by one pass over their states and have them at any size ([`exact::cheap_to_solve`]).
pub const EXACT_SERIES_MAX_STATES: usize = 64;

/// Finals and checks solve for every run's exact J on maps of at most this many states
/// (a few hundred milliseconds for ten runs at the limit), and on tasks whose transitions
/// all go forward; on larger maps, for the first run only.
pub const EXACT_ALL_RUNS_MAX_STATES: usize = 256;

/// Run-averaged action probabilities of every state are kept for every step when that
/// is at most this many numbers (steps × states × actions × learners); beyond it, only
/// the start states' are.
pub const HISTORY_LIMIT: usize = 2_000_000;

/// A metric's title, in words (figures, tables).
pub fn metric_title(metric: &str) -> &'static str {
    match metric {
        RETURN => "Mean return of each update's episodes",
        EXACT_RETURN => "Exact return J(π) after each update",
        VALUE_ERROR => "Critic error at the start, |V − V^π|",
        KL => "KL(π_old ‖ π_new) per update",
        ENTROPY => "Policy entropy where the episodes went",
        GRAD_VARIANCE => "Variance of the per-episode gradient",
        GRAD_COSINE => "Cosine between the gradient estimate and the exact ∇J",
        CLIP_FRACTION => "Share of samples whose gradient was clipped",
        OUTSIDE_BAND => "Share of ratios outside 1 ± ε",
        BETA => "KL penalty coefficient β",
        ZERO_GROUPS => "Share of groups with all-equal returns",
        ESTIMATE => "Monte Carlo estimate of J",
        CI_WIDTH => "Width of the estimate's 95% interval",
        ABS_ERROR => "|estimate − exact J|",
        _ => "Value",
    }
}

/// Compile the scenario's map (or set up its game) and build its experiment.
pub fn build(scenario: &PgScenario) -> Result<PgExperiment, PgError> {
    scenario.validate()?;
    let task = match &scenario.env {
        PgEnv::Grid(env) => Task::from_grid(&Grid::compile(env)?)?,
        PgEnv::TwentyQuestions(env) => questions::task(env)?,
    };
    let plan = Plan {
        seed: scenario.seed,
        iterations: scenario.iterations,
        runs: scenario.runs,
        learners: scenario.learners.clone(),
        labels: scenario.labels(),
    };
    PgExperiment::new(task, plan)
}

/// What to run on a task: the scenario's fields other than its map.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub seed: u64,
    /// Policy updates per run.
    pub iterations: usize,
    pub runs: usize,
    pub learners: Vec<PgLearner>,
    /// Curve labels, one per learner, distinct.
    pub labels: Vec<String>,
}

/// One learner (or estimator) in one run.
#[derive(Clone, Debug)]
enum Agent {
    Learner(Box<Learner>),
    Estimator(McEstimator),
}

#[derive(Debug)]
pub struct PgExperiment {
    task: Task,
    plan: Plan,
    /// agents[learner · runs + run]: learner-major, the order `work` visits them.
    agents: Vec<Agent>,
    cursor: usize,
    t: usize,
    /// Per learner, per metric (in its series' order): sums over runs for this step.
    sums: Vec<Vec<Moments>>,
    /// Per learner: run-summed action probabilities of the step in progress.
    prob_sums: Vec<Vec<f64>>,
    /// States whose run-averaged action probabilities are kept at every step.
    tracked: Vec<usize>,
    /// Whether every update's policy is solved exactly (the `exact_return`, `value_error`
    /// and `grad_cosine` series).
    exact_series: bool,
    /// history[learner][step]: probabilities of the tracked states, in `tracked` order.
    history: Vec<Vec<Vec<f64>>>,
    series: Series,
    /// The best policy that sees what the learners see: the MDP's optimum, or the belief
    /// MDP's when the policy sees only observations.
    optimum: Option<Optimum>,
    /// The best blind policy's J, when a learner has a blind policy.
    blind_optimum: Option<f64>,
    /// J of the uniform random policy, where every learner starts (and what the
    /// estimators estimate), and for estimators J_H of their cut.
    uniform_return: Option<f64>,
    truncated_returns: Vec<Option<f64>>,
    /// Set when an update left a policy's parameters non-finite; that update is undone
    /// and no more work is done.
    diverged: Option<Divergence>,
}

impl PgExperiment {
    /// An experiment on a task. Errors name the learner that cannot run on it.
    pub fn new(task: Task, plan: Plan) -> Result<Self, PgError> {
        if plan.labels.len() != plan.learners.len() || plan.runs == 0 {
            return Err(PgError::Task(
                "one label per learner and at least one run are needed".into(),
            ));
        }
        if let Some(i) = plan
            .learners
            .iter()
            .position(|l| matches!(l, PgLearner::Trpo { policy, .. } if *policy == PolicyKind::Mlp))
        {
            return Err(PgError::Task(format!(
                "learner {i}: TRPO's exact Fisher matrix needs a tabular or blind policy"
            )));
        }
        let mdp = &task.mdp;
        let uniform = ProbTable::uniform(mdp.states, mdp.actions);
        let uniform_return = exact::return_of(mdp, &uniform);
        let mut agents = Vec::with_capacity(plan.learners.len() * plan.runs);
        let mut truncated_returns = Vec::new();
        for spec in &plan.learners {
            let horizon = match *spec {
                PgLearner::McEvaluation { truncate, .. } => {
                    Some(truncate.unwrap_or(mdp.episode_cap))
                }
                _ => None,
            };
            truncated_returns.push(horizon.map(|h| exact::truncated_return(mdp, &uniform, h)));
            for run in 0..plan.runs as u64 {
                agents.push(match (spec, horizon) {
                    (PgLearner::McEvaluation { budget, .. }, Some(h)) => {
                        Agent::Estimator(McEstimator::new(*budget, h, mdp, plan.seed, run))
                    }
                    _ => Agent::Learner(Box::new(Learner::new(spec, &task, plan.seed, run))),
                });
            }
        }
        let with_exact = exact::cheap_to_solve(mdp, EXACT_SERIES_MAX_STATES);
        let series = Series {
            learners: plan
                .learners
                .iter()
                .zip(&plan.labels)
                .map(|(spec, label)| {
                    LearnerSeries::new(label.clone(), &metric_names(spec, with_exact))
                })
                .collect(),
        };
        let sums = series
            .learners
            .iter()
            .map(|l| vec![Moments::default(); l.metrics.len()])
            .collect();
        let cells = plan.iterations * mdp.states * mdp.actions * plan.learners.len();
        let tracked: Vec<usize> = if cells <= HISTORY_LIMIT {
            (0..mdp.states).filter(|&s| !mdp.terminal[s]).collect()
        } else {
            task.start_states()
        };
        let any_blind = plan.learners.iter().any(|l| {
            !matches!(l, PgLearner::McEvaluation { .. }) && l.sampling().policy == PolicyKind::Blind
        });
        let blind_optimum = (any_blind && mdp.states <= EXACT_ALL_RUNS_MAX_STATES)
            .then(|| exact::best_blind(mdp).map(|b| b.1))
            .flatten();
        Ok(PgExperiment {
            optimum: exact::optimum(task.belief.as_ref().unwrap_or(mdp)),
            blind_optimum,
            uniform_return,
            truncated_returns,
            diverged: None,
            prob_sums: vec![vec![0.0; mdp.states * mdp.actions]; plan.learners.len()],
            history: vec![Vec::new(); plan.learners.len()],
            tracked,
            exact_series: with_exact,
            sums,
            series,
            agents,
            cursor: 0,
            t: 0,
            task,
            plan,
        })
    }

    pub fn task(&self) -> &Task {
        &self.task
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The policy learner `learner` in run `run` (None for an estimator).
    pub fn learner(&self, learner: usize, run: usize) -> Option<&Learner> {
        match self.agents.get(learner * self.plan.runs + run)? {
            Agent::Learner(l) => Some(l),
            Agent::Estimator(_) => None,
        }
    }

    /// J* of the map (value iteration, then an exact evaluation of its greedy policy); of
    /// the belief MDP when the policy sees only observations (twenty questions: the best
    /// that can be done without seeing the number).
    pub fn optimal_return(&self) -> Option<f64> {
        self.optimum.as_ref().map(|o| o.j)
    }

    /// J of the best policy that cannot tell states apart (see [`exact::best_blind`]),
    /// when a learner has a blind policy.
    pub fn blind_optimal_return(&self) -> Option<f64> {
        self.blind_optimum
    }

    /// The dashed lines a metric's figure draws: the optimum (and the best blind policy)
    /// for returns, the exact J for Monte Carlo estimates. (label, value) pairs.
    pub fn references(&self, metric: &str) -> Vec<(String, f64)> {
        let mut out = Vec::new();
        match metric {
            RETURN | EXACT_RETURN => {
                if let Some(j) = self.optimal_return() {
                    out.push((format!("optimum J* = {j:.4}"), j));
                }
                if let Some(j) = self.blind_optimum {
                    out.push((format!("best blind policy J = {j:.4}"), j));
                }
            }
            ESTIMATE => {
                if let Some(j) = self.uniform_return {
                    out.push((format!("exact J of the random policy = {j:.4}"), j));
                }
            }
            _ => {}
        }
        out
    }

    /// J of the uniform random policy: where every learner starts.
    pub fn uniform_return(&self) -> Option<f64> {
        self.uniform_return
    }

    /// The exact J of each run's current policy (None where γ = 1 and the policy may
    /// never finish an episode); only the first run's on maps of more than
    /// [`EXACT_ALL_RUNS_MAX_STATES`] states.
    pub fn exact_returns(&self, learner: usize) -> Vec<Option<f64>> {
        let runs = if exact::cheap_to_solve(&self.task.mdp, EXACT_ALL_RUNS_MAX_STATES) {
            self.plan.runs
        } else {
            1
        };
        (0..runs)
            .filter_map(|r| self.learner(learner, r))
            .map(|l| exact::return_of(&self.task.mdp, &l.policy().probs()))
            .collect()
    }

    /// Action probabilities averaged over runs, now.
    pub fn mean_probs(&self, learner: usize) -> Option<ProbTable> {
        let mdp = &self.task.mdp;
        let mut sum = vec![0.0; mdp.states * mdp.actions];
        for r in 0..self.plan.runs {
            let p = self.learner(learner, r)?.policy().probs();
            for (s, x) in sum.iter_mut().zip(p.as_slice()) {
                *s += x;
            }
        }
        let runs = self.plan.runs as f64;
        Some(ProbTable::from_rows(
            mdp.actions,
            sum.into_iter().map(|x| x / runs).collect(),
        ))
    }

    /// State values of the critic averaged over runs, for learners with a critic.
    pub fn mean_values(&self, learner: usize) -> Option<Vec<f64>> {
        let n = self.task.states();
        let mut sum = vec![0.0; n];
        for r in 0..self.plan.runs {
            let c = self.learner(learner, r)?.critic()?;
            for (s, x) in sum.iter_mut().enumerate() {
                *x += c.value(s);
            }
        }
        let runs = self.plan.runs as f64;
        Some(sum.into_iter().map(|x| x / runs).collect())
    }

    /// The last update's ratio samples of the first run: (π_new/π_old, Â) per step, for
    /// the ratio histogram. Empty for learners that use no ratios.
    pub fn ratio_samples(&self, learner: usize) -> &[RatioSample] {
        self.learner(learner, 0)
            .map_or(&[], |l| l.last().ratios.as_slice())
    }

    /// The band [1 − ε, 1 + ε] the histogram draws, for learners with a clip range ε.
    pub fn clip_band(&self, learner: usize) -> Option<f64> {
        self.plan.learners.get(learner)?.clip()
    }

    /// Run-averaged π(·|state) after every step so far (one row per step), when the state
    /// is tracked (see [`HISTORY_LIMIT`]).
    pub fn action_prob_history(&self, learner: usize, state: usize) -> Option<Vec<Vec<f64>>> {
        let k = self.tracked.iter().position(|&s| s == state)?;
        let a = self.task.actions();
        Some(
            self.history
                .get(learner)?
                .iter()
                .map(|row| row[k * a..(k + 1) * a].to_vec())
                .collect(),
        )
    }

    /// The latest (mean, ci95) of a learner's metric.
    pub fn series_of(&self, learner: usize, metric: &str) -> Option<(f64, f64)> {
        let m = self.series.learners.get(learner)?.metric(metric)?;
        Some((*m.mean.last()?, *m.ci95.last()?))
    }

    /// The states whose history is kept.
    pub fn tracked_states(&self) -> &[usize] {
        &self.tracked
    }

    /// VC-PPO's credit-decay curves for a `len`-step episode: how much of the final
    /// step's TD error reaches step t, (γλ)^(T−1−t), with the actor's λ and the critic's.
    pub fn credit_decay(&self, learner: usize, len: usize) -> Option<(Vec<f64>, Vec<f64>)> {
        let l = self.plan.learners.get(learner)?.lambdas()?;
        let g = self.task.mdp.gamma;
        Some((
            advantage::credit_decay(g, l.actor, len),
            advantage::credit_decay(g, l.critic, len),
        ))
    }

    /// Advance the agent under the cursor by one update.
    fn advance(&mut self) {
        let i = self.cursor;
        let learner = i / self.plan.runs;
        let mdp = &self.task.mdp;
        let exact_series = self.exact_series;
        let values: Vec<f64> = match &mut self.agents[i] {
            Agent::Learner(l) => {
                let before = l.clone();
                let report = l.update(&self.task);
                if let Some(cause) = blown_up(l, &report) {
                    *l = before;
                    self.diverged = Some(Divergence {
                        learner: self.plan.labels[learner].clone(),
                        step: self.t + 1,
                        cause,
                        advice: "The step was far too large: lower the learning rate (or clip \
                                 the update, as PPO does)."
                            .into(),
                    });
                    return;
                }
                let probs = l.policy().probs();
                for (s, x) in self.prob_sums[learner].iter_mut().zip(probs.as_slice()) {
                    *s += x;
                }
                let exact = exact_series.then(|| {
                    let v = exact::values(mdp, &probs);
                    let at_start = |f: &dyn Fn(usize) -> f64| -> f64 {
                        (0..mdp.states).map(|s| mdp.start[s] * f(s)).sum()
                    };
                    let j = v.as_ref().map_or(f64::NAN, |v| at_start(&|s| v[s]));
                    let error = match (&v, l.critic()) {
                        (Some(v), Some(c)) => Some(at_start(&|s| (c.value(s) - v[s]).abs())),
                        (None, Some(_)) => Some(f64::NAN),
                        _ => None,
                    };
                    (j, error)
                });
                learner_values(&self.plan.learners[learner], &report, exact)
            }
            Agent::Estimator(e) => {
                let McReport {
                    estimate, ci_width, ..
                } = e.iterate(mdp);
                let target = self.uniform_return.unwrap_or(f64::NAN);
                vec![estimate, ci_width, (estimate - target).abs()]
            }
        };
        for (m, x) in self.sums[learner].iter_mut().zip(values) {
            m.push(x);
        }
        self.cursor += 1;
    }

    /// Every agent has done update t: append its point to every series.
    fn close_step(&mut self) {
        for (l, sums) in self.sums.iter_mut().enumerate() {
            let series = &mut self.series.learners[l];
            for (metric, m) in series.metrics.iter_mut().zip(sums.iter_mut()) {
                metric.mean.push(m.mean());
                metric.ci95.push(m.ci95());
                *m = Moments::default();
            }
        }
        let a = self.task.actions();
        let runs = self.plan.runs as f64;
        for (l, sum) in self.prob_sums.iter_mut().enumerate() {
            if matches!(self.plan.learners[l], PgLearner::McEvaluation { .. }) {
                continue;
            }
            let row: Vec<f64> = self
                .tracked
                .iter()
                .flat_map(|&s| sum[s * a..(s + 1) * a].iter().map(|x| x / runs))
                .collect();
            self.history[l].push(row);
            sum.iter_mut().for_each(|x| *x = 0.0);
        }
        self.t += 1;
        self.cursor = 0;
    }
}

/// Why an update cannot be kept, if it cannot: parameters that overflowed, or a policy
/// moved so far in one step that a probability it had fell to exactly zero (an infinite
/// KL). An undefined J (a policy that never ends) or gradient cosine is not a divergence.
fn blown_up(l: &Learner, report: &Report) -> Option<String> {
    if l.policy().params().iter().any(|x| !x.is_finite()) {
        Some("its policy's parameters are no longer finite numbers".into())
    } else if !report.kl.is_finite() {
        Some(format!(
            "one update moved its policy so far that KL(old ‖ new) = {}",
            report.kl
        ))
    } else {
        None
    }
}

/// The metrics a learner reports, in display order.
fn metric_names(spec: &PgLearner, with_exact: bool) -> Vec<&'static str> {
    if matches!(spec, PgLearner::McEvaluation { .. }) {
        return vec![ESTIMATE, CI_WIDTH, ABS_ERROR];
    }
    let mut names = vec![RETURN];
    if with_exact {
        names.push(EXACT_RETURN);
        if spec.lambdas().is_some() {
            names.push(VALUE_ERROR);
        }
    }
    names.extend([KL, ENTROPY, GRAD_VARIANCE]);
    if with_exact {
        names.push(GRAD_COSINE);
    }
    if matches!(spec, PgLearner::Ppo { .. } | PgLearner::Grpo { .. }) {
        names.push(CLIP_FRACTION);
    }
    if spec.clip().is_some() {
        names.push(OUTSIDE_BAND);
    }
    if matches!(spec, PgLearner::PpoKl { .. }) {
        names.push(BETA);
    }
    if matches!(spec, PgLearner::Grpo { .. }) {
        names.push(ZERO_GROUPS);
    }
    names
}

/// A report's numbers in the order of [`metric_names`]; `exact` is (J, the critic's
/// error at the start) when the map is small enough to solve after every update.
fn learner_values(spec: &PgLearner, r: &Report, exact: Option<(f64, Option<f64>)>) -> Vec<f64> {
    let mut v = vec![r.mean_return];
    if let Some((j, error)) = exact {
        v.push(j);
        v.extend(error);
    }
    v.extend([r.kl, r.entropy, r.grad_variance]);
    v.extend(r.grad_cosine);
    v.extend(r.clip_fraction);
    v.extend(r.outside_band);
    v.extend(r.beta);
    v.extend(r.zero_groups);
    debug_assert_eq!(v.len(), metric_names(spec, exact.is_some()).len());
    v
}

impl Experiment for PgExperiment {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.plan.iterations
    }

    fn work(&mut self, budget: usize) -> usize {
        let mut done = 0;
        while done < budget && !self.is_done() && self.diverged.is_none() {
            self.advance();
            if self.diverged.is_some() {
                break;
            }
            done += 1;
            if self.cursor == self.agents.len() {
                self.close_step();
                break;
            }
        }
        done
    }

    fn series(&self) -> &Series {
        &self.series
    }

    fn divergence(&self) -> Option<&Divergence> {
        self.diverged.as_ref()
    }

    fn checks(&self) -> Vec<Check> {
        crate::checks::all(self)
    }

    fn finals(&self) -> Finals {
        let mut out = Finals::new();
        let mdp = &self.task.mdp;
        let terminal = |s: usize| mdp.terminal[s];
        for (l, label) in self.plan.labels.iter().enumerate() {
            let mut f = serde_json::Map::new();
            if let Some(p) = self.mean_probs(l) {
                f.insert(
                    "action_probs".into(),
                    self.task.on_map(|s| json!(p.row(s)), terminal),
                );
                let js: Vec<f64> = self.exact_returns(l).into_iter().flatten().collect();
                if !js.is_empty() && exact::cheap_to_solve(mdp, EXACT_ALL_RUNS_MAX_STATES) {
                    f.insert(
                        "exact_return".into(),
                        json!(js.iter().sum::<f64>() / js.len() as f64),
                    );
                }
            }
            if let Some(v) = self.mean_values(l) {
                // Like the Gridworld Lab's values: terminal cells are worth 0.
                let value = |s: usize| json!(if terminal(s) { 0.0 } else { v[s] });
                f.insert("values".into(), self.task.on_map(value, |_| false));
            }
            if let Some(jh) = self.truncated_returns[l] {
                f.insert("uniform_return".into(), json!(self.uniform_return));
                f.insert("truncated_return".into(), json!(jh));
            }
            if let Some(j) = self.optimal_return() {
                f.insert("optimal_return".into(), json!(j));
            }
            let blind = self.plan.learners[l].sampling().policy == PolicyKind::Blind;
            if let (true, Some(j)) = (blind, self.blind_optimum) {
                f.insert("blind_optimal_return".into(), json!(j));
            }
            out.insert(label.clone(), Value::Object(f));
        }
        out
    }
}
