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

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
