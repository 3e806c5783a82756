//! The experiment of a `kind = "bayesopt"` scenario: every learner in every run, one
//! acquisition step at a time, with simple and cumulative regret averaged over runs.
//! A unit of work is one learner in one run advanced by one step.

use playground_core::check::Check;
use playground_core::rng::Rng;
use playground_core::scenario::{BayesoptLearner, BayesoptScenario};
use playground_core::series::{LearnerSeries, Moments, Series};
use playground_core::{Divergence, Experiment, Finals};
use serde_json::{Value, json};

use crate::acquisition;
use crate::kernel::Hyper;
use crate::learner::{Context, Decision, RunState};
use crate::objective::Problem;

/// f(best point queried so far) − f* (preferential BO: f(incumbent) − f*), ≥ 0.
pub const SIMPLE_REGRET: &str = "simple_regret";
/// Σ over every point evaluated of f(x) − f* (a batch counts each point, a duel both).
pub const CUMULATIVE_REGRET: &str = "cumulative_regret";
pub const METRICS: [&str; 2] = [SIMPLE_REGRET, CUMULATIVE_REGRET];

/// A duel waiting for a visitor's click.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingDuel {
    pub learner: usize,
    /// The two points in the objective's own coordinates, and their grid indices.
    pub a: Vec<f64>,
    pub b: Vec<f64>,
    pub a_index: usize,
    pub b_index: usize,
}

/// One recorded duel (for the page): the two points and whether the first won.
pub type Duel = crate::learner::DuelRecord;

/// What the page draws for one learner in one run: the posterior mean and a ±2 sd band
/// (objective units for GP rules; −latent utility for preferential BO), the acquisition
/// underneath, the next queries, and the (μ, s) points with their Pareto front.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub mean: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub acquisition: Vec<f64>,
    /// Grid indices of the next queries (a batch, or a duel's two points).
    pub next: Vec<usize>,
    /// The same, in the objective's coordinates.
    pub next_points: Vec<Vec<f64>>,
    /// Standardised μ and s at every grid point, and the indices on their Pareto front.
    pub mu: Vec<f64>,
    pub s: Vec<f64>,
    pub pareto: Vec<usize>,
}

#[derive(Debug)]
pub struct BayesoptExperiment {
    pub(crate) plan: BayesoptScenario,
    pub(crate) problem: Problem,
    /// `states[learner][run]`.
    pub(crate) states: Vec<Vec<RunState>>,
    series: Series,
    /// Units done in the current step (learner-major).
    cursor: usize,
    moments: Vec<[Moments; 2]>,
    t: usize,
    divergence: Option<Divergence>,
    /// Visitor answers given so far, per learner (from the spec, then clicks).
    answers: Vec<Option<Vec<bool>>>,
    pending: Option<PendingDuel>,
}

impl BayesoptExperiment {
    pub fn new(plan: &BayesoptScenario) -> Result<Self, String> {
        plan.validate().map_err(|e| e.to_string())?;
        let problem = Problem::new(&crate::objective::Function::of(&plan.env));
        let start = Hyper {
            lengthscale: plan.gp.lengthscale,
            signal: plan.gp.signal_variance,
            noise: plan.gp.noise_variance,
        };
        // Every learner of run r starts from the same design and the same observations.
        let designs: Vec<(Vec<usize>, Vec<f64>)> = (0..plan.runs)
            .map(|r| {
                let mut rng = Rng::stream(plan.seed, &[r as u64, 0]);
                let idx: Vec<usize> = (0..plan.env.initial)
                    .map(|_| rng.below(problem.grid.len()))
                    .collect();
                let ys = idx
                    .iter()
                    .map(|&i| problem.values[i] + plan.env.noise * rng.normal())
                    .collect();
                (idx, ys)
            })
            .collect();
        let states = (0..plan.learners.len())
            .map(|l| {
                designs
                    .iter()
                    .enumerate()
                    .map(|(r, (idx, ys))| {
                        let rng = Rng::stream(plan.seed, &[r as u64, l as u64 + 1]);
                        RunState::new(idx, ys, start, rng, &problem)
                    })
                    .collect()
            })
            .collect();
        let series = Series {
            learners: plan
                .labels()
                .into_iter()
                .map(|label| LearnerSeries::new(label, &METRICS))
                .collect(),
        };
        let answers = plan
            .learners
            .iter()
            .map(|l| match l {
                BayesoptLearner::Preferential {
                    answers: Some(a), ..
                } => Some(a.iter().map(|x| *x == 1.0).collect()),
                _ => None,
            })
            .collect();
        Ok(BayesoptExperiment {
            moments: vec![[Moments::default(); 2]; plan.learners.len()],
            plan: plan.clone(),
            problem,
            states,
            series,
            cursor: 0,
            t: 0,
            divergence: None,
            answers,
            pending: None,
        })
    }

