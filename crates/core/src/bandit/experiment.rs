//! The Bandit Arena experiment: every agent, every run, one step at a time.

use std::sync::Arc;

use crate::check::Check;
use crate::experiment::Experiment;
use crate::rng::Rng;
use crate::scenario::{BanditScenario, EnvSpec};
use crate::series::{LearnerSeries, Moments, Series};

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

/// Per-agent sums over runs for the step in progress.
#[derive(Clone, Copy, Debug, Default)]
struct StepSums {
    reward: Moments,
    optimal: Moments,
    regret: Moments,
}

#[derive(Debug)]
pub struct BanditExperiment {
    scenario: BanditScenario,
    /// cells[agent * runs + run]: agent-major, so one agent's runs sit together in memory
    /// and the hot loop runs the same agent code many times in a row.
    cells: Vec<Cell>,
    /// Next cell to advance within the current step, and the agent it belongs to.
    cursor: usize,
    cursor_agent: usize,
    t: usize,
    /// √(ln(t + 1)) for the step in progress (UCB's bonus; one logarithm per step).
    sqrt_ln_t: f64,
    sums: Vec<StepSums>,
    /// Pulls of each arm summed over runs, per agent.
    pulls: Vec<Vec<u64>>,
    /// The first run's observed rewards per agent and arm.
    observed: Vec<Vec<ArmStats>>,
    series: Series,
}

impl BanditExperiment {
    pub fn new(scenario: BanditScenario) -> Self {
        let rigged =
            match scenario.env {
                EnvSpec::Adversarial { arms, rigged_c } => Some(Arc::new(
                    RiggedTable::against_ucb(arms, rigged_c, scenario.steps),
                )),
                _ => None,
            };
        let n_agents = scenario.agents.len();
        let arms = scenario.env.arms();
        // Every agent of a run faces an identical copy of that run's environment.
        let envs: Vec<Env> = (0..scenario.runs as u64)
            .map(|run| Env::new(&scenario.env, scenario.seed, run, rigged.as_ref()))
            .collect();
        let mut cells = Vec::with_capacity(scenario.runs * n_agents);
        for (i, spec) in scenario.agents.iter().enumerate() {
            let i = i as u64;
            for (run, env) in envs.iter().enumerate() {
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
                .map(|l| LearnerSeries::new(l, &[AVG_REWARD, PCT_OPTIMAL, REGRET]))
                .collect(),
        };
        BanditExperiment {
            cells,
            cursor: 0,
            cursor_agent: 0,
            t: 0,
            sqrt_ln_t: sqrt_ln(1),
            sums: vec![StepSums::default(); n_agents],
            pulls: vec![vec![0; arms]; n_agents],
            observed: vec![vec![ArmStats::default(); arms]; n_agents],
            series,
            scenario,
        }
    }

    pub fn scenario(&self) -> &BanditScenario {
        &self.scenario
    }

    /// Run `run`'s cell for agent `agent`.
    pub(crate) fn cell(&self, run: usize, agent: usize) -> &Cell {
        &self.cells[agent * self.scenario.runs + run]
    }

    /// Advance runs `first..first + count` of agent `i` by one step.
    fn advance_runs(&mut self, i: usize, first: usize, count: usize) {
        let start = i * self.scenario.runs + first;
        advance_cells(
            &mut self.cells[start..start + count],
            (first == 0).then_some(&mut self.observed[i][..]),
            &mut self.sums[i],
            &mut self.pulls[i],
            self.sqrt_ln_t,
        );
    }

    /// All runs have done step t: append its point to every series.
    fn close_step(&mut self) {
        for (learner, sums) in self.series.learners.iter_mut().zip(&mut self.sums) {
            for (name, m) in [
                (AVG_REWARD, sums.reward),
                (PCT_OPTIMAL, sums.optimal),
                (REGRET, sums.regret),
            ] {
                let metric = learner.metric_mut(name).expect("metric exists");
                metric.mean.push(m.mean());
                metric.ci95.push(m.ci95());
            }
            *sums = StepSums::default();
        }
        self.t += 1;
        self.sqrt_ln_t = sqrt_ln(self.t as u64 + 1);
        self.cursor = 0;
        self.cursor_agent = 0;
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
        let runs = self.scenario.runs;
        while done < budget && !self.is_done() {
            // The cursor walks agent-major: (agent, run) = divmod(cursor, runs). Each
            // pass takes as many of this agent's remaining runs as the budget allows.
            let (agent, run) = (self.cursor_agent, self.cursor - self.cursor_agent * runs);
            let count = (runs - run).min(budget - done);
            self.advance_runs(agent, run, count);
            self.cursor += count;
            if run + count == runs {
                self.cursor_agent += 1;
            }
            done += count;
            if self.cursor == self.cells.len() {
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

/// One step of consecutive runs of one agent, adding to that agent's sums and pull
/// counts; `observed` is the agent's first-run record, given when the first cell is run 0.
/// A free function over separate borrows, so the compiler knows the sums cannot alias
/// the cells and keeps them in registers across the loop.
fn advance_cells(
    cells: &mut [Cell],
    mut observed: Option<&mut [ArmStats]>,
    sums: &mut StepSums,
    pulls: &mut [u64],
    sqrt_ln_t: f64,
) {
    let mut local = *sums;
    for cell in cells.iter_mut() {
        let arm = cell.agent.choose(&mut cell.rng, sqrt_ln_t);
        let reward = cell.env.pull(arm, &mut cell.noise);
        let optimal = arm == cell.env.optimal_arm();
        cell.regret += cell.env.regret_of(arm);
        cell.agent.learn(arm, reward);
        cell.env.advance();
        local.reward.push(reward);
        local.optimal.push(if optimal { 100.0 } else { 0.0 });
        local.regret.push(cell.regret);
        pulls[arm] += 1;
        if let Some(first_run) = observed.take() {
            first_run[arm].push(reward);
        }
    }
    *sums = local;
}
