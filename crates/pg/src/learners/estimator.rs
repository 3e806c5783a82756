//! Not a learner: a Monte Carlo estimate of the uniform random policy's return J from a
//! fixed budget of transitions per iteration, spread over trajectories cut after H steps.
//!
//! "Truncating Trajectories in Monte Carlo Reinforcement Learning" (Poiani et al.): under
//! discounting, the steps late in a trajectory carry little weight (γ^t) but cost as much
//! as early ones. Cutting trajectories short buys more of them for the same budget, which
//! narrows the confidence interval, at the price of a bias of at most γ^H·max|r|/(1 − γ).

use playground_core::mdp::Mdp;
use playground_core::rng::Rng;
use playground_core::series::Moments;

use crate::policy::ProbTable;
use crate::rollout;
use crate::streams;

/// The estimate so far.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct McReport {
    /// Mean of the (truncated) discounted returns of every trajectory so far.
    pub estimate: f64,
    /// Width of its 95% confidence interval, 2 × 1.96 × standard error (0 until there
    /// are two trajectories).
    pub ci_width: f64,
    pub trajectories: usize,
}

/// One estimator in one run.
#[derive(Clone, Debug)]
pub struct McEstimator {
    budget: usize,
    horizon: usize,
    policy: ProbTable,
    rng: Rng,
    returns: Moments,
    trajectories: usize,
}

impl McEstimator {
    /// Spends `budget` transitions per iteration on trajectories of at most `horizon`
    /// steps. Shares its run's rollout stream with the learners (common random numbers).
    pub fn new(budget: usize, horizon: usize, mdp: &Mdp, seed: u64, run: u64) -> Self {
        McEstimator {
            budget,
            horizon: horizon.max(1),
            policy: ProbTable::uniform(mdp.states, mdp.actions),
            rng: Rng::stream(seed, &[run, streams::ROLLOUT]),
            returns: Moments::default(),
            trajectories: 0,
        }
    }

    /// The evaluated policy: uniform over actions.
    pub fn policy(&self) -> &ProbTable {
        &self.policy
    }

    /// Where trajectories are cut.
    pub fn horizon(&self) -> usize {
        self.horizon
    }

    /// Spend one iteration's budget and report the estimate from all trajectories so far.
    /// A trajectory that ends early leaves its unused transitions to the next one; the
    /// last is cut by whatever budget remains.
    pub fn iterate(&mut self, mdp: &Mdp) -> McReport {
        let mut remaining = self.budget;
        while remaining > 0 {
            let start = mdp.sample_start(&mut self.rng);
            let cap = self.horizon.min(remaining);
            let ep = rollout::episode_from(mdp, &self.policy, start, cap, &mut self.rng);
            // An empty episode (a terminal start) still costs one draw, so the loop ends.
            remaining -= ep.len().clamp(1, remaining);
            self.returns.push(ep.discounted_return(mdp.gamma));
            self.trajectories += 1;
        }
        McReport {
            estimate: self.returns.mean(),
            ci_width: 2.0 * self.returns.ci95(),
            trajectories: self.trajectories,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_interval_is_twice_the_half_width() {
        let mut m = playground_core::series::Moments::default();
        for x in [1.0, 2.0, 4.0] {
            m.push(x);
        }
        let sd = (7.0f64 / 3.0).sqrt();
        assert!(
            (2.0 * m.ci95() - 2.0 * playground_core::math::Z95 * sd / 3f64.sqrt()).abs() < 1e-12
        );
    }
}
