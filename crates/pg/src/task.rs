//! What a policy-gradient experiment runs on: a finite MDP, where its states sit on a
//! map (for results drawn as grids), what an MLP policy reads in each state, and the
//! actions' names.

use std::fmt;

use playground_core::gridworld::Grid;
use playground_core::mdp::Mdp;

/// Why a task or a scenario cannot be run.
#[derive(Clone, Debug, PartialEq)]
pub enum PgError {
    /// The scenario failed validation or its map does not compile.
    Scenario(playground_core::ScenarioError),
    /// A hand-made task is inconsistent (tables of the wrong size, probabilities that are
    /// not distributions).
    Task(String),
}

impl fmt::Display for PgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PgError::Scenario(e) => write!(f, "{e}"),
            PgError::Task(why) => write!(f, "the task is inconsistent: {why}"),
        }
    }
}

impl std::error::Error for PgError {}

impl From<playground_core::ScenarioError> for PgError {
    fn from(e: playground_core::ScenarioError) -> Self {
        PgError::Scenario(e)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub mdp: Mdp,
    /// The map row by row: the state each cell is, None for a wall. Results that are
    /// drawn on the map (`action_probs`, `values`) come in this shape.
    pub cells: Vec<Vec<Option<usize>>>,
    /// What an MLP policy reads in each state (all of one length).
    pub features: Vec<Vec<f64>>,
    /// The actions' names, in action order.
    pub action_names: Vec<String>,
}

impl Task {
    /// A task from an MDP alone: its states in one row, one-hot features, actions named
    /// by number.
    pub fn from_mdp(mdp: Mdp) -> Result<Self, PgError> {
        let cells = vec![(0..mdp.states).map(Some).collect()];
        let features = one_hot(mdp.states);
        let action_names = (0..mdp.actions).map(|a| a.to_string()).collect();
        Task::new(mdp, cells, features, action_names)
    }

    /// A compiled gridworld map: its MDP, its cells, one-hot features and the moves'
    /// names.
    pub fn from_grid(grid: &Grid) -> Result<Self, PgError> {
        let mdp = grid.mdp().clone();
        let features = one_hot(mdp.states);
        let names = grid.moves().iter().map(|m| m.name().to_string()).collect();
        Task::new(mdp, grid.per_cell(|s| s), features, names)
    }

    /// A task from all its parts, checked for consistency.
    pub fn new(
        mdp: Mdp,
        cells: Vec<Vec<Option<usize>>>,
        features: Vec<Vec<f64>>,
        action_names: Vec<String>,
    ) -> Result<Self, PgError> {
        mdp.check().map_err(PgError::Task)?;
        let bad = |why: String| Err(PgError::Task(why));
        if mdp.states == 0 || mdp.actions == 0 {
            return bad("an MDP needs at least one state and one action".into());
        }
        if !(0.0..=1.0).contains(&mdp.gamma) || mdp.episode_cap == 0 {
            return bad(format!(
                "γ = {} must lie in [0, 1] and the episode cap ({}) be at least 1",
                mdp.gamma, mdp.episode_cap
            ));
        }
        if features.len() != mdp.states {
            return bad(format!(
                "{} feature vectors for {} states",
                features.len(),
                mdp.states
            ));
        }
        let width = features[0].len();
        if width == 0 || features.iter().any(|f| f.len() != width) {
            return bad("feature vectors must all have the same, positive length".into());
        }
        if features.iter().flatten().any(|x| !x.is_finite()) {
            return bad("features must be finite numbers".into());
        }
        if cells.iter().flatten().flatten().any(|&s| s >= mdp.states) {
            return bad("a map cell names a state that does not exist".into());
        }
        if action_names.len() != mdp.actions {
            return bad(format!(
                "{} action names for {} actions",
                action_names.len(),
                mdp.actions
            ));
        }
        Ok(Task {
            mdp,
            cells,
            features,
            action_names,
        })
    }

    pub fn states(&self) -> usize {
        self.mdp.states
    }

    pub fn actions(&self) -> usize {
        self.mdp.actions
    }

    /// States where episodes may start.
    pub fn start_states(&self) -> Vec<usize> {
        (0..self.states())
            .filter(|&s| self.mdp.start[s] > 0.0)
            .collect()
    }

    /// Per-state values laid out on the map, as JSON: rows of numbers (or of lists, one
    /// number per action), with null for walls and for the states `skip` rejects
    /// (terminal states have no policy and no value).
    pub fn on_map(
        &self,
        value: impl Fn(usize) -> serde_json::Value,
        skip: impl Fn(usize) -> bool,
    ) -> serde_json::Value {
        let rows = self
            .cells
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Some(s) if !skip(*s) => value(*s),
                        _ => serde_json::Value::Null,
                    })
                    .collect()
            })
            .collect();
        serde_json::Value::Array(rows)
    }
}

/// One-hot codes of `n` states: the MLP's default input. With one-hot inputs an MLP can
/// represent every tabular policy, so the exact optimum stays within its reach and the
/// lab compares parameterisations, not what the policy can see.
pub fn one_hot(n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|s| (0..n).map(|i| if i == s { 1.0 } else { 0.0 }).collect())
        .collect()
}
