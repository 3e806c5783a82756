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

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{MAX_SEED, ScenarioError, Validator, current_version};
use crate::gridworld::{Grid, Policy};

/// The largest map, in rows and in columns.
pub const MAX_GRID_SIDE: usize = 32;
/// The longest episode cap.
pub const MAX_EPISODE_CAP: usize = 10_000;

/// The four moves, in the order actions are numbered everywhere (results, `action_probs`).
pub const MOVE_NAMES: [&str; 4] = ["left", "up", "right", "down"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Move {
    Left,
    Up,
    Right,
    Down,
}

impl Move {
    pub const ALL: [Move; 4] = [Move::Left, Move::Up, Move::Right, Move::Down];

    /// (row, column) change.
    pub fn delta(self) -> (i64, i64) {
        match self {
            Move::Left => (0, -1),
            Move::Up => (-1, 0),
            Move::Right => (0, 1),
            Move::Down => (1, 0),
        }
    }

    pub fn arrow(self) -> char {
        match self {
            Move::Left => '←',
            Move::Up => '↑',
            Move::Right => '→',
            Move::Down => '↓',
        }
    }

    /// The move in the opposite direction (a mirrored cell swaps them).
    pub fn opposite(self) -> Move {
        match self {
            Move::Left => Move::Right,
            Move::Up => Move::Down,
            Move::Right => Move::Left,
            Move::Down => Move::Up,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridEnv {
    /// Rows of map characters, top row first. Blank lines before and after are ignored.
    pub map: String,
    /// Discount factor.
    #[serde(default = "default_gamma")]
    pub gamma: f64,
    /// Reward of an action that no event overrides.
    #[serde(default)]
    pub step_reward: f64,
    /// Reward of an action that would leave the grid or enter a wall (the agent stays
    /// put); left out, `step_reward`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge_reward: Option<f64>,
    /// Probability that a move goes to one of the two perpendicular directions instead
    /// (half each), unless `dynamics` says otherwise for that move.
    #[serde(default)]
    pub slip: f64,
    /// Per column, how many cells the wind pushes the agent up after a move from that
    /// column (Sutton & Barto's windy gridworld). Empty: no wind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wind: Vec<i64>,
    /// The moves available, in action order (left, up, right, down by default; two for a
    /// chain).
    #[serde(default = "all_moves")]
    pub moves: Vec<Move>,
    /// Steps after which an episode is cut off (it is truncated, not ended: learners
    /// still bootstrap from the last state).
    #[serde(default = "default_cap")]
    pub episode_cap: usize,
    /// Properties of the letters used in the map.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cells: BTreeMap<String, CellSpec>,
    /// What a move really does, per move, overriding `slip` (a river's current).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dynamics: BTreeMap<Move, MoveOutcome>,
}

/// A named cell. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellSpec {
    /// Paid on arriving here; for a teleport cell, paid by every action taken here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward: Option<f64>,
    /// Standard deviation of Gaussian noise added to `reward`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub reward_sd: f64,
    /// Every action taken here moves the agent to the cell of this letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teleport: Option<String>,
    /// Arriving here ends the episode.
    #[serde(default, skip_serializing_if = "is_false")]
    pub terminal: bool,
    /// Episodes may start here.
    #[serde(default, skip_serializing_if = "is_false")]
    pub start: bool,
    /// Arriving here sends the agent back to a start cell (Cliff Walking's cliff).
    #[serde(default, skip_serializing_if = "is_false")]
    pub to_start: bool,
    /// Moves are mirrored here: left and right swap, as do up and down (Sutton & Barto's
    /// short corridor).
    #[serde(default, skip_serializing_if = "is_false")]
    pub mirror: bool,
    /// This cell's own reward for bumping into an edge or a wall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge_reward: Option<f64>,
}

/// Where a move really goes, relative to the intended direction. Sums to 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveOutcome {
    #[serde(default)]
    pub forward: f64,
    /// Split evenly between the two perpendicular directions.
    #[serde(default)]
    pub sideways: f64,
    #[serde(default)]
    pub back: f64,
    #[serde(default)]
    pub stay: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn default_gamma() -> f64 {
    0.95
}
fn default_cap() -> usize {
    200
}
fn all_moves() -> Vec<Move> {
    Move::ALL.to_vec()
}

// ---------------------------------------------------------------------------------------
// The Gridworld Lab's scenario: one map, up to eight learners side by side.
// ---------------------------------------------------------------------------------------

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

/// The learners. Planners (`policy-evaluation`, `value-iteration`, `policy-iteration`)
/// read the model; the others learn from episodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum GridLearner {
    /// v_π of one policy, by sweeps or by one linear solve.
    PolicyEvaluation(EvaluationSpec),
    /// Synchronous value iteration.
    ValueIteration(ValueIterationSpec),
    /// Policy iteration with exact evaluation (a linear solve per iteration).
    PolicyIteration(PolicyIterationSpec),
    /// Off-policy TD control: target r + γ max Q(s′, ·).
    QLearning(TdSpec),
    /// On-policy TD control: target r + γ Q(s′, a′) for the action a′ taken next.
    Sarsa(TdSpec),
    /// Target r + γ Σ π(a′|s′) Q(s′, a′) under the behaviour policy.
    ExpectedSarsa(TdSpec),
    /// Two tables, each evaluated at the other's greedy action (van Hasselt 2010).
    DoubleQLearning(TdSpec),
    /// SARSA with n-step returns.
    NStepSarsa(NStepSpec),
    /// On-policy first-visit Monte Carlo control with an ε-soft policy.
    MonteCarlo(MonteCarloSpec),
    /// Target r + γ[(1 − κ)·E_π Q(s′, ·) + κ·max Q(s′, ·)], κ annealed over the episodes.
    MixedBackup(MixedSpec),
    /// Posterior sampling: one sampled model per episode, solved, then followed greedily.
    Psrl(PsrlSpec),
}

/// How policy evaluation computes v_π.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvaluationMethod {
    /// Iterative policy evaluation: one Bellman sweep per step.
    #[default]
    Sweeps,
    /// One exact solve of (I − γP_π) v = r_π.
    Linear,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationSpec {
    /// Rows of arrows (←↑→↓, or <^>v), one per cell where the agent acts; other cells
    /// hold any other character. Left out: the equiprobable random policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    #[serde(default)]
    pub method: EvaluationMethod,
    /// Sweeps update the values in place (Gauss–Seidel) instead of from a copy.
    #[serde(default)]
    pub in_place: bool,
    /// Sweeping stops once no value changes by more than this.
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueIterationSpec {
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyIterationSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The settings every learner that learns from experience shares.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Exploration {
    /// Probability of a uniformly random action (ε-greedy).
    pub epsilon: f64,
    /// Above 0: Boltzmann (softmax) selection at this temperature instead of ε-greedy.
    pub temperature: f64,
    /// Q₀, every action value's starting point.
    pub initial: f64,
    /// β of the count bonus β/√N(s, a) added to each reward.
    pub bonus: f64,
    /// A constant c added to every reward.
    pub reward_shift: f64,
    /// Weight of the information-gain reward (see `gridworld::bonus`).
    pub info_gain: f64,
}

/// The episodic novelty settings of the one-step TD learners (`gridworld::novelty`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Novelty {
    /// β, paid on the first visit to a cell in an episode.
    pub beta: f64,
    /// The table is indexed by (state, set of cells visited this episode).
    pub state: bool,
}

impl Novelty {
    /// Whether the learner tracks the cells it visits (and so reports `coverage`).
    pub fn used(&self) -> bool {
        self.beta > 0.0 || self.state
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TdSpec {
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    #[serde(default = "default_epsilon")]
    pub epsilon: f64,
    #[serde(default)]
    pub temperature: f64,
    #[serde(default)]
    pub initial: f64,
    #[serde(default)]
    pub bonus: f64,
    #[serde(default)]
    pub reward_shift: f64,
    #[serde(default)]
    pub info_gain: f64,
    /// β of an episodic novelty bonus, paid on the first visit to a cell in an episode
    /// (see `gridworld::novelty`). Left out of files when 0, as `novelty_state` when false,
    /// so links and files written before they existed read the same.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub novelty: f64,
    /// Index the table by (state, set of cells visited this episode): the statistic the
    /// novelty bonus depends on, so the learner's objective is stationary (SOFE).
    #[serde(default, skip_serializing_if = "is_false")]
    pub novelty_state: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NStepSpec {
    #[serde(default = "default_n")]
    pub n: usize,
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    #[serde(default = "default_epsilon")]
    pub epsilon: f64,
    #[serde(default)]
    pub temperature: f64,
    #[serde(default)]
    pub initial: f64,
    #[serde(default)]
    pub bonus: f64,
    #[serde(default)]
    pub reward_shift: f64,
    #[serde(default)]
    pub info_gain: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MixedSpec {
    /// κ in the first episode (1: the optimality operator, Q-learning's max).
    #[serde(default = "one")]
    pub kappa_start: f64,
    /// κ in the last episode (0: the Bellman operator of the behaviour policy).
    #[serde(default)]
    pub kappa_end: f64,
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    #[serde(default = "default_epsilon")]
    pub epsilon: f64,
    #[serde(default)]
    pub temperature: f64,
    #[serde(default)]
    pub initial: f64,
    #[serde(default)]
    pub bonus: f64,
    #[serde(default)]
    pub reward_shift: f64,
    #[serde(default)]
    pub info_gain: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonteCarloSpec {
    /// A constant step size; left out, sample averages of the returns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    #[serde(default = "default_epsilon")]
    pub epsilon: f64,
    #[serde(default)]
    pub temperature: f64,
    #[serde(default)]
    pub initial: f64,
    #[serde(default)]
    pub bonus: f64,
    #[serde(default)]
    pub reward_shift: f64,
    #[serde(default)]
    pub info_gain: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PsrlSpec {
    /// α₀ of the Dirichlet prior on each next-state distribution, per state.
    #[serde(default = "one")]
    pub prior: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

fn default_episodes() -> usize {
    500
}
fn default_runs() -> usize {
    10
}
fn default_tolerance() -> f64 {
    1e-10
}
fn default_alpha() -> f64 {
    0.1
}
fn default_epsilon() -> f64 {
    0.1
}
fn default_n() -> usize {
    4
}
fn one() -> f64 {
    1.0
}

impl Default for ValueIterationSpec {
    fn default() -> Self {
        ValueIterationSpec {
            tolerance: default_tolerance(),
            label: None,
        }
    }
}

impl Default for TdSpec {
    fn default() -> Self {
        TdSpec {
            alpha: default_alpha(),
            epsilon: default_epsilon(),
            temperature: 0.0,
            initial: 0.0,
            bonus: 0.0,
            reward_shift: 0.0,
            info_gain: 0.0,
            novelty: 0.0,
            novelty_state: false,
            label: None,
        }
    }
}

/// What a learner is, as the engine needs it: the shared settings pulled out of
/// whichever spec holds them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LearnerKind {
    Evaluation,
    ValueIteration,
    PolicyIteration,
    /// Learns from episodes: its step size (None: sample averages) and exploration.
    Experience(Option<f64>, Exploration),
    Psrl,
}

impl GridLearner {
    /// The user's label, if any.
    pub fn custom_label(&self) -> Option<&str> {
        match self {
            GridLearner::PolicyEvaluation(s) => s.label.as_deref(),
            GridLearner::ValueIteration(s) => s.label.as_deref(),
            GridLearner::PolicyIteration(s) => s.label.as_deref(),
            GridLearner::QLearning(s)
            | GridLearner::Sarsa(s)
            | GridLearner::ExpectedSarsa(s)
            | GridLearner::DoubleQLearning(s) => s.label.as_deref(),
            GridLearner::NStepSarsa(s) => s.label.as_deref(),
            GridLearner::MonteCarlo(s) => s.label.as_deref(),
            GridLearner::MixedBackup(s) => s.label.as_deref(),
            GridLearner::Psrl(s) => s.label.as_deref(),
        }
    }

    /// The `type` tag as written in files.
    pub fn type_name(&self) -> &'static str {
        match self {
            GridLearner::PolicyEvaluation(_) => "policy-evaluation",
            GridLearner::ValueIteration(_) => "value-iteration",
            GridLearner::PolicyIteration(_) => "policy-iteration",
            GridLearner::QLearning(_) => "q-learning",
            GridLearner::Sarsa(_) => "sarsa",
            GridLearner::ExpectedSarsa(_) => "expected-sarsa",
            GridLearner::DoubleQLearning(_) => "double-q-learning",
            GridLearner::NStepSarsa(_) => "n-step-sarsa",
            GridLearner::MonteCarlo(_) => "monte-carlo",
            GridLearner::MixedBackup(_) => "mixed-backup",
            GridLearner::Psrl(_) => "psrl",
        }
    }

    /// The shared settings, by family.
    pub fn kind(&self) -> LearnerKind {
        match self {
            GridLearner::PolicyEvaluation(_) => LearnerKind::Evaluation,
            GridLearner::ValueIteration(_) => LearnerKind::ValueIteration,
            GridLearner::PolicyIteration(_) => LearnerKind::PolicyIteration,
            GridLearner::Psrl(_) => LearnerKind::Psrl,
            GridLearner::QLearning(s)
            | GridLearner::Sarsa(s)
            | GridLearner::ExpectedSarsa(s)
            | GridLearner::DoubleQLearning(s) => {
                LearnerKind::Experience(Some(s.alpha), s.exploration())
            }
            GridLearner::NStepSarsa(s) => LearnerKind::Experience(Some(s.alpha), s.exploration()),
            GridLearner::MixedBackup(s) => LearnerKind::Experience(Some(s.alpha), s.exploration()),
            GridLearner::MonteCarlo(s) => LearnerKind::Experience(s.alpha, s.exploration()),
        }
    }

    /// The episodic novelty settings (the one-step TD learners have them; others: none).
    pub fn novelty(&self) -> Novelty {
        match self {
            GridLearner::QLearning(s)
            | GridLearner::Sarsa(s)
            | GridLearner::ExpectedSarsa(s)
            | GridLearner::DoubleQLearning(s) => Novelty {
                beta: s.novelty,
                state: s.novelty_state,
            },
            _ => Novelty::default(),
        }
    }

    /// Learners that read the model and plan, rather than learn from episodes.
    pub fn is_planner(&self) -> bool {
        matches!(
            self.kind(),
            LearnerKind::Evaluation | LearnerKind::ValueIteration | LearnerKind::PolicyIteration
        )
    }

    /// Learners that look for the best policy (all but policy evaluation).
    pub fn optimises(&self) -> bool {
        self.kind() != LearnerKind::Evaluation
    }

    /// The label shown on curves: the user's, or one made from the parameters.
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        let base = match self {
            GridLearner::PolicyEvaluation(s) => evaluation_label(s),
            GridLearner::ValueIteration(_) => "value iteration".to_string(),
            GridLearner::PolicyIteration(_) => "policy iteration".to_string(),
            GridLearner::QLearning(_) => "Q-learning".to_string(),
            GridLearner::Sarsa(_) => "SARSA".to_string(),
            GridLearner::ExpectedSarsa(_) => "expected SARSA".to_string(),
            GridLearner::DoubleQLearning(_) => "double Q-learning".to_string(),
            GridLearner::NStepSarsa(s) => format!("{}-step SARSA", s.n),
            GridLearner::MonteCarlo(_) => "Monte Carlo".to_string(),
            GridLearner::MixedBackup(s) => {
                format!("mixed backup κ {}→{}", s.kappa_start, s.kappa_end)
            }
            GridLearner::Psrl(s) if s.prior == 1.0 => "PSRL".to_string(),
            GridLearner::Psrl(s) => format!("PSRL α₀={}", s.prior),
        };
        match self.kind() {
            LearnerKind::Experience(alpha, e) => {
                base + &exploration_label(alpha, &e) + &novelty_label(self.novelty())
            }
            _ => base,
        }
    }

    fn validate(&self, index: usize, grid: &Grid, env: &GridEnv) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{index}]"));
        if let Some(l) = self.custom_label() {
            v.rule(
                !l.trim().is_empty() && l.chars().count() <= 40,
                "label",
                format!("{l:?}"),
                "1 to 40 characters",
            )?;
        }
        match self {
            GridLearner::PolicyEvaluation(s) => {
                s.validate(&v, index, grid, env)?;
            }
            GridLearner::ValueIteration(s) => {
                v.range("tolerance", s.tolerance, MIN_TOLERANCE, 1.0)?;
            }
            GridLearner::PolicyIteration(_) => {}
            GridLearner::NStepSarsa(s) => v.count("n", s.n, 1, MAX_N)?,
            GridLearner::MixedBackup(s) => {
                v.range("kappa_start", s.kappa_start, 0.0, 1.0)?;
                v.range("kappa_end", s.kappa_end, 0.0, 1.0)?;
            }
            GridLearner::Psrl(s) => {
                v.above("prior", s.prior, 0.0, 1000.0)?;
                v.rule(
                    grid.states() <= MAX_PSRL_STATES,
                    "type",
                    "psrl",
                    &format!(
                        "a learner for maps of at most {MAX_PSRL_STATES} free cells (this map \
                         has {}): PSRL samples and solves a whole model every episode",
                        grid.states()
                    ),
                )?;
            }
            _ => {}
        }
        if let LearnerKind::Experience(alpha, e) = self.kind() {
            if let Some(a) = alpha {
                v.above("alpha", a, 0.0, 1.0)?;
            }
            e.validate(&v)?;
        }
        v.range("novelty", self.novelty().beta, 0.0, 1000.0)
    }
}

/// The exploration settings of each spec that has them (the same six fields in each).
macro_rules! exploration_of {
    ($($spec:ty),*) => {$(
        impl $spec {
            pub fn exploration(&self) -> Exploration {
                Exploration {
                    epsilon: self.epsilon,
                    temperature: self.temperature,
                    initial: self.initial,
                    bonus: self.bonus,
                    reward_shift: self.reward_shift,
                    info_gain: self.info_gain,
                }
            }
        }
    )*};
}
exploration_of!(TdSpec, NStepSpec, MixedSpec, MonteCarloSpec);

impl Exploration {
    fn validate(&self, v: &Validator) -> Result<(), ScenarioError> {
        v.range("epsilon", self.epsilon, 0.0, 1.0)?;
        v.range("temperature", self.temperature, 0.0, 1000.0)?;
        v.range("initial", self.initial, -1e6, 1e6)?;
        v.range("bonus", self.bonus, 0.0, 1000.0)?;
        v.range("reward_shift", self.reward_shift, -1000.0, 1000.0)?;
        v.range("info_gain", self.info_gain, 0.0, 1000.0)
    }
}

impl EvaluationSpec {
    fn validate(
        &self,
        v: &Validator,
        index: usize,
        grid: &Grid,
        env: &GridEnv,
    ) -> Result<(), ScenarioError> {
        v.range("tolerance", self.tolerance, MIN_TOLERANCE, 1.0)?;
        v.rule(
            !(self.in_place && self.method == EvaluationMethod::Linear),
            "in_place",
            true,
            "false with method = \"linear\" (sweeping in place is a way of sweeping)",
        )?;
        let field = format!("learners[{index}].policy");
        let policy = match &self.policy {
            Some(text) => Policy::parse(text, grid, &field)?,
            None => Policy::uniform(grid.mdp()),
        };
        if env.gamma == 1.0
            && let Some(state) = grid.first_state_stuck_under(|s, a| policy.prob(s, a) > 0.0)
        {
            let (r, c) = grid.cell_of(state);
            return Err(ScenarioError::invalid(
                field,
                format!(
                    "a policy that never ends from row {}, column {}",
                    r + 1,
                    c + 1
                ),
                "a policy that reaches a terminal cell from every cell when env.gamma = 1 \
                 (otherwise its values are infinite or undefined)",
            ));
        }
        Ok(())
    }
}

fn evaluation_label(s: &EvaluationSpec) -> String {
    let policy = if s.policy.is_some() {
        "policy evaluation"
    } else {
        "random-policy evaluation"
    };
    match (s.method, s.in_place) {
        (EvaluationMethod::Linear, _) => format!("{policy} (linear solve)"),
        (EvaluationMethod::Sweeps, true) => format!("{policy} (in place)"),
        (EvaluationMethod::Sweeps, false) => policy.to_string(),
    }
}

/// The settings that differ from the defaults, e.g. " α=0.5 Q₀=10 shift −1".
fn exploration_label(alpha: Option<f64>, e: &Exploration) -> String {
    let mut s = String::new();
    if let Some(a) = alpha.filter(|&a| a != default_alpha()) {
        s += &format!(" α={a}");
    }
    if e.temperature > 0.0 {
        s += &format!(" τ={}", e.temperature);
    } else if e.epsilon != default_epsilon() {
        s += &format!(" ε={}", e.epsilon);
    }
    if e.initial != 0.0 {
        s += &format!(" Q₀={}", e.initial);
    }
    if e.bonus != 0.0 {
        s += &format!(" bonus β={}", e.bonus);
    }
    if e.reward_shift != 0.0 {
        s += &format!(" shift {}", e.reward_shift);
    }
    if e.info_gain != 0.0 {
        s += &format!(" + info gain {}", e.info_gain);
    }
    s
}

/// " novelty β=1 on (s, visited)", or "" without the option.
fn novelty_label(n: Novelty) -> String {
    let mut s = String::new();
    if n.beta != 0.0 {
        s += &format!(" novelty β={}", n.beta);
    }
    if n.state {
        s += " on (s, visited)";
    }
    s
}

impl GridEnv {
    /// Every field's range. The map itself is checked by [`Grid::compile`], which calls
    /// this first.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("env");
        v.range("gamma", self.gamma, 0.0, 1.0)?;
        v.range("step_reward", self.step_reward, -1000.0, 1000.0)?;
        if let Some(e) = self.edge_reward {
            v.range("edge_reward", e, -1000.0, 1000.0)?;
        }
        v.range("slip", self.slip, 0.0, 1.0)?;
        v.count("episode_cap", self.episode_cap, 1, MAX_EPISODE_CAP)?;
        self.validate_moves(&v)?;
        for (i, &w) in self.wind.iter().enumerate() {
            v.rule(
                w.unsigned_abs() <= MAX_GRID_SIDE as u64,
                &format!("wind[{i}]"),
                w,
                &format!("a whole number from −{MAX_GRID_SIDE} to {MAX_GRID_SIDE}"),
            )?;
        }
        for (m, o) in &self.dynamics {
            o.validate(&Validator::new(format!("env.dynamics.{}", m.name())))?;
        }
        for (key, cell) in &self.cells {
            cell.validate(&Validator::new(format!("env.cells.{key}")))?;
        }
        Ok(())
    }

    fn validate_moves(&self, v: &Validator) -> Result<(), ScenarioError> {
        let names: Vec<&str> = self.moves.iter().map(|m| m.name()).collect();
        let text = format!("[{}]", names.join(", "));
        v.rule(!self.moves.is_empty(), "moves", &text, "at least one move")?;
        let distinct = self
            .moves
            .iter()
            .enumerate()
            .all(|(i, m)| !self.moves[..i].contains(m));
        v.rule(distinct, "moves", &text, "each move at most once")
    }
}

impl Move {
    /// The name in files: left, up, right, down.
    pub fn name(self) -> &'static str {
        MOVE_NAMES[self as usize]
    }
}

impl MoveOutcome {
    fn validate(&self, v: &Validator) -> Result<(), ScenarioError> {
        v.range("forward", self.forward, 0.0, 1.0)?;
        v.range("sideways", self.sideways, 0.0, 1.0)?;
        v.range("back", self.back, 0.0, 1.0)?;
        v.range("stay", self.stay, 0.0, 1.0)?;
        let total = self.forward + self.sideways + self.back + self.stay;
        v.rule(
            (total - 1.0).abs() <= 1e-9,
            "forward",
            format!(
                "{} (forward + sideways + back + stay = {total})",
                self.forward
            ),
            "probabilities that sum to 1",
        )
    }
}

impl CellSpec {
    fn validate(&self, v: &Validator) -> Result<(), ScenarioError> {
        if let Some(r) = self.reward {
            v.range("reward", r, -1000.0, 1000.0)?;
        }
        v.range("reward_sd", self.reward_sd, 0.0, 100.0)?;
        v.rule(
            self.reward_sd == 0.0 || self.reward.is_some(),
            "reward_sd",
            self.reward_sd,
            "0 unless `reward` is given (the noise is added to this cell's reward)",
        )?;
        if let Some(e) = self.edge_reward {
            v.range("edge_reward", e, -1000.0, 1000.0)?;
        }
        // Flags that cannot hold together: the agent never acts in a terminal cell or in
        // one that sends it away on arrival, and every action in a teleport cell jumps.
        let clash = |a: (&str, bool), b: (&str, bool)| {
            v.rule(
                !(a.1 && b.1),
                a.0,
                true,
                &format!("not together with {} (the two cannot both apply)", b.0),
            )
        };
        let teleport = ("teleport", self.teleport.is_some());
        let terminal = ("terminal", self.terminal);
        let to_start = ("to_start", self.to_start);
        clash(terminal, teleport)?;
        clash(terminal, to_start)?;
        clash(terminal, ("start", self.start))?;
        clash(to_start, teleport)?;
        clash(("mirror", self.mirror), teleport)?;
        clash(("mirror", self.mirror), terminal)?;
        clash(("mirror", self.mirror), to_start)?;
        let never_bumps = self.teleport.is_some() || self.terminal || self.to_start;
        v.rule(
            self.edge_reward.is_none() || !never_bumps,
            "edge_reward",
            self.edge_reward.unwrap_or_default(),
            "left out on a cell where the agent never bumps into anything (teleport, \
             terminal or to_start)",
        )
    }
}

impl GridScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.rule(
            self.seed <= MAX_SEED,
            "seed",
            self.seed,
            &format!("a whole number from 0 to {MAX_SEED} (2⁵³ − 1)"),
        )?;
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
