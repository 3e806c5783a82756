//! Maps compiled into MDPs.
//!
//! [`Grid::compile`] reads a [`GridEnv`] (its map, named cells, dynamics and wind), refuses
//! anything malformed with a message naming the row and column or the key, and writes out
//! the full [`Mdp`]: every action's outcomes, with probabilities and rewards, in every cell
//! where the agent acts.
//!
//! States are the cells where the agent can be when it chooses an action, plus the
//! terminal cells (value 0; reaching one ends the episode), numbered in reading order.
//! Walls are no state, and neither are cells that send the agent back to a start on
//! arrival (Cliff Walking's cliff): the agent passes through them within one step.

use std::collections::BTreeMap;

use crate::mdp::{Mdp, Outcome};
use crate::scenario::{CellSpec, GridEnv, MAX_GRID_SIDE, Move, ScenarioError};

/// What a cell of the map is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    Wall,
    /// A cell where the agent chooses actions.
    Floor,
    /// Arriving here ends the episode.
    Terminal,
    /// Arriving here sends the agent to a start cell within the same step.
    Transit,
}

/// A compiled map: its geometry, what each cell is, and the MDP.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    rows: usize,
    cols: usize,
    /// The map's characters, row-major.
    chars: Vec<char>,
    kinds: Vec<CellKind>,
    /// Per cell (row-major), its state; None for walls and transit cells.
    state_of_cell: Vec<Option<usize>>,
    /// Per state, its cell index (row × cols + column).
    cell_of_state: Vec<usize>,
    moves: Vec<Move>,
    mdp: Mdp,
}

