//! The Bandit Arena experiment: every agent, every run, one step at a time.

use std::ops::Range;
use std::sync::Arc;

use playground_core::check::Check;
use playground_core::experiment::Experiment;
use playground_core::lanes::{LANES, Lanes, RngLanes};
use playground_core::rng::Rng;
use playground_core::scenario::{BanditScenario, EnvSpec};
use playground_core::series::{LearnerSeries, Moments, Series};
use playground_core::split::{self, Role, Shard, StepPart};

use super::adversary::RiggedTable;
use super::agent::{Agent, sqrt_ln};
use super::agent_lanes::{AgentLanes, LaneAgent};
use super::env::{Env, EnvLanes, Pulls};
use super::posterior::Posterior;
use super::simd::{Simd, Width};
use super::{checks, streams};

/// Metric names, as the CLI and the plots know them.
pub const AVG_REWARD: &str = "avg_reward";
pub const PCT_OPTIMAL: &str = "pct_optimal";
pub const REGRET: &str = "regret";

/// One agent in the runs of one block, stepped together (see [`playground_core::lanes`]).
#[derive(Clone, Debug)]
pub(crate) struct Group {
    agent: AgentLanes,
    runs: Runs,
    /// Lanes holding runs of this share; the others (past the last run, in the last
    /// block) are stepped with them and their numbers left unused.
    live: usize,
}

/// A block's runs as one agent faces them: its copies of the environment, its random
/// streams and its regret so far, lane by lane.
#[derive(Clone, Debug)]
struct Runs {
    env: EnvLanes,
    rng: RngLanes,
    noise: RngLanes,
    regret: Lanes<f64>,
}

impl Runs {
    /// One step of every lane: choose, pull, learn, move the environment on — the order
    /// in which one run's step draws from its streams.
    #[inline(always)]
    fn step(&mut self, agent: &mut impl LaneAgent, sqrt_ln_t: f64, p: &mut Pulls) {
        agent.choose(&mut self.rng, sqrt_ln_t, &mut p.arms);
        self.env.pull(&mut self.noise, p);
        for (regret, gap) in self.regret.iter_mut().zip(&p.gaps) {
            *regret += gap;
        }
        agent.learn(&p.arms, &p.rewards);
        self.env.advance();
    }
}

/// One step of a group, compiled for its kind of agent and for `simd`.
fn step_group(group: &mut Group, simd: Simd, sqrt_ln_t: f64, p: &mut Pulls) {
    let runs = &mut group.runs;
    match &mut group.agent {
        AgentLanes::Values(agent) => step_runs(simd, runs, agent, sqrt_ln_t, p),
        AgentLanes::Gaussian(agent) => step_runs(simd, runs, agent, sqrt_ln_t, p),
        AgentLanes::Each(agents) => step_runs(simd, runs, agents, sqrt_ln_t, p),
    }
}

