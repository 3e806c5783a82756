//! The Gridworld Lab experiment: every learner on one map, one step at a time.
//!
//! One step is one episode of every learner that learns from experience, in every run,
//! plus one sweep (or one policy-iteration round) of every planner still working. One
//! unit of [`Experiment::work`] is one (learner, run) episode or one sweep. A learner that
//! has finished (its episodes played, or its planner converged) adds no more points, so
//! series can be shorter than `t()`.
//!
//! Metric names, as the CLI and the plots know them: learners from experience report
//! [`RETURN`] and [`START_VALUE`] (mean over runs, with 95% intervals), those with the
//! episodic novelty option also [`COVERAGE`]; planners report [`RESIDUAL`].
//!
//! Runs can be split over workers (see [`crate::split`] and `shares.rs`): metric sums are
//! made per block of runs and folded in block order, and so are the Q tables and visit
//! counts that the views, finals and checks average over runs.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::{Value, json};

use crate::check::Check;
use crate::experiment::{Experiment, Finals};
use crate::scenario::{EvaluationMethod, GridLearner, GridScenario};
use crate::series::{LearnerSeries, Moments, Series};
use crate::split::{self, Role, StepPart};

use super::agent::Agent;
use super::checks;
use super::dp::{self, Optimum, Plan, Planner};
use super::map::Grid;
use super::policy::{Policy, first_max, max_of};
use super::shares::BlockTables;

/// Undiscounted sum of the environment's rewards in the episode (shaping excluded).
pub const RETURN: &str = "return";
/// Σ_s start(s)·maxₐ Q(s, a) after the episode: the learner's own estimate of an
/// episode's worth (compare with the optimum to see over-estimation).
pub const START_VALUE: &str = "start_value";
/// max |ΔV| of a planner's sweep.
pub const RESIDUAL: &str = "residual";
/// Share of the map's states visited in the episode, the start included (learners with
/// the episodic novelty option only, so other learners' series are unchanged).
pub const COVERAGE: &str = "coverage";

/// The metrics summed over runs, per block and learner, in this order (a part's layout).
pub(super) const SUMMED: [&str; 3] = [RETURN, START_VALUE, COVERAGE];

/// One learner: a planner, or one agent per run (per run of this share).
#[derive(Clone, Debug)]
pub(crate) enum Slot {
    Planner(Planner),
    Agents(Vec<Agent>),
}

#[derive(Clone, Debug)]
pub struct GridExperiment {
    scenario: GridScenario,
    grid: Grid,
    pub(crate) slots: Vec<Slot>,
    /// The optimum (by policy iteration), when some learner optimises.
    optimum: Option<Optimum>,
    t: usize,
    horizon: usize,
    /// The next unit of the step in progress: (learner, run of this share).
    cursor: (usize, usize),
    /// Which share of the runs this experiment steps (all of them unless split).
    pub(super) role: Role,
    /// Its runs (its agents, in order) and the blocks they make up.
    pub(super) runs: Range<usize>,
    pub(super) blocks: Range<usize>,
    /// The step in progress: sums per own block, per learner, per [`SUMMED`] metric.
    pub(super) sums: Vec<Moments>,
    stepped: Vec<bool>,
    series: Series,
    /// The head: other shares' parts of steps not closed yet, by step.
    pub(super) inbox: split::Inbox,
    /// The head: the latest Q and visit sums of each block of the other shares.
    pub(super) theirs: BTreeMap<usize, BlockTables>,
    /// A helper: the parts of its finished steps, until taken.
    pub(super) outbox: Vec<StepPart>,
}

impl GridExperiment {
    /// Build from a scenario, validating it first (one built in code may not have been:
    /// a bad map or a PSRL prior of 0 is an error here, never a panic later).
    pub fn new(scenario: GridScenario) -> Result<Self, crate::ScenarioError> {
        Self::share(scenario, Role::Whole)
    }

    /// Whether `scenario` builds, checked without building it (no agents, no optimum):
    /// what [`Self::share`] may refuse.
    pub fn check(scenario: &GridScenario) -> Result<(), crate::ScenarioError> {
        planned(scenario).map(|_| ())
    }

