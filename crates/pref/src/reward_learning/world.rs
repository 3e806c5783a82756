//! The world a reward learner lives in: a compiled gridworld whose reward it never sees,
//! the exact optimum under that reward, what each learned-reward parameter ("unit")
//! stands for, and the policy a learned reward implies, scored by the true reward.
//!
//! The end of an episode is an absorbing state with a learned reward of its own (the
//! last unit; truly 0), and segments that end early are padded with it. Then every
//! segment has the same length, a constant added to every unit changes no label, and, as
//! every path now goes on forever, it changes no policy either: the learned reward only
//! matters up to the constant the labels cannot see. (Without the absorbing unit, a
//! learned floor reward a little above the truth makes wandering forever beat reaching
//! the goal.)

use playground_core::gridworld::dp::Optimum;
use playground_core::gridworld::{Grid, Policy, linear};
use playground_core::mdp::{Mdp, Outcome};
use playground_core::scenario::{GridEnv, RewardFeatures};

/// Rounding room when asking whether an action is optimal.
pub const OPTIMAL_TIE: f64 = 1e-9;

#[derive(Clone, Debug)]
pub struct World {
    pub grid: Grid,
    /// V*, Q* and a greedy policy under the true reward.
    pub optimum: Optimum,
    /// A*(s, a) = Q*(s, a) − V*(s), `states × actions` (0 in terminal states).
    pub advantage: Vec<f64>,
    /// The states where an agent acts: where segments start.
    pub starts: Vec<usize>,
    /// The true reward of every unit, for state and for state-action features.
    truth: [Vec<Option<f64>>; 2],
}

impl World {
    pub fn new(env: &GridEnv) -> Result<World, String> {
        let grid = Grid::compile(env).map_err(|e| e.to_string())?;
        let mdp = grid.mdp();
        let optimum = Optimum::solve(mdp)
            .ok_or("the map's optimal values cannot be computed (a policy never ends)")?;
        let advantage = (0..mdp.states * mdp.actions)
            .map(|i| {
                let s = i / mdp.actions;
                if mdp.terminal[s] {
                    0.0
                } else {
                    optimum.q[i] - optimum.v[s]
                }
            })
            .collect();
        let starts = (0..mdp.states).filter(|&s| !mdp.terminal[s]).collect();
        let mut world = World {
            grid,
            optimum,
            advantage,
            starts,
            truth: [Vec::new(), Vec::new()],
        };
        world.truth = [RewardFeatures::State, RewardFeatures::StateAction].map(|f| {
            let mut units = world.true_reward_of_moves(f);
            units.push(Some(0.0));
            units
        });
        Ok(world)
    }

    pub fn mdp(&self) -> &Mdp {
        self.grid.mdp()
    }

    /// Learned-reward parameters: one per state, or per state and action, and the
    /// absorbing state's.
    pub fn units(&self, features: RewardFeatures) -> usize {
        self.absorbing(features) + 1
    }

    /// The unit of a step after the episode ended.
    pub fn absorbing(&self, features: RewardFeatures) -> usize {
        let mdp = self.mdp();
        match features {
            RewardFeatures::State => mdp.states,
            RewardFeatures::StateAction => mdp.states * mdp.actions,
        }
    }

    /// The parameter a transition s —a→ next pays from.
    pub fn unit(&self, features: RewardFeatures, s: usize, a: usize, next: usize) -> usize {
        match features {
            RewardFeatures::State => next,
            RewardFeatures::StateAction => s * self.mdp().actions + a,
        }
    }

    /// The true reward each unit stands for, None for units no transition uses: the mean
    /// reward of the moves entering a state from another (state features), or a state's
    /// expected reward for an action (state-action features); 0 after the end.
    pub fn true_reward(&self, features: RewardFeatures) -> &[Option<f64>] {
        match features {
            RewardFeatures::State => &self.truth[0],
            RewardFeatures::StateAction => &self.truth[1],
        }
    }

    fn true_reward_of_moves(&self, features: RewardFeatures) -> Vec<Option<f64>> {
        let mdp = self.mdp();
        match features {
            RewardFeatures::State => {
                let mut sum = vec![0.0; mdp.states];
                let mut count = vec![0usize; mdp.states];
                for s in self.starts.iter().copied() {
                    for a in 0..mdp.actions {
                        for o in mdp.outcomes(s, a).iter().filter(|o| o.next != s) {
                            sum[o.next] += o.reward;
                            count[o.next] += 1;
                        }
                    }
                }
                sum.iter()
                    .zip(&count)
                    .map(|(s, &n)| (n > 0).then(|| s / n as f64))
                    .collect()
            }
            RewardFeatures::StateAction => (0..mdp.states * mdp.actions)
                .map(|i| {
                    let (s, a) = (i / mdp.actions, i % mdp.actions);
                    (!mdp.terminal[s]).then(|| mdp.expected_reward(s, a))
                })
                .collect(),
        }
    }

    /// A unit table read as one number for state s: the state's own, or (state-action
    /// features) its mean over the moves the table defines; None where it defines none.
    pub fn per_state(
        &self,
        features: RewardFeatures,
        units: &[Option<f64>],
        s: usize,
    ) -> Option<f64> {
        match features {
            RewardFeatures::State => units[s],
            RewardFeatures::StateAction => {
                let k = self.mdp().actions;
                let row: Vec<f64> = units[s * k..(s + 1) * k]
                    .iter()
                    .flatten()
                    .copied()
                    .collect();
                (!row.is_empty()).then(|| row.iter().sum::<f64>() / row.len() as f64)
            }
        }
    }