impl Grid {
    /// Check the environment and build its grid and MDP.
    pub fn compile(env: &GridEnv) -> Result<Grid, ScenarioError> {
        env.validate()?;
        let rows = parse_rows(&env.map)?;
        let cells = Cells::resolve(env, &rows)?;
        Builder::new(env, &rows, &cells)?.build()
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Number of states (cells where the agent acts, and terminal cells).
    pub fn states(&self) -> usize {
        self.cell_of_state.len()
    }

    /// Number of actions: the map's moves, in action order.
    pub fn actions(&self) -> usize {
        self.moves.len()
    }

    pub fn moves(&self) -> &[Move] {
        &self.moves
    }

    pub fn mdp(&self) -> &Mdp {
        &self.mdp
    }

    /// The state at (row, column), counting from 0; None for walls, transit cells and
    /// positions off the map.
    pub fn state_at(&self, row: usize, col: usize) -> Option<usize> {
        if row < self.rows && col < self.cols {
            self.state_of_cell[row * self.cols + col]
        } else {
            None
        }
    }

    /// The (row, column) of a state.
    pub fn cell_of(&self, state: usize) -> (usize, usize) {
        let cell = self.cell_of_state[state];
        (cell / self.cols, cell % self.cols)
    }

    /// The map character at (row, column).
    pub fn char_at(&self, row: usize, col: usize) -> char {
        self.chars[row * self.cols + col]
    }

    pub fn kind_at(&self, row: usize, col: usize) -> CellKind {
        self.kinds[row * self.cols + col]
    }

    /// One value per cell, rows in map order, from a value per state (None elsewhere).
    pub fn per_cell<T>(&self, mut per_state: impl FnMut(usize) -> T) -> Vec<Vec<Option<T>>> {
        (0..self.rows)
            .map(|r| {
                (0..self.cols)
                    .map(|c| self.state_at(r, c).map(&mut per_state))
                    .collect()
            })
            .collect()
    }

    /// A deterministic policy (one action per state) as rows of map characters: its
    /// move's arrow on floor cells, `#` on walls and `·` elsewhere (terminal and transit
    /// cells), as the labs' reports write policies.
    pub fn arrows(&self, policy: &[usize]) -> Vec<String> {
        (0..self.rows)
            .map(|r| {
                (0..self.cols)
                    .map(|c| match (self.kind_at(r, c), self.state_at(r, c)) {
                        (CellKind::Wall, _) => '#',
                        (CellKind::Floor, Some(s)) => self.moves[policy[s]].arrow(),
                        _ => '·',
                    })
                    .collect()
            })
            .collect()
    }

    /// A state from which no sequence of actions allowed by `allowed(state, action)`
    /// reaches a terminal cell, if there is one (reverse search from the terminals).
    pub fn first_state_stuck_under(&self, allowed: impl Fn(usize, usize) -> bool) -> Option<usize> {
        let mdp = &self.mdp;
        let mut predecessors = vec![Vec::new(); mdp.states];
        for s in (0..mdp.states).filter(|&s| !mdp.terminal[s]) {
            for a in (0..mdp.actions).filter(|&a| allowed(s, a)) {
                for o in mdp.outcomes(s, a) {
                    predecessors[o.next].push(s);
                }
            }
        }
        let mut ends = mdp.terminal.clone();
        let mut queue: Vec<usize> = (0..mdp.states).filter(|&s| ends[s]).collect();
        while let Some(s) = queue.pop() {
            for &p in &predecessors[s] {
                if !ends[p] {
                    ends[p] = true;
                    queue.push(p);
                }
            }
        }
        ends.iter().position(|&e| !e)
    }
}

/// Where a message about a cell points: `env.map (row 2, column 5)`.
fn at(row: usize, col: usize) -> String {
    format!("env.map (row {}, column {})", row + 1, col + 1)
}

/// The map as rows of characters, every row the same length. Blank lines before and after
/// are dropped, and spaces or tabs at line ends (editors add them; Windows adds '\r').
fn parse_rows(map: &str) -> Result<Vec<Vec<char>>, ScenarioError> {
    let rows = split_rows(map);
    let Some(cols) = rows.first().map(Vec::len) else {
        return Err(ScenarioError::invalid(
            "env.map",
            "\"\"",
            "at least one row of map characters",
        ));
    };
    if rows.len() > MAX_GRID_SIDE || cols > MAX_GRID_SIDE {
        return Err(ScenarioError::invalid(
            "env.map",
            format!("{} rows × {cols} columns", rows.len()),
            format!("at most {MAX_GRID_SIDE} rows and {MAX_GRID_SIDE} columns"),
        ));
    }
    for (r, row) in rows.iter().enumerate() {
        if row.len() != cols {
            return Err(ScenarioError::invalid(
                format!("env.map (row {})", r + 1),
                format!("{} characters", row.len()),
                format!("rows of equal length ({cols} characters, like row 1)"),
            ));
        }
        if let Some(c) = row.iter().position(|ch| !is_map_char(*ch)) {
            return Err(ScenarioError::invalid(
                at(r, c),
                format!("{:?}", row[c]),
                "'.' floor, '#' wall, 'S' start, 'G' goal, or a letter A–Z, a–z",
            ));
        }
    }
    Ok(rows)
}

/// Text drawn as a grid (a map, a policy) as rows of characters: blank lines before and
/// after dropped, and spaces, tabs and '\r' at line ends.
pub(crate) fn split_rows(text: &str) -> Vec<Vec<char>> {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches([' ', '\t', '\r']))
        .collect();
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(first, |l| l + 1);
    lines[first..last.max(first)]
        .iter()
        .map(|l| l.chars().collect())
        .collect()
}

fn is_map_char(ch: char) -> bool {
    ch == '.' || ch == '#' || ch.is_ascii_alphabetic()
}

/// The properties of every letter on the map, with the defaults of S and G folded in.
struct Cells {
    by_letter: BTreeMap<char, CellSpec>,
    /// Teleport targets, as (row, column), by the letter of the teleport cell.
    targets: BTreeMap<char, (usize, usize)>,
}

