//! The Bandit Arena experiment: every agent, every run, one step at a time.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::check::Check;
use crate::experiment::Experiment;
use crate::rng::Rng;
use crate::scenario::{BanditScenario, EnvSpec};
use crate::series::{LearnerSeries, Moments, Series};
use crate::split::{self, Role, Shard, StepPart};

use super::adversary::RiggedTable;
use super::agent::{Agent, sqrt_ln};
use super::env::Env;
use super::posterior::Posterior;
use super::{checks, streams};

/// Metric names, as the CLI and the plots know them.
pub const AVG_REWARD: &str = "avg_reward";
pub const PCT_OPTIMAL: &str = "pct_optimal";
pub const REGRET: &str = "regret";

/// One agent in one run: its environment copy, its state and its random streams.
#[derive(Clone, Debug)]
pub(crate) struct Cell {
    pub env: Env,
    pub agent: Agent,
    rng: Rng,
    noise: Rng,
    regret: f64,
}

/// What one arm has paid so far: count, mean and sum of squared deviations (Welford).
/// Kept for the first run, independently of the agents, so the Verify panel can rebuild
/// each posterior from the data actually observed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ArmStats {
    pub n: u64,
    pub mean: f64,
    pub m2: f64,
}

impl ArmStats {
    fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    pub fn sum(&self) -> f64 {
        self.mean * self.n as f64
    }

    #[cfg(test)]
    pub(crate) fn push_for_test(&mut self, x: f64) {
        self.push(x);
    }
}

/// Sums of one agent's metrics over a block of runs, in [`METRICS`] order.
const METRICS: [&str; 3] = [AVG_REWARD, PCT_OPTIMAL, REGRET];

#[derive(Debug)]
pub struct BanditExperiment {
    scenario: BanditScenario,
    /// Which share of the runs this experiment steps (all of them unless split).
    role: Role,
    /// The runs it steps, and the blocks they make up.
    runs: Range<usize>,
    blocks: Range<usize>,
    /// cells[agent * runs.len() + (run − runs.start)]: agent-major, so one agent's runs
    /// sit together in memory and the hot loop runs the same agent code many times in a row.
    cells: Vec<Cell>,
    /// Next cell to advance within the current step, and the agent it belongs to.
    cursor: usize,
    cursor_agent: usize,
    t: usize,
    /// √(ln(t + 1)) for the step in progress (UCB's bonus; one logarithm per step).
    sqrt_ln_t: f64,
    /// The step in progress: sums per own block, per agent, per metric (a [`StepPart`]'s
    /// layout), and pulls per agent and arm over the own runs.
    sums: Vec<Moments>,
    step_pulls: Vec<u64>,
    /// Pulls of each arm summed over runs (every share's, once merged), per agent.
    pulls: Vec<Vec<u64>>,
    /// The first run's observed rewards per agent and arm.
    observed: Vec<Vec<ArmStats>>,
    series: Series,
    /// The head: helpers' parts of steps not closed yet, by step.
    inbox: BTreeMap<usize, Vec<StepPart>>,
    /// A helper: the parts of its finished steps, until taken.
    outbox: Vec<StepPart>,
}

impl BanditExperiment {
    pub fn new(scenario: BanditScenario) -> Self {
        Self::share(scenario, Role::Whole)
    }

    /// An experiment stepping one share of the scenario's runs (see [`crate::split`]).
    pub fn share(scenario: BanditScenario, role: Role) -> Self {
        let rigged =
            match scenario.env {
                EnvSpec::Adversarial { arms, rigged_c } => Some(Arc::new(
                    RiggedTable::against_ucb(arms, rigged_c, scenario.steps),
                )),
                _ => None,
            };
        let n_agents = scenario.agents.len();
        let arms = scenario.env.arms();
        let blocks = role.blocks(split::blocks(scenario.runs));
        let runs = split::runs_of(&blocks, scenario.runs);
        // Every agent of a run faces an identical copy of that run's environment.
        let envs: Vec<Env> = runs
            .clone()
            .map(|run| Env::new(&scenario.env, scenario.seed, run as u64, rigged.as_ref()))
            .collect();
        let mut cells = Vec::with_capacity(runs.len() * n_agents);
        for (i, spec) in scenario.agents.iter().enumerate() {
            let i = i as u64;
            for (run, env) in runs.clone().zip(&envs) {
                let run = run as u64;
                cells.push(Cell {
                    env: env.clone(),
                    agent: Agent::new(spec, arms),
                    rng: Rng::stream(scenario.seed, &[run, streams::AGENT, i]),
                    noise: Rng::stream(scenario.seed, &[run, streams::NOISE, i]),
                    regret: 0.0,
                });
            }
        }
        let series = Series {
            learners: scenario
                .labels()
                .into_iter()
                .map(|l| LearnerSeries::new(l, &METRICS))
                .collect(),
        };
        BanditExperiment {
            cells,
            cursor: 0,
            cursor_agent: 0,
            t: 0,
            sqrt_ln_t: sqrt_ln(1),
            sums: vec![Moments::default(); blocks.len() * n_agents * METRICS.len()],
            step_pulls: vec![0; n_agents * arms],
            pulls: vec![vec![0; arms]; n_agents],
            observed: vec![vec![ArmStats::default(); arms]; n_agents],
            series,
            inbox: BTreeMap::new(),
            outbox: Vec::new(),
            role,
            runs,
            blocks,
            scenario,
        }
    }