/// [`Runs::step`], compiled for `simd` (see [`crate::simd`]).
fn step_runs<A: LaneAgent>(
    simd: Simd,
    runs: &mut Runs,
    agent: &mut A,
    sqrt_ln_t: f64,
    p: &mut Pulls,
) {
    match simd.0 {
        Width::Baseline => runs.step(agent, sqrt_ln_t, p),
        // SAFETY: a `Simd` other than the baseline is made only once the processor was
        // found to have its instructions (`Simd::available`).
        #[cfg(target_arch = "x86_64")]
        #[allow(unsafe_code)]
        Width::Avx2 => unsafe { step_runs_avx2(runs, agent, sqrt_ln_t, p) },
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        #[allow(unsafe_code)]
        Width::Avx512 => unsafe { step_runs_avx512(runs, agent, sqrt_ln_t, p) },
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn step_runs_avx2<A: LaneAgent>(runs: &mut Runs, agent: &mut A, sqrt_ln_t: f64, p: &mut Pulls) {
    runs.step(agent, sqrt_ln_t, p)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
fn step_runs_avx512<A: LaneAgent>(runs: &mut Runs, agent: &mut A, sqrt_ln_t: f64, p: &mut Pulls) {
    runs.step(agent, sqrt_ln_t, p)
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
    /// groups[agent * blocks.len() + (block − blocks.start)]: agent-major, so the hot loop
    /// runs the same agent's code many times in a row.
    groups: Vec<Group>,
    /// The instructions the groups' steps run on (the widest the processor has).
    simd: Simd,
    /// Next group to advance within the current step.
    cursor: usize,
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
    inbox: split::Inbox,
    /// A helper: the parts of its finished steps, until taken.
    outbox: Vec<StepPart>,
}

impl BanditExperiment {
    pub fn new(scenario: BanditScenario) -> Self {
        Self::share(scenario, Role::Whole)
    }

    /// The same experiment stepped with `simd` instead of the widest instruction set (the
    /// same numbers; the benchmark times each).
    pub fn with_simd(mut self, simd: Simd) -> Self {
        self.simd = simd;
        self
    }

    /// An experiment stepping one share of the scenario's runs (see [`playground_core::split`]).
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
        let mut groups = Vec::with_capacity(blocks.len() * n_agents);
        for (i, spec) in scenario.agents.iter().enumerate() {
            for block in blocks.clone() {
                let lanes = (block * LANES) as u64..((block + 1) * LANES) as u64;
                // Every agent of a run faces an identical copy of that run's environment.
                let envs = lanes
                    .clone()
                    .map(|run| Env::new(&scenario.env, scenario.seed, run, rigged.as_ref()));
                let stream = |tag| {
                    lanes
                        .clone()
                        .map(move |run| Rng::stream(scenario.seed, &[run, tag, i as u64]))
                };
                groups.push(Group {
                    agent: AgentLanes::new(spec, arms),
                    runs: Runs {
                        env: EnvLanes::new(envs.collect()),
                        rng: RngLanes::new(stream(streams::AGENT)),
                        noise: RngLanes::new(stream(streams::NOISE)),
                        regret: [0.0; LANES],
                    },
                    live: split::runs_of(&(block..block + 1), scenario.runs).len(),
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
            groups,
            simd: Simd::widest(),
            cursor: 0,
            t: 0,
            sqrt_ln_t: sqrt_ln(1),
            sums: vec![Moments::default(); blocks.len() * n_agents * METRICS.len()],
            step_pulls: vec![0; n_agents * arms],
            pulls: vec![vec![0; arms]; n_agents],
            observed: vec![vec![ArmStats::default(); arms]; n_agents],
            series,
            inbox: split::Inbox::default(),
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

    /// The group holding run `run` (of this experiment's share: run 0 for the views and
    /// checks, which the head holds) for agent `agent`, and the run's lane in it.
    fn group_of(&self, run: usize, agent: usize) -> (&Group, usize) {
        let r = run - self.runs.start;
        (
            &self.groups[agent * self.blocks.len() + r / LANES],
            r % LANES,
        )
    }

    /// Agent `agent`'s state in run `run` now.
    pub(crate) fn agent_state(&self, run: usize, agent: usize) -> Agent {
        let (group, l) = self.group_of(run, agent);
        group.agent.agent(l)
    }

    /// The true means of run `run`'s arms now, as agent `agent` faces them.
    pub(crate) fn means_now(&self, run: usize, agent: usize) -> Vec<f64> {
        let (group, l) = self.group_of(run, agent);
        group.runs.env.means(l)
    }

    /// Moments per block: every agent's metrics.
    fn per_block(&self) -> usize {
        self.scenario.agents.len() * METRICS.len()
    }

    /// Advance agent `agent`'s runs in this share's block `block` (counted from its first
    /// block) by one step.
    fn advance_block(&mut self, agent: usize, block: usize) {
        let at = block * self.per_block() + agent * METRICS.len();
        let arms = self.pulls[agent].len();
        let holds_run_one = block == 0 && self.runs.start == 0;
        advance_group(
            &mut self.groups[agent * self.blocks.len() + block],
            holds_run_one.then_some(&mut self.observed[agent][..]),
            &mut self.sums[at..at + METRICS.len()],
            &mut self.step_pulls[agent * arms..(agent + 1) * arms],
            self.simd,
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
    }

    /// Whether the other shares' parts of step t have all arrived.
    fn others_in(&self) -> bool {
        self.inbox.blocks_in(self.t) + self.blocks.len() == split::blocks(self.scenario.runs)
    }

    /// Fold every block's sums of step t in block order and append the step's points.
    fn merge_step(&mut self) {
        let per_block = self.per_block();
        let parts = self.inbox.take(self.t);
        // Every block is in a part or in this share (checked by others_in).
        let blocks = split::in_block_order(&self.blocks, &self.sums, &parts, per_block);
        let total = split::fold(per_block, blocks);
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
        self.agent_state(0, agent).posteriors()
    }

    /// The first run's true arm means now (drawn as markers under the posteriors).
    pub fn true_means(&self) -> Vec<f64> {
        self.means_now(0, 0)
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
        let blocks = self.blocks.len();
        while done < budget && !self.is_done() {
            // The cursor walks the groups agent-major: (agent, block) = divmod(cursor, blocks).
            if self.cursor < self.groups.len() {
                self.advance_block(self.cursor / blocks, self.cursor % blocks);
                done += self.groups[self.cursor].live;
                self.cursor += 1;
            }
            if self.cursor == self.groups.len() {
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

/// One step of a group, adding its runs' metrics to its block's sums for the agent (in
/// run order) and its pulls to the agent's counts; `observed` is the agent's first-run
/// record, given when the group's first lane is run 0.
/// A free function over separate borrows, so the compiler knows the sums cannot alias
/// the group and keeps them in registers across the loop.
fn advance_group(
    group: &mut Group,
    observed: Option<&mut [ArmStats]>,
    sums: &mut [Moments],
    pulls: &mut [u64],
    simd: Simd,
    sqrt_ln_t: f64,
) {
    let mut p = Pulls::new();
    step_group(group, simd, sqrt_ln_t, &mut p);
    let [mut reward_sums, mut optimal_sums, mut regret_sums] = [sums[0], sums[1], sums[2]];
    for l in 0..group.live {
        reward_sums.push(p.rewards[l]);
        optimal_sums.push(100.0 * p.optimal[l]);
        regret_sums.push(group.runs.regret[l]);
        pulls[p.arms[l] as usize] += 1;
    }
    sums.copy_from_slice(&[reward_sums, optimal_sums, regret_sums]);
    if let Some(first_run) = observed {
        first_run[p.arms[0] as usize].push(p.rewards[0]);
    }
}

impl Shard for BanditExperiment {
    fn take_parts(&mut self) -> Vec<StepPart> {
        std::mem::take(&mut self.outbox)
    }

    fn accept_parts(&mut self, parts: Vec<StepPart>) {
        let per_block = self.per_block();
        for part in parts {
            self.inbox.keep(part, self.t, per_block);
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
        !matches!(self.role, Role::Helper(_)) && self.cursor == self.groups.len() && !self.is_done()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every instruction set this processor has gives the same numbers: the widest is
    /// what runs, the others are what other processors (and WebAssembly) run.
    #[test]
    fn every_instruction_set_gives_the_same_numbers() {
        let available = Simd::available();
        for preset in playground_core::presets::for_kind("bandit") {
            let playground_core::Scenario::Bandit(mut b) = preset.scenario() else {
                unreachable!("bandit presets hold bandit scenarios")
            };
            (b.runs, b.steps) = (2 * LANES + 6, 150);
            let run = |simd| {
                let mut e = BanditExperiment::new(b.clone()).with_simd(simd);
                e.run_to_end();
                let checks: Vec<_> = e.checks().into_iter().map(|c| c.detail).collect();
                (e.series().fingerprint(), checks, e.mean_pulls(0))
            };
            let baseline = run(Simd::BASELINE);
            for &simd in &available {
                assert_eq!(run(simd), baseline, "{}: {simd:?}", preset.name);
            }
        }
    }
}