impl Cells {
    fn resolve(env: &GridEnv, rows: &[Vec<char>]) -> Result<Cells, ScenarioError> {
        let positions = |letter: char| -> Vec<(usize, usize)> {
            let mut out = Vec::new();
            for (r, row) in rows.iter().enumerate() {
                for (c, &ch) in row.iter().enumerate() {
                    if ch == letter {
                        out.push((r, c));
                    }
                }
            }
            out
        };
        let mut by_letter = BTreeMap::new();
        let mut targets = BTreeMap::new();
        for (key, spec) in &env.cells {
            let field = format!("env.cells.{key}");
            let letter = single_letter(key).ok_or_else(|| {
                ScenarioError::invalid(&field, format!("{key:?}"), "a single letter A–Z or a–z")
            })?;
            if positions(letter).is_empty() {
                return Err(ScenarioError::invalid(
                    field,
                    key,
                    "a letter that appears in env.map",
                ));
            }
            if let Some(t) = &spec.teleport {
                let target = single_letter(t).map(positions).unwrap_or_default();
                if target.len() != 1 {
                    return Err(ScenarioError::invalid(
                        format!("{field}.teleport"),
                        format!("{t:?}"),
                        format!(
                            "a letter that appears exactly once in env.map (it appears {} times)",
                            target.len()
                        ),
                    ));
                }
                targets.insert(letter, target[0]);
            }
            by_letter.insert(letter, spec.clone());
        }
        // S and G have meanings of their own, which an entry may add to.
        let s = by_letter.entry('S').or_default();
        s.start = true;
        let g = by_letter.entry('G').or_default();
        g.terminal = true;
        if g.reward.is_none() {
            g.reward = Some(1.0);
        }
        for letter in ['S', 'G'] {
            if let Some(spec) = by_letter.get(&letter) {
                // The same rules as a written entry: a goal that is also a start, say.
                let v = crate::scenario::Validator::new(format!("env.cells.{letter}"));
                check_flags(spec, &v)?;
            }
        }
        let is_target = |ch: char| {
            targets
                .values()
                .any(|&(r, c): &(usize, usize)| rows[r][c] == ch)
        };
        for (r, row) in rows.iter().enumerate() {
            for (c, &ch) in row.iter().enumerate() {
                if ch.is_ascii_alphabetic() && !by_letter.contains_key(&ch) && !is_target(ch) {
                    return Err(ScenarioError::invalid(
                        at(r, c),
                        format!("{ch:?}"),
                        format!(
                            "a letter with an [env.cells.{ch}] entry, 'S', 'G', or the target \
                             of a teleport"
                        ),
                    ));
                }
            }
        }
        Ok(Cells { by_letter, targets })
    }

    fn spec(&self, ch: char) -> Option<&CellSpec> {
        self.by_letter.get(&ch)
    }
}

/// The flag rules of a cell spec (shared by written entries and S and G's defaults).
fn check_flags(spec: &CellSpec, v: &crate::scenario::Validator) -> Result<(), ScenarioError> {
    v.rule(
        !(spec.terminal && spec.start),
        "start",
        true,
        "not on a terminal cell (an episode cannot start where it ends)",
    )
}

fn single_letter(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(ch), None) if ch.is_ascii_alphabetic() => Some(ch),
        _ => None,
    }
}

/// Builds the grid: cell kinds, state numbering, starts, then every outcome.
struct Builder<'a> {
    env: &'a GridEnv,
    cells: &'a Cells,
    rows: usize,
    cols: usize,
    chars: Vec<char>,
    kinds: Vec<CellKind>,
    state_of_cell: Vec<Option<usize>>,
    cell_of_state: Vec<usize>,
    /// Start probability per state.
    start: Vec<f64>,
}

