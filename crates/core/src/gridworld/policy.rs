//! Policies over a grid's states, and greedy choices from action values.

use crate::mdp::Mdp;
use crate::scenario::{Move, ScenarioError};

use super::map::{CellKind, Grid, split_rows};

/// Values closer than this count as a tie when a greedy action is read off a table: the
/// first of the tied actions in action order is the one shown.
pub const TIE: f64 = 1e-9;

/// π(a | s) for every state and action; terminal states have no actions (all zeros).
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    actions: usize,
    probs: Vec<f64>,
}

impl Policy {
    /// The equiprobable random policy.
    pub fn uniform(mdp: &Mdp) -> Policy {
        let p = 1.0 / mdp.actions as f64;
        let probs = (0..mdp.states)
            .flat_map(|s| {
                let row = if mdp.terminal[s] { 0.0 } else { p };
                std::iter::repeat_n(row, mdp.actions)
            })
            .collect();
        Policy {
            actions: mdp.actions,
            probs,
        }
    }

    /// The policy that takes `choice[s]` in every non-terminal state s.
    pub fn deterministic(mdp: &Mdp, choice: &[usize]) -> Policy {
        let mut probs = vec![0.0; mdp.states * mdp.actions];
        for (s, &a) in choice.iter().enumerate() {
            if !mdp.terminal[s] {
                probs[s * mdp.actions + a] = 1.0;
            }
        }
        Policy {
            actions: mdp.actions,
            probs,
        }
    }

    pub fn prob(&self, s: usize, a: usize) -> f64 {
        self.probs[s * self.actions + a]
    }

    pub fn row(&self, s: usize) -> &[f64] {
        &self.probs[s * self.actions..(s + 1) * self.actions]
    }

    /// Read rows of arrows drawn over the map: one of ←↑→↓ (or <^>v) in every cell where
    /// the agent acts, naming one of the map's moves; any other character elsewhere.
    /// `field` names the field in messages.
    pub fn parse(text: &str, grid: &Grid, field: &str) -> Result<Policy, ScenarioError> {
        let rows = split_rows(text);
        let shape = (rows.len(), rows.first().map_or(0, Vec::len));
        if shape != (grid.rows(), grid.cols()) || rows.iter().any(|r| r.len() != grid.cols()) {
            return Err(ScenarioError::invalid(
                field,
                format!("{} rows", rows.len()),
                format!(
                    "{} rows of {} characters, one per map cell",
                    grid.rows(),
                    grid.cols()
                ),
            ));
        }
        let mut choice = vec![0; grid.states()];
        for (r, row) in rows.iter().enumerate() {
            for (c, &ch) in row.iter().enumerate() {
                let here = format!("{field} (row {}, column {})", r + 1, c + 1);
                let arrow = arrow_move(ch);
                match (grid.kind_at(r, c), arrow) {
                    (CellKind::Floor, Some(m)) => {
                        let a = grid.moves().iter().position(|&x| x == m).ok_or_else(|| {
                            ScenarioError::invalid(
                                &here,
                                format!("{ch:?}"),
                                "an arrow for one of env.moves",
                            )
                        })?;
                        choice[grid.state_at(r, c).unwrap_or_default()] = a;
                    }
                    (CellKind::Floor, None) => {
                        return Err(ScenarioError::invalid(
                            here,
                            format!("{ch:?}"),
                            "an arrow (← ↑ → ↓ or < ^ > v) in a cell where the agent acts",
                        ));
                    }
                    (_, Some(_)) => {
                        return Err(ScenarioError::invalid(
                            here,
                            format!("{ch:?}"),
                            "no arrow on a wall, a terminal cell or a cell the agent passes \
                             through (copy the map's character)",
                        ));
                    }
                    (_, None) => {}
                }
            }
        }
        Ok(Policy::deterministic(grid.mdp(), &choice))
    }
}

fn arrow_move(ch: char) -> Option<Move> {
    match ch {
        '←' | '<' => Some(Move::Left),
        '↑' | '^' => Some(Move::Up),
        '→' | '>' => Some(Move::Right),
        '↓' | 'v' => Some(Move::Down),
        _ => None,
    }
}

/// The first action whose value is within [`TIE`] of the largest.
pub fn first_max(row: &[f64]) -> usize {
    let best = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    row.iter().position(|&q| q >= best - TIE).unwrap_or(0)
}

/// The largest value of a row.
#[inline]
pub fn max_of(row: &[f64]) -> f64 {
    row.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::GridEnv;

    fn grid(map: &str) -> Grid {
        let env = GridEnv {
            map: map.into(),
            gamma: 0.9,
            step_reward: 0.0,
            edge_reward: None,
            slip: 0.0,
            wind: vec![],
            moves: Move::ALL.to_vec(),
            episode_cap: 100,
            cells: Default::default(),
            dynamics: Default::default(),
        };
        Grid::compile(&env).unwrap()
    }

    #[test]
    fn arrows_become_a_deterministic_policy() {
        let g = grid("..#\nS.G");
        let p = Policy::parse("→↓#\n^>G", &g, "policy").unwrap();
        assert_eq!(p.row(g.state_at(0, 0).unwrap()), &[0.0, 0.0, 1.0, 0.0]);
        assert_eq!(p.row(g.state_at(1, 0).unwrap()), &[0.0, 1.0, 0.0, 0.0]);
        assert_eq!(p.row(g.state_at(1, 2).unwrap()), &[0.0; 4]);
    }

    #[test]
    fn bad_policies_name_the_cell() {
        let g = grid("..#\nS.G");
        let field = |text: &str| match Policy::parse(text, &g, "policy") {
            Err(ScenarioError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field("→x#\n^>G"), "policy (row 1, column 2)");
        assert_eq!(field("→↓→\n^>G"), "policy (row 1, column 3)");
        assert_eq!(field("→↓#"), "policy");
        assert_eq!(field("→↓#\n^>GG"), "policy");
    }

    #[test]
    fn ties_go_to_the_first_action() {
        assert_eq!(first_max(&[1.0, 3.0, 3.0 + 1e-12, 2.0]), 1);
        assert_eq!(first_max(&[1.0, 3.0, 3.1, 2.0]), 2);
        assert_eq!(max_of(&[-1.0, -3.0]), -1.0);
    }
}
