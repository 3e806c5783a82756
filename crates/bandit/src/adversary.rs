//! The rigged adversary: an oblivious reward table built by simulating a deterministic
//! algorithm in advance.
//!
//! This is the textbook argument that a deterministic bandit algorithm has linear regret
//! against an adversary: because UCB's choices are a fixed function of past rewards, an
//! adversary can simulate it before the game starts and pay 0 on exactly the arm it will
//! pull. The table is fixed in advance (oblivious), so randomised EXP3, which it cannot
//! predict, still gets regret of order √(T k ln k) against the best fixed arm.

use super::agent::ValueTable;

#[derive(Clone, Debug)]
pub struct RiggedTable {
    arms: usize,
    /// pays[t * arms + a] ∈ {0, 1}.
    pays: Vec<u8>,
    best: usize,
}

impl RiggedTable {
    /// Simulate UCB with exploration constant `c` (ties to the lowest arm) for `horizon`
    /// steps, and pay 0 on each of its picks and 1 elsewhere.
    pub fn against_ucb(arms: usize, c: f64, horizon: usize) -> Self {
        // UCB's one-run definition (the agent's lanes are tested to choose exactly as it
        // does), fed the rewards it will see.
        let mut ucb = ValueTable::for_ucb(arms);
        let mut pays = Vec::with_capacity(horizon * arms);
        for _ in 0..horizon {
            let pick = ucb.ucb_choice(c);
            for a in 0..arms {
                pays.push(u8::from(a != pick));
            }
            ucb.learn(pick, 0.0);
        }
        let totals: Vec<f64> = (0..arms)
            .map(|a| (0..horizon).map(|t| f64::from(pays[t * arms + a])).sum())
            .collect();
        let best = super::env::argmax_first(&totals);
        RiggedTable { arms, pays, best }
    }

    pub fn horizon(&self) -> usize {
        self.pays.len() / self.arms
    }

    /// What each arm pays at step t (0-based).
    pub fn payouts(&self, t: usize) -> Vec<f64> {
        self.pays[t * self.arms..(t + 1) * self.arms]
            .iter()
            .map(|&p| f64::from(p))
            .collect()
    }

    /// The best fixed arm in hindsight over the whole horizon.
    pub fn best_arm(&self) -> usize {
        self.best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_fixed_arm_earns_at_least_its_share() {
        for arms in [2, 3, 5] {
            let t = RiggedTable::against_ucb(arms, 2.0, 1000);
            let best: f64 = (0..1000).map(|s| t.payouts(s)[t.best_arm()]).sum();
            // Every step pays arms − 1 in total, so the best arm gets ≥ (arms−1)/arms · T.
            assert!(best >= 1000.0 * (arms as f64 - 1.0) / arms as f64 - 1e-9);
            // Exactly one zero per row.
            assert!((0..1000).all(|s| t.payouts(s).iter().filter(|&&p| p == 0.0).count() == 1));
        }
    }
}
