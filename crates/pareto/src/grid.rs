//! Treasure maps (Deep Sea Treasure and the visitor's own): a deterministic gridworld
//! whose episodes end on a treasure, with returns (treasure, −time), undiscounted.
//!
//! Every return a deterministic policy can get is found two ways: by reachability (which
//! cells can be occupied at each time without having ended — every time-dependent
//! policy's path), and, on small maps, by following every stationary policy (one move per
//! sea cell, 4^cells of them). Their Pareto fronts must agree: a shortest path to a
//! treasure never revisits a cell, so a stationary policy can follow it.

use playground_core::scenario::TREASURE_LETTERS;

use crate::front::Point;

/// Up, down, left, right.
const MOVES: [(i64, i64); 4] = [(-1, 0), (1, 0), (0, -1), (0, 1)];

/// The most sea cells whose stationary policies are all enumerated (4⁹ = 262,144).
pub const ENUMERATION_MAX_CELLS: usize = 9;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell {
    Sea,
    Rock,
    /// Ends the episode with this value.
    Treasure(f64),
}

#[derive(Clone, Debug)]
pub struct TreasureGrid {
    rows: usize,
    cols: usize,
    cells: Vec<Cell>,
    start: usize,
    horizon: usize,
}

impl TreasureGrid {
    /// From a validated map (`S`, `.`, `#`, `A`–`J`) and the treasures' values.
    pub fn new(map: &[String], treasures: &[f64], horizon: usize) -> Self {
        let rows = map.len();
        let cols = map[0].chars().count();
        let mut cells = Vec::with_capacity(rows * cols);
        let mut start = 0;
        for row in map {
            for c in row.chars() {
                cells.push(match c {
                    '#' => Cell::Rock,
                    'S' => {
                        start = cells.len();
                        Cell::Sea
                    }
                    c => match TREASURE_LETTERS.find(c) {
                        Some(k) => Cell::Treasure(treasures[k]),
                        None => Cell::Sea,
                    },
                });
            }
        }
        TreasureGrid {
            rows,
            cols,
            cells,
            start,
            horizon,
        }
    }

    pub fn horizon(&self) -> usize {
        self.horizon
    }

    /// Rows and columns, for drawing the map.
    pub fn size(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// The start cell (row-major index).
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn cell(&self, s: usize) -> Cell {
        self.cells[s]
    }

    /// Where move `a` leads from `s`: off the map or into rock, nowhere (stay).
    pub fn next(&self, s: usize, a: usize) -> usize {
        let (r, c) = ((s / self.cols) as i64, (s % self.cols) as i64);
        let (nr, nc) = (r + MOVES[a].0, c + MOVES[a].1);
        if nr < 0 || nc < 0 || nr >= self.rows as i64 || nc >= self.cols as i64 {
            return s;
        }
        let n = nr as usize * self.cols + nc as usize;
        if self.cells[n] == Cell::Rock { s } else { n }
    }

    /// The return of an episode that reaches cell `n` at time `t`, if it ends there.
    fn ending(&self, n: usize, t: usize) -> Option<Point> {
        match self.cells[n] {
            Cell::Treasure(v) => Some([v, -(t as f64)]),
            _ => None,
        }
    }

    /// The return of an episode cut off at the horizon.
    pub fn timeout(&self) -> Point {
        [0.0, -(self.horizon as f64)]
    }

    /// Every return some deterministic policy gets: the treasures reached at each time
    /// along any path, and the timeout if some path survives to the horizon. No repeats.
    pub fn outcomes(&self) -> Vec<Point> {
        let mut alive = vec![false; self.cells.len()];
        alive[self.start] = true;
        let mut out: Vec<Point> = Vec::new();
        for t in 1..=self.horizon {
            let mut next = vec![false; self.cells.len()];
            for s in (0..self.cells.len()).filter(|&s| alive[s]) {
                for a in 0..MOVES.len() {
                    let n = self.next(s, a);
                    match self.ending(n, t) {
                        Some(p) if !out.contains(&p) => out.push(p),
                        Some(_) => {}
                        None => next[n] = true,
                    }
                }
            }
            alive = next;
        }
        if alive.iter().any(|&a| a) {
            out.push(self.timeout());
        }
        out
    }

    /// The sea cells, where a policy chooses a move.
    pub fn sea_cells(&self) -> Vec<usize> {
        (0..self.cells.len())
            .filter(|&s| self.cells[s] == Cell::Sea)
            .collect()
    }

    /// The return of the stationary policy `moves` (one move per sea cell; `slot[s]` is
    /// cell s's index in `moves`). A stationary policy in a deterministic world that
    /// comes back to a cell loops forever, so that path is cut off as a timeout at once.
    pub fn follow(&self, slot: &[usize], moves: &[usize]) -> Point {
        let mut s = self.start;
        let mut seen = vec![false; self.cells.len()];
        for t in 1..=self.horizon {
            seen[s] = true;
            s = self.next(s, moves[slot[s]]);
            if let Some(p) = self.ending(s, t) {
                return p;
            }
            if seen[s] {
                break;
            }
        }
        self.timeout()
    }

    /// The distinct returns of every stationary deterministic policy, or `None` when the
    /// map has more than [`ENUMERATION_MAX_CELLS`] sea cells.
    pub fn enumerate_stationary(&self) -> Option<Vec<Point>> {
        let sea = self.sea_cells();
        if sea.len() > ENUMERATION_MAX_CELLS {
            return None;
        }
        let mut slot = vec![0usize; self.cells.len()];
        for (k, &c) in sea.iter().enumerate() {
            slot[c] = k;
        }
        let mut moves = vec![0usize; sea.len()];
        let mut out: Vec<Point> = Vec::new();
        loop {
            let p = self.follow(&slot, &moves);
            if !out.contains(&p) {
                out.push(p);
            }
            // The next policy, counting in base 4.
            let mut k = 0;
            while k < moves.len() && moves[k] == MOVES.len() - 1 {
                moves[k] = 0;
                k += 1;
            }
            if k == moves.len() {
                return Some(out);
            }
            moves[k] += 1;
        }
    }
}
