//! The map format's types: the map and its rules, named cells, what a move really does.
//! See the parent module for the format.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::scenario::{ScenarioError, Validator};

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

pub(super) fn is_zero(x: &f64) -> bool {
    *x == 0.0
}
pub(super) fn is_false(b: &bool) -> bool {
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