    /// The optimal advantage of each unit (state-action features only).
    pub fn advantage_units(&self, features: RewardFeatures) -> Option<Vec<Option<f64>>> {
        let mdp = self.mdp();
        (features == RewardFeatures::StateAction).then(|| {
            (0..mdp.states * mdp.actions)
                .map(|i| (!mdp.terminal[i / mdp.actions]).then(|| self.advantage[i]))
                .chain([Some(0.0)])
                .collect()
        })
    }

    /// The MDP with its rewards replaced by a learned reward (noise removed) and its
    /// terminal states made absorbing, paying the absorbing unit's reward at every step.
    pub fn with_reward(&self, features: RewardFeatures, reward: &[f64]) -> Mdp {
        let mut mdp = self.mdp().clone();
        let actions = mdp.actions;
        let after_end = reward[self.absorbing(features)];
        for (i, outs) in mdp.outcomes.iter_mut().enumerate() {
            let (s, a) = (i / actions, i % actions);
            if self.mdp().terminal[s] {
                *outs = vec![Outcome {
                    next: s,
                    prob: 1.0,
                    reward: after_end,
                    reward_sd: 0.0,
                }];
                continue;
            }
            for o in outs.iter_mut() {
                o.reward = reward[self.unit(features, s, a, o.next)];
                o.reward_sd = 0.0;
            }
        }
        mdp.terminal.iter_mut().for_each(|t| *t = false);
        mdp
    }

    /// What a learned reward implies: the greedy policy of value iteration on it, and
    /// that policy's expected return from the start under the true reward.
    pub fn implied(&self, features: RewardFeatures, reward: &[f64]) -> Implied {
        let learned = self.with_reward(features, reward);
        // γ < 1 (validated), so policy iteration always finishes.
        let policy = Optimum::solve(&learned).map_or_else(
            || self.optimum.policy.iter().map(|_| 0).collect(),
            |o| o.policy,
        );
        let mdp = self.mdp();
        let values = linear::evaluate(mdp, &Policy::deterministic(mdp, &policy))
            .unwrap_or_else(|| vec![0.0; mdp.states]);
        let true_return = mdp.start.iter().zip(&values).map(|(p, v)| p * v).sum();
        let optimal = self
            .starts
            .iter()
            .filter(|&&s| self.advantage[s * mdp.actions + policy[s]] >= -OPTIMAL_TIE)
            .count();
        Implied {
            policy,
            true_return,
            optimal_share: optimal as f64 / self.starts.len().max(1) as f64,
        }
    }

    /// What an MLP reward model sees of each unit: a one-hot of its cell's letter, an
    /// end-of-episode flag and (state-action features) a one-hot of the move. Cells with
    /// the same letter look alike, so a label about one lava cell teaches the model about
    /// every other, where a table learns each cell apart.
    pub fn unit_inputs(&self, features: RewardFeatures) -> Vec<Vec<f64>> {
        let g = &self.grid;
        let letter_of = |s: usize| {
            let (r, c) = g.cell_of(s);
            g.char_at(r, c)
        };
        let mut letters: Vec<char> = (0..g.states()).map(letter_of).collect();
        letters.sort_unstable();
        letters.dedup();
        let actions = match features {
            RewardFeatures::State => 0,
            RewardFeatures::StateAction => g.actions(),
        };
        let end = letters.len();
        let width = end + 1 + actions;
        let state_row = |s: usize| {
            let mut x = vec![0.0; width];
            x[letters.binary_search(&letter_of(s)).unwrap_or(0)] = 1.0;
            x
        };
        let mut rows: Vec<Vec<f64>> = match features {
            RewardFeatures::State => (0..g.states()).map(state_row).collect(),
            RewardFeatures::StateAction => (0..g.states() * actions)
                .map(|i| {
                    let mut x = state_row(i / actions);
                    x[end + 1 + i % actions] = 1.0;
                    x
                })
                .collect(),
        };
        let mut after_end = vec![0.0; width];
        after_end[end] = 1.0;
        rows.push(after_end);
        rows
    }

    /// The optimal expected return from the start.
    pub fn optimal_return(&self) -> f64 {
        self.optimum.start_value(self.mdp())
    }
}

/// The policy a learned reward implies and how good it truly is.
#[derive(Clone, Debug, PartialEq)]
pub struct Implied {
    /// One action per state (0 in terminal states).
    pub policy: Vec<usize>,
    pub true_return: f64,
    /// The share of non-terminal states whose implied action is optimal.
    pub optimal_share: f64,
}

/// Pearson's correlation of two tables over the entries both define; None when fewer than
/// two entries or one side is constant.
pub fn correlation(a: &[Option<f64>], b: &[f64]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter_map(|(x, &y)| x.map(|x| (x, y)))
        .collect();
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x / n, sy + y / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// max − min of a learned reward over the units the truth defines.
pub fn scale(truth: &[Option<f64>], reward: &[f64]) -> f64 {
    let used = truth.iter().zip(reward).filter_map(|(t, &r)| t.map(|_| r));
    let (lo, hi) = used.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
        (lo.min(r), hi.max(r))
    });
    if hi >= lo { hi - lo } else { 0.0 }
}
