//! SOFE in its episodic, tabular form ("Improving Intrinsic Exploration by Creating
//! Stationary Objectives"): a bonus β paid on the first visit to a cell within the episode,
//! and a table indexed by (cell, set of cells visited this episode).
//!
//! The bonus of arriving in a cell depends on the visited set. A learner whose table is
//! indexed by the cell alone does not see that set: to it a cell pays β on some visits and
//! 0 on others, and its values chase an average that moves as its own behaviour changes —
//! a non-stationary objective. Indexed by (cell, visited set), the same reward is a fixed
//! function of the table's state: an ordinary MDP, which Q-learning solves.
//!
//! Why the episodic form: with counts kept over the agent's whole life (SOFE's count
//! bonus), a lookup table gains nothing from seeing them. A count never returns to an
//! earlier value, so each augmented state is met in one stretch of time only, and the
//! augmentation amounts to resetting a row now and then. Sets of cells visited in an
//! episode recur every episode, so what is learned about one is used again.

use std::collections::BTreeMap;

/// The cells visited so far this episode, and the bonus paid for them.
#[derive(Clone, Debug, PartialEq)]
pub struct Episodic {
    beta: f64,
    /// The episode (1-based) each state was last visited in; 0: never. Stamps make a new
    /// episode's reset O(1) on any map.
    seen_in: Vec<u32>,
    episode: u32,
    /// States visited this episode, the start included.
    pub distinct: usize,
    /// The visited set as a bit mask over states (the (state, visited set) table reads it;
    /// it is kept only for maps of at most 32 states).
    pub mask: u32,
    /// Bonus paid so far this episode.
    pub paid: f64,
}

impl Episodic {
    pub fn new(beta: f64, states: usize) -> Episodic {
        Episodic {
            beta,
            seen_in: vec![0; states],
            episode: 0,
            distinct: 0,
            mask: 0,
            paid: 0.0,
        }
    }

    /// A new episode starting in s: the set is {s}, and nothing is paid for the start.
    pub fn start(&mut self, s: usize) {
        self.episode += 1;
        self.distinct = 0;
        self.mask = 0;
        self.paid = 0.0;
        self.mark(s);
    }

    /// Arrive in s: β on the first visit this episode, else 0.
    pub fn arrive(&mut self, s: usize) -> f64 {
        if !self.mark(s) {
            return 0.0;
        }
        self.paid += self.beta;
        self.beta
    }

    /// Share of the map's states visited this episode.
    pub fn coverage(&self) -> f64 {
        self.distinct as f64 / self.seen_in.len() as f64
    }

    /// Add s to the set; true if it was not in it.
    fn mark(&mut self, s: usize) -> bool {
        if self.seen_in[s] == self.episode {
            return false;
        }
        self.seen_in[s] = self.episode;
        self.distinct += 1;
        self.mask |= bit(s);
        true
    }
}

/// The rows of a (state, visited set) table: one per pair met so far, numbered in the
/// order met, with how often each was occupied.
#[derive(Clone, Debug, PartialEq)]
pub struct AugmentedRows {
    index: BTreeMap<(usize, u32), usize>,
    /// Each row's (state, visited set).
    pub keys: Vec<(usize, u32)>,
    /// Times each row was occupied (episode starts and arrivals).
    pub uses: Vec<u32>,
    /// Per state, its rows.
    pub by_state: Vec<Vec<usize>>,
}

impl AugmentedRows {
    pub fn new(states: usize) -> AugmentedRows {
        AugmentedRows {
            index: BTreeMap::new(),
            keys: Vec::new(),
            uses: Vec::new(),
            by_state: vec![Vec::new(); states],
        }
    }

    /// The row of (s, set), counting the visit; true when the row is new.
    pub fn occupy(&mut self, s: usize, set: u32) -> (usize, bool) {
        if let Some(&x) = self.index.get(&(s, set)) {
            self.uses[x] += 1;
            return (x, false);
        }
        let x = self.keys.len();
        self.index.insert((s, set), x);
        self.keys.push((s, set));
        self.uses.push(1);
        self.by_state[s].push(x);
        (x, true)
    }

    /// The row of (s, set), if met.
    pub fn find(&self, s: usize, set: u32) -> Option<usize> {
        self.index.get(&(s, set)).copied()
    }
}

/// The bit of state s in a visited set.
pub fn bit(s: usize) -> u32 {
    1u32.checked_shl(s as u32).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bonus_is_paid_once_per_cell_and_episode() {
        let mut e = Episodic::new(0.5, 5);
        e.start(2);
        assert_eq!(e.arrive(2), 0.0, "the start is visited already");
        assert_eq!(e.arrive(3), 0.5);
        assert_eq!(e.arrive(3), 0.0);
        assert_eq!(e.arrive(4), 0.5);
        assert_eq!((e.distinct, e.mask, e.paid), (3, 0b11100, 1.0));
        assert!((e.coverage() - 0.6).abs() < 1e-15);
        // A new episode forgets the set.
        e.start(4);
        assert_eq!((e.distinct, e.mask, e.paid), (1, 0b10000, 0.0));
        assert_eq!(e.arrive(3), 0.5);
    }

    #[test]
    fn rows_are_numbered_in_the_order_met_and_counted() {
        let mut t = AugmentedRows::new(3);
        assert_eq!(t.occupy(1, 0b010), (0, true));
        assert_eq!(t.occupy(2, 0b110), (1, true));
        assert_eq!(t.occupy(1, 0b110), (2, true));
        assert_eq!(t.occupy(1, 0b010), (0, false));
        assert_eq!(t.uses, vec![2, 1, 1]);
        assert_eq!(t.by_state, vec![vec![], vec![0, 2], vec![1]]);
        assert_eq!((t.find(2, 0b110), t.find(2, 0b100)), (Some(1), None));
    }
}
