//! What a policy-gradient experiment runs on: a finite MDP, where its states sit on a
//! map (for results drawn as grids), what the policy sees in each state (an observation:
//! the state itself on a map; the answers so far in twenty questions), what an MLP policy
//! reads there, the actions' names, and what process supervision pays at each step.

use std::fmt;

use playground_core::gridworld::Grid;
use playground_core::mdp::Mdp;

use crate::rollout::Episode;

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
    /// What the policy sees in each state: states with the same observation share a
    /// tabular policy's row of logits and a critic's value (the MLP's features must be
    /// equal there too). The state itself on a map.
    pub observation: Vec<usize>,
    /// When the policy sees less than the state, the MDP it then really faces, over
    /// observations (the belief MDP), when that is an MDP: its optimum is the best any
    /// policy that sees only observations can do. None on a map, where the MDP's own
    /// optimum is that.
    pub belief: Option<Mdp>,
    /// What process supervision pays at each step.
    pub turn_rewards: TurnRewards,
}

/// The reward of each step of an episode under process supervision.
#[derive(Clone, Debug, PartialEq)]
pub enum TurnRewards {
    /// The rewards the MDP paid, step by step.
    Mdp,
    /// IGPO's: a step that ends the episode pays the MDP's reward (the outcome); any other
    /// step the information gain, the increase of the belief's probability of the correct
    /// answer, `p_correct[s_{t+1}] − p_correct[s_t]`.
    InformationGain { p_correct: Vec<f64> },
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
        let observation = (0..mdp.states).collect();
        Ok(Task {
            mdp,
            cells,
            features,
            action_names,
            observation,
            belief: None,
            turn_rewards: TurnRewards::Mdp,
        })
    }

    /// The same task, its policy seeing only `observation[s]` in state s, with the MDP over
    /// observations it then faces. Checked: one observation per state, numbered from 0
    /// without gaps, equal features within an observation, and a belief MDP with a state
    /// per observation and the same actions, γ and cap.
    pub fn partially_observed(
        mut self,
        observation: Vec<usize>,
        belief: Mdp,
    ) -> Result<Self, PgError> {
        let bad = |why: String| Err(PgError::Task(why));
        let n = observation.iter().max().map_or(0, |&m| m + 1);
        if observation.len() != self.states() {
            return bad(format!(
                "{} observations for {} states",
                observation.len(),
                self.states()
            ));
        }
        let mut seen = vec![None; n];
        for (s, &o) in observation.iter().enumerate() {
            match seen[o] {
                None => seen[o] = Some(s),
                Some(first) if self.features[first] != self.features[s] => {
                    return bad(format!(
                        "states {first} and {s} look the same to the policy but have \
                         different features"
                    ));
                }
                Some(_) => {}
            }
        }
        if seen.iter().any(Option::is_none) {
            return bad("observations must be numbered from 0 without gaps".into());
        }
        belief.check().map_err(PgError::Task)?;
        let m = &self.mdp;
        if belief.states != n
            || belief.actions != m.actions
            || belief.gamma != m.gamma
            || belief.episode_cap != m.episode_cap
        {
            return bad(
                "the belief MDP needs a state per observation and the task's actions, γ and \
                 episode cap"
                    .into(),
            );
        }
        self.observation = observation;
        self.belief = Some(belief);
        Ok(self)
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

    /// The rewards process supervision sees for each step of an episode (see
    /// [`TurnRewards`]).
    pub fn turn_rewards(&self, ep: &Episode) -> Vec<f64> {
        match &self.turn_rewards {
            TurnRewards::Mdp => ep.rewards.clone(),
            TurnRewards::InformationGain { p_correct } => (0..ep.len())
                .map(|t| {
                    let next = ep.next_state(t);
                    if self.mdp.terminal[next] {
                        ep.rewards[t]
                    } else {
                        p_correct[next] - p_correct[ep.states[t]]
                    }
                })
                .collect(),
        }
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