    pub fn plan(&self) -> &BayesoptScenario {
        &self.plan
    }

    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    pub fn labels(&self) -> Vec<String> {
        self.plan.labels()
    }

    /// The grid in the objective's own coordinates.
    pub fn grid_points(&self) -> Vec<Vec<f64>> {
        self.problem
            .grid
            .iter()
            .map(|u| self.problem.to_domain(u))
            .collect()
    }

    /// The true objective on the grid.
    pub fn objective_on_grid(&self) -> &[f64] {
        &self.problem.values
    }

    pub fn state(&self, learner: usize, run: usize) -> &RunState {
        &self.states[learner][run]
    }

    pub(crate) fn context(&self) -> Context<'_> {
        Context {
            problem: &self.problem,
            gp: &self.plan.gp,
            noise: self.plan.env.noise,
        }
    }

    /// What learner `l` would do next in run `r` (nothing changes).
    pub fn decision(&self, l: usize, r: usize) -> Result<Decision, String> {
        let state = &self.states[l][r];
        let mut rng = state.rng.clone();
        state.decide(
            &self.plan.learners[l],
            &self.context(),
            state.steps + 1,
            &mut rng,
        )
    }

    /// The page's picture of learner `l` in run `r` now (see [`View`]).
    pub fn view(&self, l: usize, r: usize) -> Result<View, String> {
        let d = self.decision(l, r)?;
        let unscale = |m: f64| d.scale.undo(m);
        let mean: Vec<f64> = d.mean.iter().map(|m| unscale(*m)).collect();
        let band = |sign: f64| -> Vec<f64> {
            d.mean
                .iter()
                .zip(&d.sd)
                .map(|(m, s)| unscale(m + sign * 2.0 * s))
                .collect()
        };
        Ok(View {
            lower: band(-1.0),
            upper: band(1.0),
            mean,
            acquisition: d.acquisition.clone(),
            next_points: d
                .queries
                .iter()
                .map(|&i| self.problem.to_domain(&self.problem.grid[i]))
                .collect(),
            next: d.queries.clone(),
            pareto: acquisition::pareto_front(&d.mean, &d.sd),
            mu: d.mean,
            s: d.sd,
        })
    }

    /// The duel waiting for a visitor, if the run is waiting for one.
    pub fn pending_duel(&self) -> Option<&PendingDuel> {
        self.pending.as_ref()
    }

    /// A visitor's answer to the pending duel (or, given ahead, to the next one): it is
    /// appended to the learner's answers, and to the scenario's, so a shared link replays it.
    pub fn answer_duel(&mut self, a_wins: bool) {
        let l = match &self.pending {
            Some(p) => p.learner,
            None => match self.answers.iter().position(Option::is_some) {
                Some(l) => l,
                None => return,
            },
        };
        if let Some(list) = self.answers[l].as_mut() {
            list.push(a_wins);
        }
        if let BayesoptLearner::Preferential {
            answers: Some(a), ..
        } = &mut self.plan.learners[l]
        {
            a.push(if a_wins { 1.0 } else { 0.0 });
        }
        self.pending = None;
    }

    /// Duels answered so far by learner `l` in run `r`.
    pub fn duels(&self, l: usize, r: usize) -> &[Duel] {
        &self.states[l][r].duels
    }

    /// Advance learner `l` in run `r` by one step; `Ok(false)` when it waits for a click.
    fn advance(&mut self, l: usize, r: usize) -> Result<bool, String> {
        let rule = self.plan.learners[l].clone();
        let ctx = Context {
            problem: &self.problem,
            gp: &self.plan.gp,
            noise: self.plan.env.noise,
        };
        let state = &mut self.states[l][r];
        let mut rng = state.rng.clone();
        let d = state.decide(&rule, &ctx, state.steps + 1, &mut rng)?;
        if d.mean.iter().chain(&d.sd).any(|v| !v.is_finite()) {
            return Err("the posterior mean or variance is not finite".into());
        }
        if let BayesoptLearner::Preferential { duel_noise, .. } = rule {
            let a_won = match &self.answers[l] {
                Some(list) => match list.get(state.duels.len()) {
                    Some(&a) => a,
                    None => {
                        let (a, b) = (d.queries[0], d.queries[1]);
                        self.pending = Some(PendingDuel {
                            learner: l,
                            a: self.problem.to_domain(&self.problem.grid[a]),
                            b: self.problem.to_domain(&self.problem.grid[b]),
                            a_index: a,
                            b_index: b,
                        });
                        return Ok(false);
                    }
                },
                None => {
                    state.rng = rng.clone();
                    state.simulate_duel(&d, duel_noise, &ctx)
                }
            };
            if self.answers[l].is_some() {
                state.rng = rng;
            }
            state.record_duel(&d, a_won, &ctx);
        } else {
            state.rng = rng;
            state.observe(d, &ctx);
        }
        Ok(true)
    }

    fn push_step(&mut self) {
        for (l, m) in self.moments.iter_mut().enumerate() {
            let series = &mut self.series.learners[l];
            for (k, name) in METRICS.iter().enumerate() {
                let metric = series.metric_mut(name).expect("every metric is listed");
                metric.mean.push(m[k].mean());
                metric.ci95.push(m[k].ci95());
            }
            *m = [Moments::default(); 2];
        }
        self.cursor = 0;
        self.t += 1;
    }

    fn finals_of(&self, l: usize) -> Value {
        let s = &self.states[l][0];
        let points: Vec<Vec<f64>> = s
            .queries
            .iter()
            .map(|&i| self.problem.to_domain(&self.problem.grid[i]))
            .collect();
        let truth: Vec<f64> = s.queries.iter().map(|&i| self.problem.values[i]).collect();
        let runs = self.plan.runs as f64;
        let mean_of =
            |f: &dyn Fn(&RunState) -> f64| self.states[l].iter().map(f).sum::<f64>() / runs;
        let mut out = json!({
            "queries": points,
            "values": s.ys,
            "true_values": truth,
            "initial": self.plan.env.initial,
            "simple_regret": mean_of(&|s| s.simple_regret),
            "cumulative_regret": mean_of(&|s| s.cumulative_regret),
            "hyperparameters": {
                "lengthscale": s.hyper.lengthscale,
                "signal_variance": s.hyper.signal,
                "noise_variance": s.hyper.noise,
            },
        });
        if matches!(self.plan.learners[l], BayesoptLearner::Preferential { .. }) {
            let duels: Vec<Value> = s.duels.iter().map(|d| json!([d.a, d.b, d.a_won])).collect();
            out["duels"] = json!(duels);
        }
        out
    }
}

