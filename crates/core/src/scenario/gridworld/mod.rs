//! Gridworlds written as maps: the environment both the Gridworld Lab and the
//! Policy-Gradient Lab run on.
//!
//! ```toml
//! [env]
//! map = """
//! .A.B.
//! .....
//! ...b.
//! .....
//! .a...
//! """
//! gamma = 0.9
//! edge_reward = -1.0
//! [env.cells.A]
//! teleport = "a"
//! reward = 10.0
//! ```
//!
//! Map characters: `.` floor, `#` wall, `S` a start cell, `G` a goal (terminal, reward 1
//! unless `[env.cells.G]` says otherwise). Any other letter names a cell whose properties
//! are given under `[env.cells.<letter>]`; a letter used only as a teleport target (`a`
//! above) needs no entry. Each action pays exactly one reward: the first that applies of
//! the jump reward of a teleport cell it was taken in, the edge reward if it bumped into
//! the edge or a wall, the reward of the cell it arrived in, else `step_reward`.
//!
//! Details, as [`crate::gridworld::Grid::compile`] implements them:
//! - `S` always starts and `G` always ends the episode; an entry for either may add to
//!   that (a reward, noise), and a start on a terminal cell is refused. Starts are the `S`
//!   and `start = true` cells, uniformly; with none, every cell where the agent acts.
//! - A teleport cell's `reward` is paid on leaving it (every action jumps), not on
//!   arriving there. `reward_sd` adds noise to this cell's reward, so it needs `reward`.
//! - A move first goes where `dynamics` (or `slip`) sends it; in a `mirror` cell the
//!   intended direction is reversed first, and `dynamics` of the direction really taken
//!   apply (the river flows whatever key was pressed). `stay` is no bump.
//! - The wind of the column the move started from then pushes the agent, one cell at a
//!   time, stopping at the edge or a wall (no bump reward for that).
//! - A `to_start` cell sends the agent on to a start cell within the same step: it is no
//!   state of the MDP (no value, no action), like a wall the agent can pass through.
//! - Flags that cannot hold together are refused: terminal with teleport, to_start,
//!   start or mirror; teleport with to_start or mirror; to_start with mirror; an
//!   `edge_reward` where the agent never bumps (teleport, terminal, to_start).
//! - Terminal cells are states of value 0 with no actions ([`crate::mdp::Mdp`]'s
//!   convention): reaching one ends the episode, as an absorbing state paying 0 would.

//!
//! This module holds the scenario (`kind = "gridworld"`) and its limits; [`env`] the map
//! format's types, [`learners`] the learners' specs.

mod env;
mod learners;

pub use env::{CellSpec, GridEnv, MAX_EPISODE_CAP, MAX_GRID_SIDE, MOVE_NAMES, Move, MoveOutcome};
pub use learners::*;

use serde::{Deserialize, Serialize};

use super::{ScenarioError, Validator, current_version};
use crate::gridworld::Grid;

/// The most learners one lab compares.
pub const MAX_LEARNERS: usize = 8;
/// Episodes per run, and runs, for learners that learn from experience.
pub const MAX_EPISODES: usize = 20_000;
pub const MAX_GRID_RUNS: usize = 500;
/// runs × episodes × episode_cap: the most environment steps one learner may take, about
/// ten seconds of the slowest learner on a laptop.
pub const MAX_EXPERIENCE: usize = 50_000_000;
/// Steps of n-step SARSA.
pub const MAX_N: usize = 100;
/// PSRL samples a full transition table and solves it every episode (states² × actions
/// random numbers, and a few dense states³/3 solves): at 100 states an episode costs about
/// 3 ms natively, one indivisible unit of work the page must fit in a frame; at 150 it
/// would be 10 ms.
pub const MAX_PSRL_STATES: usize = 100;
/// A tolerance below this is lost in rounding for values in the hundreds.
pub const MIN_TOLERANCE: f64 = 1e-12;
/// A (state, visited set) table keeps the set as a bit mask, and has up to
/// states × 2^(states − 1) rows: 16 states make at most 524,288.
pub const MAX_NOVELTY_STATES: usize = 16;
/// The rows a learner's (state, visited set) tables may reach over all runs, about 100 MB
/// at four actions (values, index and counts): a page must hold them.
pub const MAX_NOVELTY_ROWS: usize = 1_000_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    pub seed: u64,
    /// Episodes per run, for learners that learn from experience.
    #[serde(default = "default_episodes")]
    pub episodes: usize,
    /// Independent runs averaged in every curve.
    #[serde(default = "default_runs")]
    pub runs: usize,
    pub env: GridEnv,
    pub learners: Vec<GridLearner>,
}