    pub fn scenario(&self) -> &BanditScenario {
        &self.scenario
    }

    /// Run `run`'s cell for agent `agent` (a run of this experiment's share: run 0 for
    /// the views and checks, which the head holds).
    pub(crate) fn cell(&self, run: usize, agent: usize) -> &Cell {
        &self.cells[agent * self.runs.len() + run - self.runs.start]
    }

    /// Moments per block: every agent's metrics.
    fn per_block(&self) -> usize {
        self.scenario.agents.len() * METRICS.len()
    }

    /// Advance this share's runs `first..first + count` (counted from its first run; all
    /// in one block) of agent `i` by one step.
    fn advance_runs(&mut self, i: usize, first: usize, count: usize) {
        let start = i * self.runs.len() + first;
        let block = (self.runs.start + first) / split::BLOCK - self.blocks.start;
        let at = block * self.per_block() + i * METRICS.len();
        let arms = self.pulls[i].len();
        let holds_run_one = first == 0 && self.runs.start == 0;
        advance_cells(
            &mut self.cells[start..start + count],
            holds_run_one.then_some(&mut self.observed[i][..]),
            &mut self.sums[at..at + METRICS.len()],
            &mut self.step_pulls[i * arms..(i + 1) * arms],
            self.sqrt_ln_t,
        );
    }

    /// This share's runs have all done step t: a helper hands out their part; the head
    /// closes the step once every other share's part is in (otherwise it waits).
    fn close_step(&mut self) {
        if matches!(self.role, Role::Helper(_)) {
            let part = StepPart {
                step: self.t,
                first_block: self.blocks.start,
                moments: self.sums.clone(),
                counts: self.step_pulls.clone(),
                values: Vec::new(),
            };
            self.outbox.push(part);
        } else if self.others_in() {
            self.merge_step();
        } else {
            return;
        }
        self.sums.fill(Moments::default());
        self.step_pulls.fill(0);
        self.t += 1;
        self.sqrt_ln_t = sqrt_ln(self.t as u64 + 1);
        self.cursor = 0;
        self.cursor_agent = 0;
    }

    /// Whether the other shares' parts of step t have all arrived.
    fn others_in(&self) -> bool {
        let per_block = self.per_block();
        let theirs: usize = self.inbox.get(&self.t).map_or(0, |parts| {
            parts.iter().map(|p| p.blocks(per_block).len()).sum()
        });
        theirs + self.blocks.len() == split::blocks(self.scenario.runs)
    }

    /// Fold every block's sums of step t in block order and append the step's points.
    fn merge_step(&mut self) {
        let per_block = self.per_block();
        let parts = self.inbox.remove(&self.t).unwrap_or_default();
        let block = |b| {
            split::block_moments(b, &self.blocks, &self.sums, &parts, per_block)
                .expect("every block is in a part (checked by others_in)")
        };
        let total = split::fold(per_block, (0..split::blocks(self.scenario.runs)).map(block));
        for (learner, sums) in self
            .series
            .learners
            .iter_mut()
            .zip(total.chunks(METRICS.len()))
        {
            for (metric, m) in learner.metrics.iter_mut().zip(sums) {
                metric.mean.push(m.mean());
                metric.ci95.push(m.ci95());
            }
        }
        let arms = self.pulls.first().map_or(0, Vec::len);
        for counts in std::iter::once(&self.step_pulls).chain(parts.iter().map(|p| &p.counts)) {
            for (pulls, step) in self.pulls.iter_mut().zip(counts.chunks(arms.max(1))) {
                for (p, n) in pulls.iter_mut().zip(step) {
                    *p += n;
                }
            }
        }
    }