impl<'a> Builder<'a> {
    fn new(
        env: &'a GridEnv,
        rows: &[Vec<char>],
        cells: &'a Cells,
    ) -> Result<Builder<'a>, ScenarioError> {
        let (n_rows, n_cols) = (rows.len(), rows[0].len());
        if !env.wind.is_empty() && env.wind.len() != n_cols {
            return Err(ScenarioError::invalid(
                "env.wind",
                format!("{} values", env.wind.len()),
                format!("one value per map column ({n_cols}), or none"),
            ));
        }
        let chars: Vec<char> = rows.iter().flatten().copied().collect();
        let kinds: Vec<CellKind> = chars.iter().map(|&ch| kind_of(ch, cells)).collect();
        let mut state_of_cell = vec![None; chars.len()];
        let mut cell_of_state = Vec::new();
        for (i, k) in kinds.iter().enumerate() {
            if matches!(k, CellKind::Floor | CellKind::Terminal) {
                state_of_cell[i] = Some(cell_of_state.len());
                cell_of_state.push(i);
            }
        }
        if kinds.iter().all(|&k| k == CellKind::Wall) {
            return Err(ScenarioError::invalid(
                "env.map",
                "only walls",
                "at least one cell that is not a wall",
            ));
        }
        let mut b = Builder {
            env,
            cells,
            rows: n_rows,
            cols: n_cols,
            chars,
            kinds,
            state_of_cell,
            start: vec![0.0; cell_of_state.len()],
            cell_of_state,
        };
        b.start = b.start_distribution()?;
        Ok(b)
    }

    /// Uniform over the cells marked as starts (S, or `start = true`); with none marked,
    /// uniform over every cell where the agent acts.
    fn start_distribution(&self) -> Result<Vec<f64>, ScenarioError> {
        let floor = |s: &usize| self.kinds[self.cell_of_state[*s]] == CellKind::Floor;
        let marked: Vec<usize> = (0..self.cell_of_state.len())
            .filter(floor)
            .filter(|&s| {
                let ch = self.chars[self.cell_of_state[s]];
                self.cells.spec(ch).is_some_and(|c| c.start)
            })
            .collect();
        let starts: Vec<usize> = if marked.is_empty() {
            (0..self.cell_of_state.len()).filter(floor).collect()
        } else {
            marked
        };
        if starts.is_empty() {
            return Err(ScenarioError::invalid(
                "env.map",
                "no cell to start from",
                "at least one cell that is neither a wall, nor terminal, nor sends the agent \
                 away on arrival",
            ));
        }
        let mut start = vec![0.0; self.cell_of_state.len()];
        for &s in &starts {
            start[s] = 1.0 / starts.len() as f64;
        }
        Ok(start)
    }

    fn build(self) -> Result<Grid, ScenarioError> {
        let moves = self.env.moves.clone();
        let n = self.cell_of_state.len();
        let mut outcomes = Vec::with_capacity(n * moves.len());
        let terminal: Vec<bool> = self
            .cell_of_state
            .iter()
            .map(|&cell| self.kinds[cell] == CellKind::Terminal)
            .collect();
        for (&cell, &end) in self.cell_of_state.iter().zip(&terminal) {
            for &m in &moves {
                outcomes.push(if end {
                    Vec::new()
                } else {
                    merge(self.outcomes(cell, m))
                });
            }
        }
        let mdp = Mdp {
            states: n,
            actions: moves.len(),
            outcomes,
            terminal,
            start: self.start,
            gamma: self.env.gamma,
            episode_cap: self.env.episode_cap,
        };
        let grid = Grid {
            rows: self.rows,
            cols: self.cols,
            chars: self.chars,
            kinds: self.kinds,
            state_of_cell: self.state_of_cell,
            cell_of_state: self.cell_of_state,
            moves,
            mdp,
        };
        well_posed(&grid)?;
        Ok(grid)
    }

    fn spec(&self, cell: usize) -> Option<&CellSpec> {
        self.cells.spec(self.chars[cell])
    }

    /// Every outcome of move `m` chosen in `cell`, before merging equal ones.
    fn outcomes(&self, cell: usize, m: Move) -> Vec<Outcome> {
        let here = self.spec(cell);
        if let Some(&(r, c)) = self.cells.targets.get(&self.chars[cell]) {
            // Every action taken in a teleport cell jumps, paying the jump reward if any.
            let paid = here.and_then(|s| s.reward.map(|r| (r, s.reward_sd)));
            return self.arrive(r * self.cols + c, 1.0, paid);
        }
        let m = if here.is_some_and(|s| s.mirror) {
            m.opposite()
        } else {
            m
        };
        let edge = here
            .and_then(|s| s.edge_reward)
            .or(self.env.edge_reward)
            .unwrap_or(self.env.step_reward);
        let mut out = Vec::new();
        for (direction, p) in self.directions(m) {
            if p == 0.0 {
                continue;
            }
            let (landed, bumped) = match direction {
                Some(d) => self.step_from(cell, d),
                None => (cell, false),
            };
            let landed = self.blow(landed, cell);
            out.extend(self.arrive(landed, p, bumped.then_some((edge, 0.0))));
        }
        out
    }

    /// Where a move in direction `m` really goes, with probabilities: `dynamics` for that
    /// direction, else `slip`. None is "stays where it is".
    fn directions(&self, m: Move) -> [(Option<Move>, f64); 5] {
        let o = self
            .env
            .dynamics
            .get(&m)
            .copied()
            .unwrap_or(crate::scenario::MoveOutcome {
                forward: 1.0 - self.env.slip,
                sideways: self.env.slip,
                back: 0.0,
                stay: 0.0,
            });
        let (side_a, side_b) = perpendicular(m);
        [
            (Some(m), o.forward),
            (Some(side_a), o.sideways / 2.0),
            (Some(side_b), o.sideways / 2.0),
            (Some(m.opposite()), o.back),
            (None, o.stay),
        ]
    }

    /// One cell in direction `d`: the cell reached, and whether the edge or a wall stopped
    /// the agent (it then stays put).
    fn step_from(&self, cell: usize, d: Move) -> (usize, bool) {
        match self.neighbour(cell, d) {
            Some(next) if self.kinds[next] != CellKind::Wall => (next, false),
            _ => (cell, true),
        }
    }

    fn neighbour(&self, cell: usize, d: Move) -> Option<usize> {
        let (r, c) = ((cell / self.cols) as i64, (cell % self.cols) as i64);
        let (dr, dc) = d.delta();
        let (r, c) = (r + dr, c + dc);
        let inside = (0..self.rows as i64).contains(&r) && (0..self.cols as i64).contains(&c);
        inside.then(|| r as usize * self.cols + c as usize)
    }

    /// The wind of the column the move started from pushes the agent up (down when
    /// negative), one cell at a time, stopping at the edge or a wall.
    fn blow(&self, cell: usize, from: usize) -> usize {
        let Some(&w) = self.env.wind.get(from % self.cols) else {
            return cell;
        };
        let d = if w > 0 { Move::Up } else { Move::Down };
        let mut at = cell;
        for _ in 0..w.unsigned_abs() {
            match self.step_from(at, d) {
                (next, false) => at = next,
                (_, true) => break,
            }
        }
        at
    }

    /// Outcomes of arriving in `cell` with probability `p`. `paid` is a reward already
    /// decided (a jump or a bump) with its noise; otherwise the cell's own reward (a
    /// teleport cell's is paid on leaving, not here), else the step reward. A transit cell
    /// sends the agent on to every start cell.
    fn arrive(&self, cell: usize, p: f64, paid: Option<(f64, f64)>) -> Vec<Outcome> {
        let spec = self.spec(cell).filter(|s| s.teleport.is_none());
        let (reward, reward_sd) = paid
            .or_else(|| spec.and_then(|s| s.reward.map(|r| (r, s.reward_sd))))
            .unwrap_or((self.env.step_reward, 0.0));
        let outcome = |next, prob| Outcome {
            next,
            prob,
            reward,
            reward_sd,
        };
        match self.state_of_cell[cell] {
            Some(state) => vec![outcome(state, p)],
            None => (0..self.start.len())
                .filter(|&s| self.start[s] > 0.0)
                .map(|s| outcome(s, p * self.start[s]))
                .collect(),
        }
    }
}