fn default_episodes() -> usize {
    500
}
fn default_runs() -> usize {
    10
}

impl GridScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("episodes", self.episodes, 1, MAX_EPISODES)?;
        v.count("runs", self.runs, 1, MAX_GRID_RUNS)?;
        v.rule(
            (1..=MAX_LEARNERS).contains(&self.learners.len()),
            "learners",
            format!("{} learners", self.learners.len()),
            &format!("1 to {MAX_LEARNERS} learners"),
        )?;
        let grid = Grid::compile(&self.env)?;
        if self.learners.iter().any(|l| !l.is_planner()) {
            let steps = self.runs * self.episodes * self.env.episode_cap;
            v.rule(
                steps <= MAX_EXPERIENCE,
                "episodes",
                self.episodes,
                &format!(
                    "runs × episodes × env.episode_cap ≤ {MAX_EXPERIENCE} (here {} × {} × {} \
                     = {steps})",
                    self.runs, self.episodes, self.env.episode_cap
                ),
            )?;
        }
        if self.env.gamma == 1.0 && self.learners.iter().any(GridLearner::optimises) {
            undiscounted_control_is_well_posed(&grid)?;
        }
        for (i, l) in self.learners.iter().enumerate() {
            l.validate(i, &grid, &self.env)?;
            if l.novelty().state {
                self.validate_novelty_state(i, &grid)?;
            }
        }
        Ok(())
    }

    /// A (state, visited set) table must fit: sets are bit masks of at most
    /// [`MAX_NOVELTY_STATES`] states, and the rows all runs may create — a run meets at most
    /// states × 2^(states − 1) pairs (each set holds its state), and at most one new pair per
    /// step and per episode start — stay within [`MAX_NOVELTY_ROWS`].
    fn validate_novelty_state(&self, index: usize, grid: &Grid) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{index}]"));
        let n = grid.states();
        v.rule(
            n <= MAX_NOVELTY_STATES,
            "novelty_state",
            true,
            &format!(
                "false on maps of more than {MAX_NOVELTY_STATES} free cells (this map has {n}): \
                 the table has a row per (cell, set of cells visited this episode)"
            ),
        )?;
        let pairs = n << n.saturating_sub(1);
        let per_run = pairs.min(self.episodes.saturating_mul(self.env.episode_cap + 1));
        let rows = per_run.saturating_mul(self.runs);
        v.rule(
            rows <= MAX_NOVELTY_ROWS,
            "novelty_state",
            true,
            &format!(
                "false unless runs × min(states × 2^(states − 1), episodes × (env.episode_cap \
                 + 1)) ≤ {MAX_NOVELTY_ROWS} table rows (here {} × min({pairs}, {} × {}) = \
                 {rows})",
                self.runs,
                self.episodes,
                self.env.episode_cap + 1
            ),
        )
    }

    /// Curve labels, made unique by numbering repeats ("SARSA", "SARSA #2").
    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.learners.iter().map(|l| l.label()))
    }
}

/// With γ = 1, a policy that never ends must score −∞, or "best policy" is undefined
/// (looping forever on rewards ≥ 0 is worth as much as, or more than, reaching a goal) and
/// value iteration need not converge. Sufficient, and what Sutton & Barto's undiscounted
/// examples satisfy: every move that does not end the episode pays a negative reward.
fn undiscounted_control_is_well_posed(grid: &Grid) -> Result<(), ScenarioError> {
    let mdp = grid.mdp();
    for s in (0..mdp.states).filter(|&s| !mdp.terminal[s]) {
        for a in 0..mdp.actions {
            if let Some(o) = mdp
                .outcomes(s, a)
                .iter()
                .find(|o| !mdp.terminal[o.next] && o.reward >= 0.0)
            {
                let (r, c) = grid.cell_of(s);
                return Err(ScenarioError::invalid(
                    "env.gamma",
                    1,
                    format!(
                        "below 1 for learners that optimise, unless every move that does not \
                         end the episode pays a negative reward (row {}, column {}, moving {} \
                         can pay {} and carry on)",
                        r + 1,
                        c + 1,
                        grid.moves()[a].name(),
                        o.reward
                    ),
                ));
            }
        }
    }
    Ok(())
}