    /// Average pulls of each arm per run, for one agent.
    pub fn mean_pulls(&self, agent: usize) -> Vec<f64> {
        let runs = self.scenario.runs as f64;
        self.pulls[agent].iter().map(|&p| p as f64 / runs).collect()
    }

    /// What each arm has paid `agent` in the first run.
    pub fn observed(&self, agent: usize) -> &[ArmStats] {
        &self.observed[agent]
    }

    /// The first run's posteriors for a Thompson agent (what the animation shows).
    pub fn posteriors(&self, agent: usize) -> Option<Vec<Posterior>> {
        self.cell(0, agent).agent.posteriors()
    }

    /// The first run's true arm means now (drawn as markers under the posteriors).
    pub fn true_means(&self) -> Vec<f64> {
        self.cell(0, 0).env.means().to_vec()
    }

    /// The Lai–Robbins constant C for this environment, if it has fixed means.
    pub fn lai_robbins(&self) -> Option<f64> {
        super::bounds::lai_robbins_constant(&self.scenario.env)
    }
}

impl Experiment for BanditExperiment {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.scenario.steps
    }

    fn work(&mut self, budget: usize) -> usize {
        let mut done = 0;
        let own = self.runs.len();
        while done < budget && !self.is_done() {
            if self.cursor < self.cells.len() {
                // The cursor walks agent-major: (agent, run) = divmod(cursor, own runs).
                // Each pass takes as many of this agent's runs as the budget allows, up to
                // the end of the run's block (each block keeps its own sums).
                let (agent, run) = (self.cursor_agent, self.cursor - self.cursor_agent * own);
                let block_end = ((self.runs.start + run) / split::BLOCK + 1) * split::BLOCK;
                let block_left = block_end.min(self.runs.end) - self.runs.start - run;
                let count = block_left.min(budget - done);
                self.advance_runs(agent, run, count);
                self.cursor += count;
                if run + count == own {
                    self.cursor_agent += 1;
                }
                done += count;
            }
            if self.cursor == self.cells.len() {
                // Closes the step, unless the head waits for other shares' parts.
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
}

/// One step of consecutive runs of one agent (in one block), adding to that block's sums
/// for the agent and to the agent's pull counts; `observed` is the agent's first-run
/// record, given when the first cell is run 0.
/// A free function over separate borrows, so the compiler knows the sums cannot alias
/// the cells and keeps them in registers across the loop.
fn advance_cells(
    cells: &mut [Cell],
    mut observed: Option<&mut [ArmStats]>,
    sums: &mut [Moments],
    pulls: &mut [u64],
    sqrt_ln_t: f64,
) {
    let [mut reward_sums, mut optimal_sums, mut regret_sums] = [sums[0], sums[1], sums[2]];
    for cell in cells.iter_mut() {
        let arm = cell.agent.choose(&mut cell.rng, sqrt_ln_t);
        let reward = cell.env.pull(arm, &mut cell.noise);
        let optimal = arm == cell.env.optimal_arm();
        cell.regret += cell.env.regret_of(arm);
        cell.agent.learn(arm, reward);
        cell.env.advance();
        reward_sums.push(reward);
        optimal_sums.push(if optimal { 100.0 } else { 0.0 });
        regret_sums.push(cell.regret);
        pulls[arm] += 1;
        if let Some(first_run) = observed.take() {
            first_run[arm].push(reward);
        }
    }
    sums.copy_from_slice(&[reward_sums, optimal_sums, regret_sums]);
}

impl Shard for BanditExperiment {
    fn take_parts(&mut self) -> Vec<StepPart> {
        std::mem::take(&mut self.outbox)
    }

    fn accept_parts(&mut self, parts: Vec<StepPart>) {
        for part in parts.into_iter().filter(|p| p.step >= self.t) {
            self.inbox.entry(part.step).or_default().push(part);
        }
        // A head that had done its share of the step may now close it.
        if self.waiting() && self.others_in() {
            self.close_step();
        }
    }

    fn others_bytes_per_step(&self) -> usize {
        let others = split::blocks(self.scenario.runs) - self.blocks.len();
        others * self.per_block() * std::mem::size_of::<Moments>() + self.step_pulls.len() * 8
    }

    fn waiting(&self) -> bool {
        !matches!(self.role, Role::Helper(_)) && self.cursor == self.cells.len() && !self.is_done()
    }
}