fn kind_of(ch: char, cells: &Cells) -> CellKind {
    match (ch, cells.spec(ch)) {
        ('#', _) => CellKind::Wall,
        (_, Some(s)) if s.terminal => CellKind::Terminal,
        (_, Some(s)) if s.to_start => CellKind::Transit,
        _ => CellKind::Floor,
    }
}

fn perpendicular(m: Move) -> (Move, Move) {
    match m {
        Move::Left | Move::Right => (Move::Up, Move::Down),
        Move::Up | Move::Down => (Move::Left, Move::Right),
    }
}

/// Outcomes with the same next state, reward and noise become one, in order of first
/// appearance (so the table, and every sampled step, is the same on every platform).
fn merge(outcomes: Vec<Outcome>) -> Vec<Outcome> {
    let mut out: Vec<Outcome> = Vec::with_capacity(outcomes.len());
    for o in outcomes.into_iter().filter(|o| o.prob > 0.0) {
        match out
            .iter_mut()
            .find(|m| m.next == o.next && m.reward == o.reward && m.reward_sd == o.reward_sd)
        {
            Some(m) => m.prob += o.prob,
            None => out.push(o),
        }
    }
    out
}

/// Rules that depend on the map and the discount together. A map without terminal cells
/// goes on forever, so its returns are finite only when discounted; with γ = 1 every
/// cell must be able to reach a terminal one (then the random policy ends with
/// probability 1 and its values are finite).
fn well_posed(grid: &Grid) -> Result<(), ScenarioError> {
    let mdp = grid.mdp();
    let has_terminal = mdp.terminal.iter().any(|&t| t);
    if mdp.gamma == 1.0 && !has_terminal {
        return Err(ScenarioError::invalid(
            "env.gamma",
            1,
            "below 1 on a map without terminal cells (its returns would be infinite)",
        ));
    }
    if mdp.gamma == 1.0
        && let Some(s) = grid.first_state_stuck_under(|_, _| true)
    {
        let (r, c) = grid.cell_of(s);
        return Err(ScenarioError::invalid(
            "env.gamma",
            1,
            format!(
                "below 1, since no terminal cell can be reached from row {}, column {}",
                r + 1,
                c + 1
            ),
        ));
    }
    mdp.check()
        .map_err(|why| ScenarioError::invalid("env", "the map", why))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(text: &str) -> GridEnv {
        let mut value: toml::Value = toml::from_str(text).unwrap();
        let env = value.as_table_mut().unwrap().remove("env").unwrap();
        env.try_into().unwrap()
    }

    fn compile(text: &str) -> Result<Grid, ScenarioError> {
        Grid::compile(&env(text))
    }

    fn field_of(err: ScenarioError) -> String {
        match err {
            ScenarioError::Invalid { field, .. } => field,
            other => panic!("expected a field error, got {other}"),
        }
    }

    #[test]
    fn states_are_numbered_in_reading_order_without_walls() {
        let g = compile("[env]\nmap = \"\"\"\n.#.\nS.G\n\"\"\"\ngamma = 0.9").unwrap();
        assert_eq!((g.rows(), g.cols(), g.states(), g.actions()), (2, 3, 5, 4));
        assert_eq!(g.state_at(0, 1), None);
        assert_eq!(g.state_at(1, 0), Some(2));
        assert_eq!(g.cell_of(4), (1, 2));
        assert_eq!(g.kind_at(1, 2), CellKind::Terminal);
        assert_eq!(g.char_at(1, 0), 'S');
        assert_eq!(g.mdp().start, vec![0.0, 0.0, 1.0, 0.0, 0.0]);
        assert!(g.mdp().terminal[4] && g.mdp().outcomes(4, 0).is_empty());
        assert_eq!(g.state_at(5, 5), None);
    }

    #[test]
    fn walls_and_edges_bump_and_pay_the_edge_reward() {
        let g = compile(
            "[env]\nmap = \".#\\nS.\"\ngamma = 0.9\nstep_reward = -1.0\nedge_reward = -5.0",
        )
        .unwrap();
        let s = g.state_at(1, 0).unwrap();
        let right = g.mdp().outcomes(s, 2);
        assert_eq!(right.len(), 1);
        assert_eq!(
            (right[0].next, right[0].reward),
            (g.state_at(1, 1).unwrap(), -1.0)
        );
        // Up from (1, 1) is the wall: stay, pay the edge reward.
        let wall = g.mdp().outcomes(g.state_at(1, 1).unwrap(), 1);
        assert_eq!(
            (wall[0].next, wall[0].reward),
            (g.state_at(1, 1).unwrap(), -5.0)
        );
        let left = g.mdp().outcomes(s, 0);
        assert_eq!((left[0].next, left[0].reward), (s, -5.0));
    }

    #[test]
    fn slip_splits_between_the_perpendicular_moves() {
        let g = compile("[env]\nmap = \"...\\n...\\n...\"\nslip = 0.2").unwrap();
        let centre = g.state_at(1, 1).unwrap();
        let up = g.mdp().outcomes(centre, 1);
        let p = |r, c| {
            up.iter()
                .filter(|o| o.next == g.state_at(r, c).unwrap())
                .map(|o| o.prob)
                .sum::<f64>()
        };
        assert!((p(0, 1) - 0.8).abs() < 1e-15);
        assert!((p(1, 0) - 0.1).abs() < 1e-15 && (p(1, 2) - 0.1).abs() < 1e-15);
    }

    #[test]
    fn dynamics_override_slip_and_mirror_cells_swap_moves() {
        let g = compile(
            "[env]\nmap = \"..M..\"\nmoves = [\"left\", \"right\"]\nslip = 0.5\n\
             [env.dynamics.right]\nforward = 0.6\nstay = 0.3\nback = 0.1\n\
             [env.cells.M]\nmirror = true",
        )
        .unwrap();
        let right = g.mdp().outcomes(g.state_at(0, 1).unwrap(), 1);
        let to = |c| {
            right
                .iter()
                .find(|o| o.next == g.state_at(0, c).unwrap())
                .map(|o| o.prob)
        };
        assert_eq!((to(2), to(1), to(0)), (Some(0.6), Some(0.3), Some(0.1)));
        // In M, "left" really goes right, so right's dynamics apply.
        let left_in_m = g.mdp().outcomes(g.state_at(0, 2).unwrap(), 0);
        let to = |c| {
            left_in_m
                .iter()
                .find(|o| o.next == g.state_at(0, c).unwrap())
                .map(|o| o.prob)
        };
        assert_eq!((to(3), to(2), to(1)), (Some(0.6), Some(0.3), Some(0.1)));
    }

    #[test]
    fn wind_pushes_up_from_the_column_left_and_stops_at_the_edge() {
        let g = compile("[env]\nmap = \"...\\n...\\n...\"\nwind = [0, 2, 0]").unwrap();
        // From (2, 1) moving right: lands on (2, 2), pushed up 2 by column 1's wind.
        let o = g.mdp().outcomes(g.state_at(2, 1).unwrap(), 2);
        assert_eq!(o[0].next, g.state_at(0, 2).unwrap());
        // From (1, 1) moving up: (0, 1), the wind cannot push further.
        let o = g.mdp().outcomes(g.state_at(1, 1).unwrap(), 1);
        assert_eq!(o[0].next, g.state_at(0, 1).unwrap());
    }

    #[test]
    fn a_cliff_sends_the_agent_back_to_the_start_and_is_no_state() {
        let g = compile(
            "[env]\nmap = \"...\\nSCG\"\ngamma = 1.0\nstep_reward = -1.0\n\
             [env.cells.C]\nreward = -100.0\nto_start = true",
        )
        .unwrap();
        assert_eq!(g.state_at(1, 1), None);
        assert_eq!(g.kind_at(1, 1), CellKind::Transit);
        let s = g.state_at(1, 0).unwrap();
        let o = g.mdp().outcomes(s, 2);
        assert_eq!((o[0].next, o[0].reward, o[0].prob), (s, -100.0, 1.0));
        let goal = g.mdp().outcomes(g.state_at(0, 2).unwrap(), 3);
        assert_eq!(
            (goal[0].next, goal[0].reward),
            (g.state_at(1, 2).unwrap(), 1.0)
        );
    }

    #[test]
    fn teleports_pay_their_reward_on_every_action_and_not_on_arrival() {
        let g = compile(
            "[env]\nmap = \".A\\n.a\"\nedge_reward = -1.0\n[env.cells.A]\nteleport = \"a\"\nreward = 10.0",
        )
        .unwrap();
        let a = g.state_at(0, 1).unwrap();
        for action in 0..4 {
            let o = g.mdp().outcomes(a, action);
            assert_eq!((o[0].next, o[0].reward), (g.state_at(1, 1).unwrap(), 10.0));
        }
        let into_a = g.mdp().outcomes(g.state_at(0, 0).unwrap(), 2);
        assert_eq!((into_a[0].next, into_a[0].reward), (a, 0.0));
    }

    #[test]
    fn bad_maps_name_the_row_column_or_key() {
        let bad = |text: &str| field_of(compile(text).unwrap_err());
        assert_eq!(bad("[env]\nmap = \"..\\n.?\""), "env.map (row 2, column 2)");
        assert_eq!(bad("[env]\nmap = \"..\\n...\""), "env.map (row 2)");
        assert_eq!(bad("[env]\nmap = \"X.\""), "env.map (row 1, column 1)");
        assert_eq!(bad("[env]\nmap = \"##\""), "env.map");
        assert_eq!(bad("[env]\nmap = \"\\n\\n\""), "env.map");
        assert_eq!(
            bad(&format!("[env]\nmap = \"{}\"", ".".repeat(33))),
            "env.map"
        );
        assert_eq!(bad("[env]\nmap = \"..\"\nwind = [1]"), "env.wind");
        assert_eq!(
            bad("[env]\nmap = \"A.\"\n[env.cells.A]\nteleport = \"b\""),
            "env.cells.A.teleport"
        );
        assert_eq!(
            bad("[env]\nmap = \"Abb\"\n[env.cells.A]\nteleport = \"b\""),
            "env.cells.A.teleport"
        );
        assert_eq!(
            bad("[env]\nmap = \"..\"\n[env.cells.Q]\nreward = 1.0"),
            "env.cells.Q"
        );
        assert_eq!(
            bad("[env]\nmap = \"..\"\n[env.cells.QQ]\nreward = 1.0"),
            "env.cells.QQ"
        );
        assert_eq!(bad("[env]\nmap = \"..\"\ngamma = 1.0"), "env.gamma");
        // A goal walled off from the start.
        assert_eq!(bad("[env]\nmap = \"S#G\"\ngamma = 1.0"), "env.gamma");
        assert_eq!(bad("[env]\nmap = \"GG\""), "env.map");
        assert_eq!(
            bad("[env]\nmap = \"S.\"\n[env.dynamics.up]\nforward = 0.5"),
            "env.dynamics.up.forward"
        );
        assert_eq!(
            bad("[env]\nmap = \"S.\"\n[env.cells.G]\nstart = true"),
            "env.cells.G"
        );
    }
}