    /// An experiment stepping one share of the scenario's runs. A helper steps only the
    /// learners that learn from episodes: planners, and the optimum, are the head's.
    pub fn share(scenario: GridScenario, role: Role) -> Result<Self, crate::ScenarioError> {
        let (grid, planners) = planned(&scenario)?;
        let mdp = grid.mdp();
        let helps = matches!(role, Role::Helper(_));
        let blocks = role.blocks(split::blocks(scenario.runs));
        let runs = split::runs_of(&blocks, scenario.runs);
        let slots: Vec<Slot> = scenario
            .learners
            .iter()
            .zip(planners)
            .map(|(l, p)| match p {
                Some(p) => Slot::Planner(p),
                None => Slot::Agents(
                    runs.clone()
                        .filter_map(|run| Agent::new(l, mdp, scenario.seed, run, scenario.episodes))
                        .collect(),
                ),
            })
            .collect();
        let learns = slots.iter().any(|s| matches!(s, Slot::Agents(_)));
        // Planners are deterministic: running a copy of each to the end says how many
        // steps the experiment needs.
        let planning = slots
            .iter()
            .filter_map(|s| match s {
                Slot::Planner(p) if !helps => Some(p.steps_to_finish(mdp)),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let horizon = planning.max(if learns { scenario.episodes } else { 0 });
        let optimum = if !helps && scenario.learners.iter().any(GridLearner::optimises) {
            Optimum::solve(mdp)
        } else {
            None
        };
        let series = Series {
            learners: scenario
                .labels()
                .into_iter()
                .zip(&slots)
                .zip(&scenario.learners)
                .map(|((label, slot), l)| match slot {
                    Slot::Planner(_) => LearnerSeries::new(label, &[RESIDUAL]),
                    Slot::Agents(_) if l.novelty().used() => {
                        LearnerSeries::new(label, &[RETURN, START_VALUE, COVERAGE])
                    }
                    Slot::Agents(_) => LearnerSeries::new(label, &[RETURN, START_VALUE]),
                })
                .collect(),
        };
        let n = slots.len();
        Ok(GridExperiment {
            grid,
            slots,
            optimum,
            t: 0,
            horizon,
            cursor: (0, 0),
            sums: vec![Moments::default(); blocks.len() * n * SUMMED.len()],
            stepped: vec![false; n],
            series,
            inbox: split::Inbox::default(),
            theirs: BTreeMap::new(),
            outbox: Vec::new(),
            role,
            runs,
            blocks,
            scenario,
        })
    }

    pub fn scenario(&self) -> &GridScenario {
        &self.scenario
    }

    /// The compiled map: geometry, cell kinds and letters, states, the MDP.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// The optimum, when some learner optimises (V*, Q*, an optimal policy).
    pub fn optimum(&self) -> Option<&Optimum> {
        self.optimum.as_ref()
    }

    /// V* of the start distribution: the line a `start_value` curve should approach.
    pub fn optimal_start_value(&self) -> Option<f64> {
        self.optimum
            .as_ref()
            .map(|o| o.start_value(self.grid.mdp()))
    }

    pub fn planner(&self, learner: usize) -> Option<&Planner> {
        match self.slots.get(learner)? {
            Slot::Planner(p) => Some(p),
            Slot::Agents(_) => None,
        }
    }

    /// Learner `learner`'s agent in run `run`, where this share holds that run (the head
    /// holds run 0, which the views and checks read).
    pub fn agent(&self, learner: usize, run: usize) -> Option<&Agent> {
        match self.slots.get(learner)? {
            Slot::Agents(a) => a.get(run.checked_sub(self.runs.start)?),
            Slot::Planner(_) => None,
        }
    }

    /// Q(s, a) now, row-major by state: a planner's one-step lookahead on its values, or
    /// the average over runs of the agents' tables (summed per block, folded in block
    /// order; a split run's other blocks as their helpers last sent them).
    pub fn q_values(&self, learner: usize) -> Vec<f64> {
        let mdp = self.grid.mdp();
        match &self.slots[learner] {
            Slot::Planner(p) => dp::q_table(mdp, &p.v),
            Slot::Agents(_) => {
                let (mut total, runs) = self.summed_q(learner);
                total.iter_mut().for_each(|q| *q /= runs.max(1) as f64);
                total
            }
        }
    }

    /// V(s) now: a planner's values, or maxₐ of the run-averaged Q (0 in terminals).
    pub fn values(&self, learner: usize) -> Vec<f64> {
        let mdp = self.grid.mdp();
        match &self.slots[learner] {
            Slot::Planner(p) => p.v.clone(),
            Slot::Agents(_) => {
                let q = self.q_values(learner);
                (0..mdp.states)
                    .map(|s| {
                        if mdp.terminal[s] {
                            0.0
                        } else {
                            max_of(&q[s * mdp.actions..(s + 1) * mdp.actions])
                        }
                    })
                    .collect()
            }
        }
    }

    /// The greedy action per state (first maximum of [`Self::q_values`] in action order).
    pub fn greedy(&self, learner: usize) -> Vec<usize> {
        let k = self.grid.actions();
        let q = self.q_values(learner);
        (0..self.grid.states())
            .map(|s| first_max(&q[s * k..(s + 1) * k]))
            .collect()
    }

    /// Run 1's last episode, as the states it went through.
    pub fn last_path(&self, learner: usize) -> Option<&[usize]> {
        let rec = self.agent(learner, 0)?.record.as_ref()?;
        Some(&rec.path)
    }

    /// What a planner's last step changed, per state.
    pub fn last_change(&self, learner: usize) -> Option<&[f64]> {
        self.planner(learner).map(|p| p.change.as_slice())
    }

    /// How often each state was occupied, per run on average (episode starts and every
    /// arrival).
    pub fn visits(&self, learner: usize) -> Option<Vec<f64>> {
        let Slot::Agents(_) = &self.slots[learner] else {
            return None;
        };
        let (total, runs) = self.summed_visits(learner);
        Some(
            total
                .iter()
                .map(|&n| n as f64 / runs.max(1) as f64)
                .collect(),
        )
    }

    /// The agents of learner `learner` in block `block` (those this share holds).
    pub(super) fn block_agents(&self, learner: usize, block: usize) -> &[Agent] {
        let Slot::Agents(agents) = &self.slots[learner] else {
            return &[];
        };
        let runs = split::runs_of(&(block..block + 1), self.scenario.runs);
        let start = runs.start.clamp(self.runs.start, self.runs.end) - self.runs.start;
        let end = runs.end.clamp(self.runs.start, self.runs.end) - self.runs.start;
        &agents[start..end]
    }

    /// Learners that learn from episodes, in order: the tables a part carries.
    pub(super) fn agent_learners(&self) -> Vec<usize> {
        (0..self.slots.len())
            .filter(|&i| matches!(self.slots[i], Slot::Agents(_)))
            .collect()
    }

    pub(super) fn per_block(&self) -> usize {
        self.slots.len() * SUMMED.len()
    }

    /// Whether learner `i` has work left in the current step (at the cursor's run).
    fn has_unit(&self, i: usize, run: usize) -> bool {
        match &self.slots[i] {
            Slot::Planner(p) => run == 0 && !p.done && !self.helps(),
            Slot::Agents(a) => run < a.len() && self.t < self.scenario.episodes,
        }
    }

    /// Move the cursor to the next unit of this step; false when the step is complete.
    fn seek(&mut self) -> bool {
        while self.cursor.0 < self.slots.len() {
            if self.has_unit(self.cursor.0, self.cursor.1) {
                return true;
            }
            self.cursor = (self.cursor.0 + 1, 0);
        }
        false
    }

    fn do_unit(&mut self) {
        let (i, run) = self.cursor;
        let mdp = self.grid.mdp();
        match &mut self.slots[i] {
            Slot::Planner(p) => p.step(mdp),
            Slot::Agents(agents) => {
                let r = agents[run].episode(mdp);
                let block = (self.runs.start + run) / split::BLOCK - self.blocks.start;
                let at = (block * self.slots.len() + i) * SUMMED.len();
                let sums = &mut self.sums[at..at + SUMMED.len()];
                sums[0].push(r.ret);
                sums[1].push(r.start_value);
                if let Some(c) = r.coverage {
                    sums[2].push(c);
                }
            }
        }
        self.stepped[i] = true;
        self.cursor.1 += 1;
    }

    pub(super) fn helps(&self) -> bool {
        matches!(self.role, Role::Helper(_))
    }

    /// This share has done every unit of step t: a helper hands out its part; the head
    /// closes the step once every other share's part is in (otherwise it waits).
    pub(super) fn close_step(&mut self) {
        if self.helps() {
            let part = self.part();
            self.outbox.push(part);
        } else if self.others_in() {
            let parts = self.inbox.take(self.t);
            self.keep_tables(&parts);
            self.append_points(&parts);
        } else {
            return;
        }
        self.sums.fill(Moments::default());
        self.t += 1;
        self.cursor = (0, 0);
    }

    /// Fold every block's sums of step t in block order and append the step's points.
    fn append_points(&mut self, parts: &[StepPart]) {
        let per_block = self.per_block();
        // Once the episodes are played no parts come: only planners step, in the head.
        let blocks = split::in_block_order(&self.blocks, &self.sums, parts, per_block);
        let total = split::fold(per_block, blocks);
        for (i, learner) in self.series.learners.iter_mut().enumerate() {
            if !std::mem::take(&mut self.stepped[i]) {
                continue;
            }
            let mut push = |name: &str, mean: f64, ci: f64| {
                if let Some(m) = learner.metric_mut(name) {
                    m.mean.push(mean);
                    m.ci95.push(ci);
                }
            };
            match &self.slots[i] {
                Slot::Planner(p) => push(RESIDUAL, p.residual, 0.0),
                Slot::Agents(_) => {
                    // Only learners with the novelty option have the coverage metric.
                    let sums = &total[i * SUMMED.len()..][..SUMMED.len()];
                    for (name, m) in SUMMED.iter().zip(sums) {
                        push(name, m.mean(), m.ci95());
                    }
                }
            }
        }
    }

    /// Whether the other shares' parts of step t have all arrived (none are due once
    /// the episodes are played: planners are the head's alone).
    pub(super) fn others_in(&self) -> bool {
        if self.t >= self.scenario.episodes {
            return true;
        }
        self.inbox.blocks_in(self.t) + self.blocks.len() == split::blocks(self.scenario.runs)
    }

    /// The head has done its share of step t and waits for the other shares' parts.
    pub(super) fn waits(&self) -> bool {
        !self.helps() && self.cursor.0 >= self.slots.len() && !self.is_done()
    }

    /// The learner's finals: values, greedy policy and Q per cell, and a planner's sweeps.
    fn learner_finals(&self, i: usize) -> Value {
        let g = &self.grid;
        let k = g.actions();
        let q = self.q_values(i);
        let v = self.values(i);
        let greedy = self.greedy(i);
        let decides = |s: usize| !g.mdp().terminal[s];
        let values = g.per_cell(|s| v[s]);
        let q_cells = (0..g.rows())
            .map(|r| {
                (0..g.cols())
                    .map(|c| match g.state_at(r, c).filter(|&s| decides(s)) {
                        Some(s) => json!(q[s * k..(s + 1) * k]),
                        None => Value::Null,
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>();
        let policy = g.arrows(&greedy);
        let mut out = json!({ "values": values, "policy": policy, "q": q_cells });
        if let Some(p) = self.planner(i) {
            out["sweeps"] = json!(p.sweeps);
        }
        out
    }
}

/// The scenario validated, its map compiled, and each learner's planner (None for those
/// that learn from experience): all that building an experiment may refuse.
fn planned(scenario: &GridScenario) -> Result<(Grid, Vec<Option<Planner>>), crate::ScenarioError> {
    scenario.validate()?;
    let grid = Grid::compile(&scenario.env)?;
    let planners = scenario
        .learners
        .iter()
        .enumerate()
        .map(|(i, l)| planner(l, &grid, i))
        .collect::<Result<_, _>>()?;
    Ok((grid, planners))
}

/// The planner for a planning learner (None for learners that learn from experience).
fn planner(
    l: &GridLearner,
    grid: &Grid,
    index: usize,
) -> Result<Option<Planner>, crate::ScenarioError> {
    let n = grid.states();
    Ok(Some(match l {
        GridLearner::PolicyEvaluation(s) => {
            let policy = match &s.policy {
                Some(text) => Policy::parse(text, grid, &format!("learners[{index}].policy"))?,
                None => Policy::uniform(grid.mdp()),
            };
            let plan = Plan::Evaluation {
                policy,
                method: s.method,
                in_place: s.in_place && s.method == EvaluationMethod::Sweeps,
            };
            Planner::new(plan, s.tolerance, n)
        }
        GridLearner::ValueIteration(s) => Planner::new(Plan::ValueIteration, s.tolerance, n),
        GridLearner::PolicyIteration(_) => Planner::new(
            Plan::PolicyIteration {
                policy: None,
                stable: false,
            },
            0.0,
            n,
        ),
        _ => return Ok(None),
    }))
}

impl Experiment for GridExperiment {
    fn t(&self) -> usize {
        self.t
    }

    /// `episodes` when some learner learns from experience, or the steps the planners
    /// need, whichever is more.
    fn horizon(&self) -> usize {
        self.horizon
    }

    fn work(&mut self, budget: usize) -> usize {
        let mut done = 0;
        while done < budget && !self.is_done() {
            if !self.seek() {
                self.close_step();
                break;
            }
            self.do_unit();
            done += 1;
            if !self.seek() {
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
        checks::all(self)
    }

    /// Per learner (by label): `values` (rows; null for walls and cells the agent passes
    /// through), `policy` (rows of ←↑→↓ for the greedy action, # for walls, · where no
    /// action is taken), `q` (rows; per cell the action values in action order, or null)
    /// and, for planners, `sweeps`.
    fn finals(&self) -> Finals {
        self.series
            .learners
            .iter()
            .enumerate()
            .map(|(i, l)| (l.label.clone(), self.learner_finals(i)))
            .collect()
    }

    fn is_done(&self) -> bool {
        self.slots.iter().all(|s| match s {
            Slot::Planner(p) => p.done || self.helps(),
            Slot::Agents(_) => self.t >= self.scenario.episodes,
        })
    }
}