impl Experiment for BayesoptExperiment {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.plan.steps
    }

    fn work(&mut self, budget: usize) -> usize {
        let runs = self.plan.runs;
        let units = self.plan.learners.len() * runs;
        let mut done = 0;
        while done < budget && !self.is_done() && self.divergence.is_none() {
            if self.pending.is_some() {
                break;
            }
            let (l, r) = (self.cursor / runs, self.cursor % runs);
            match self.advance(l, r) {
                Ok(false) => break,
                Ok(true) => {}
                Err(cause) => {
                    self.divergence = Some(Divergence {
                        learner: self.series.learners[l].label.clone(),
                        step: self.t + 1,
                        cause,
                        advice: "Raise gp.noise_variance, or shorten gp.lengthscale, so the \
                                 kernel matrix stays well conditioned."
                            .into(),
                    });
                    break;
                }
            }
            let s = &self.states[l][r];
            self.moments[l][0].push(s.simple_regret);
            self.moments[l][1].push(s.cumulative_regret);
            self.cursor += 1;
            done += 1;
            if self.cursor == units {
                self.push_step();
                break;
            }
        }
        done
    }

    fn is_done(&self) -> bool {
        self.t >= self.plan.steps
    }

    fn series(&self) -> &Series {
        &self.series
    }

    fn checks(&self) -> Vec<Check> {
        crate::checks::all(self)
    }

    /// Per learner: run 0's `queries` (points in the objective's coordinates, the initial
    /// design first), their observed `values` and `true_values`, the mean final
    /// `simple_regret` and `cumulative_regret` over runs, run 0's `hyperparameters`, and
    /// for preferential BO its `duels` ([a, b, a won] by grid index).
    fn finals(&self) -> Finals {
        let mut out = Finals::new();
        for (l, label) in self.plan.labels().into_iter().enumerate() {
            out.insert(label, self.finals_of(l));
        }
        out
    }

    fn divergence(&self) -> Option<&Divergence> {
        self.divergence.as_ref()
    }

    /// Finish the current step, unless the run diverges or waits for a visitor's duel.
    fn step(&mut self) {
        let t = self.t;
        while self.t == t && !self.is_done() && self.divergence.is_none() {
            if self.work(usize::MAX) == 0 {
                break;
            }
        }
    }

    /// Run to the end, or to a divergence, or to a duel only a visitor can answer.
    fn run_to_end(&mut self) {
        while !self.is_done() && self.divergence.is_none() {
            if self.work(usize::MAX) == 0 {
                break;
            }
        }
    }
}
