//! The Gridworld Lab's presets: Sutton & Barto's gridworlds, exploration benchmarks, and
//! claims from the reading list.
//!
//! View flags (`Preset::view`), read by the page and, for `metric` and `logx`, by the
//! CLI's `--figure`:
//! - `metric=return|start_value|residual|coverage`: the curve shown first (`coverage`
//!   only where a learner has the novelty option);
//! - `show=values|policy|q|visits|path`: what the map panel draws first (state values,
//!   greedy arrows, the four action values per cell, visit counts, run 1's last episode);
//! - `learner=N`: whose map is drawn (0-based, in the scenario's order);
//! - `logx=1`: a log-scale x axis.

use super::Preset;

const SUTTON_BARTO: &str = "Sutton & Barto (2018), Reinforcement Learning: An Introduction";
const OSBAND_PSRL: &str = "Osband, Russo & Van Roy (2013), (More) Efficient Reinforcement Learning via Posterior Sampling";
const STREHL_LITTMAN: &str = "Strehl & Littman (2008), An analysis of model-based Interval \
                              Estimation for Markov Decision Processes (RiverSwim)";
const OSBAND_CHAIN: &str = "Osband, Van Roy & Wen (2016), Generalization and Exploration via \
                            Randomized Value Functions (the chain)";
const VAN_HASSELT: &str = "van Hasselt (2010), Double Q-learning";
const FROZEN_LAKE: &str = "Brockman et al. (2016), OpenAI Gym (FrozenLake 8×8)";

const C_PSRL: &str =
    "Exploiting Causal Graph Priors with Posterior Sampling for Reinforcement Learning";
const SHAPING: &str =
    "Optimistic Curiosity Exploration and Conservative Exploitation with Linear Reward Shaping";
const GRADUAL: &str = "Gradual Transition from Bellman Optimality Operator to Bellman Operator in \
                       Online Reinforcement Learning";
const MAXINFORL: &str = "MaxInfoRL: Boosting exploration in reinforcement learning through information gain maximization";
const SOFE: &str = "Improving Intrinsic Exploration by Creating Stationary Objectives";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "gridworld",
        name: "grid-sutton-barto-4x4",
        title: "Policy evaluation on the 4×4 gridworld",
        summary: "Sutton & Barto's Example 4.1: the random policy's values, sweep by sweep, \
                  next to value and policy iteration.",
        notice: "Step through the sweeps: values spread out from the two corners, and after \
                 about 400 sweeps settle on the book's table (0, −14, −20, −22 in the top row). \
                 Sweeping in place gets there in fewer sweeps, since each new value is used \
                 at once. Value iteration needs only 4 sweeps and policy iteration 2 rounds: \
                 they look for the best policy, whose values (−1, −2, −3) are much easier to \
                 find. The greedy arrows of the random policy's values are already optimal.",
        papers: &[],
        background: &[SUTTON_BARTO],
        view: "metric=residual&show=values&learner=0&logx=1",
        toml: include_str!("../../presets/grid-sutton-barto-4x4.toml"),
    },
    Preset {
        kind: "gridworld",
        name: "grid-sutton-barto-5x5",
        title: "The 5×5 gridworld with teleports",
        summary: "Sutton & Barto's Example 3.5: v of the random policy (Figure 3.2), v* (Figure \
                  3.5), and Q-learning finding v* from experience.",
        notice: "Under the random policy A is worth less than its +10 (8.8): the jump lands \
                 on a, by the bottom edge, where a random walk keeps bumping into it (−1). \
                 B is worth more than its +5 (5.3): b lies away from the edges. The optimal \
                 values are all positive and the arrows all lead to A. \
                 Q-learning explores a lot (ε = 0.3) and still learns v*: its target takes \
                 the best next action, not the one it tried.",
        papers: &[],
        background: &[SUTTON_BARTO],
        view: "metric=start_value&show=values&learner=1",
        toml: include_str!("../../presets/grid-sutton-barto-5x5.toml"),
    },
    Preset {
        kind: "gridworld",
        name: "grid-cliff-walking",
        title: "Cliff Walking: SARSA vs Q-learning",
        summary: "Sutton & Barto's Example 6.6: the on-policy learner walks the safe path, the \
                  off-policy learner the optimal one along the edge — and falls off.",
        notice: "Q-learning's arrows run right along the cliff: that path is optimal (−13) \
                 if you never slip. But it keeps exploring (ε = 0.1), so it falls now and \
                 then, and its return per episode stays near −50. SARSA learns the values of \
                 what it actually does, exploration included, and keeps to the top rows: a \
                 longer path, but a better return while learning (about −25).",
        papers: &[],
        background: &[SUTTON_BARTO],
        view: "metric=return&show=policy&learner=0",
        toml: include_str!("../../presets/grid-cliff-walking.toml"),
    },
    Preset {
        kind: "gridworld",
        name: "grid-windy",
        title: "The windy gridworld",
        summary: "Sutton & Barto's Example 6.5: the wind pushes the agent up in the middle \
                  columns; SARSA learns to use it.",
        notice: "The first episodes take hundreds of steps; then episodes shorten fast. The \
                 optimal path takes 15 steps: it overshoots to the right and lets the wind \
                 carry it, then comes back down to G. Compare SARSA's path with value \
                 iteration's arrows.",
        papers: &[],
        background: &[SUTTON_BARTO],
        view: "metric=return&show=path&learner=0",
        toml: include_str!("../../presets/grid-windy.toml"),
    },
    Preset {
        kind: "gridworld",
        name: "grid-slippery-lake",
        title: "A slippery 8×8 lake",
        summary: "Every move slides sideways two times in three; holes end the episode. \
                  Q-learning and expected SARSA against the exact optimum.",
        notice: "Even the optimal policy reaches G only part of the time; its arrows often \
                 point away from a hole rather than toward the goal, because sliding \
                 sideways is twice as likely as going where you meant. The learners need \
                 thousands of episodes: the reward is rare and every outcome is random.",
        papers: &[],
        background: &[FROZEN_LAKE, SUTTON_BARTO],
        view: "metric=return&show=policy&learner=2",
        toml: include_str!("../../presets/grid-slippery-lake.toml"),
    },
    Preset {
        kind: "gridworld",
        name: "grid-riverswim",
        title: "RiverSwim: exploration that goes upstream",
        summary: "A river flows left; the small reward is at the left bank, the big one at \
                  the right. ε-greedy Q-learning, a count bonus and PSRL.",
        notice: "ε-greedy Q-learning finds the 0.005 at the left bank and stays there: \
                 reaching the right bank takes many lucky moves against the current. The \
                 count bonus makes untried moves pay, and PSRL samples models in which \
                 swimming upstream might pay off, then tries them: both learn to cross. \
                 Look at the visit counts.",
        papers: &[C_PSRL],
        background: &[STREHL_LITTMAN, OSBAND_PSRL],
        view: "metric=return&show=visits&learner=0",
        toml: include_str!("../../presets/grid-riverswim.toml"),
    },
    Preset {
        kind: "gridworld",
        name: "grid-chain",
        title: "A chain that needs deep exploration",
        summary: "Nine moves right in a row lead to a reward of 1; the left end pays 0.01 \
                  every step. Dithering fails; planning to explore succeeds.",
        notice: "ε-greedy never gets far: nine right moves in a row by chance is too rare. \
                 A count bonus alone fails too: an action never tried earns no bonus, so it \
                 looks worse than familiar ones. Start Q at β/(1 − γ), what an untried \
                 action would be worth if it kept paying its first bonus, and it sweeps \
                 right at once. PSRL gets there more slowly but steadily: each episode it \
                 follows a model in which the unexplored end might pay.",
        papers: &[C_PSRL],
        background: &[OSBAND_CHAIN, OSBAND_PSRL],
        view: "metric=return&show=visits&learner=3",
        toml: include_str!("../../presets/grid-chain.toml"),
    },
    Preset {
        kind: "gridworld",
        name: "grid-sparse-room",
        title: "A sparse room",
        summary: "One reward, in the far corner behind a wall. Random exploration against \
                  optimism.",
        notice: "Watch the visit counts. ε-greedy rarely gets through the door within 60 \
                 steps. With Q₀ = 1 every untried action looks better than anything known, \
                 so the agent tries them all, sweeping the room systematically, and finds \
                 the door.",
        papers: &[SHAPING],
        background: &[SUTTON_BARTO],
        view: "metric=return&show=visits&learner=1",
        toml: include_str!("../../presets/grid-sparse-room.toml"),
    },
    Preset {
        kind: "gridworld",
        name: "grid-optimism-is-a-shift",
        title: "Optimistic initial values are a negative reward shift",
        summary: "Q-learning from Q₀ = 10 and Q-learning on rewards shifted by −1 (γ = 0.9) \
                  are one learner: same actions, values 10 apart.",
        notice: "The two return curves lie exactly on top of each other: both learners take \
                 the same action at every step (the Verify panel compares the whole action \
                 sequence of run 1). Their value estimates differ by exactly 1/(1 − γ) = 10. \
                 Subtracting a constant from every reward makes everything already tried \
                 look worse than the untried: optimism without touching Q₀. The greedy \
                 learner with Q₀ = 0 settles for less.",
        papers: &[SHAPING],
        background: &[SUTTON_BARTO],
        view: "metric=return&show=values&learner=0",
        toml: include_str!("../../presets/grid-optimism-is-a-shift.toml"),
    },
    Preset {
        kind: "gridworld",
        name: "grid-overestimation",
        title: "Noisy rewards: the max over-estimates",
        summary: "Sutton & Barto's maximization bias as a map: Q-learning, expected SARSA, \
                  a backup annealed from one to the other, and double Q-learning.",
        notice: "The optimum at S is 0: go right. On the start-value plot Q-learning stays \
                 above it, because the largest of four noisy estimates of M's moves is \
                 usually well above their true −0.1; it keeps walking into M (see its \
                 visit counts) and its return suffers. Expected SARSA averages over its \
                 exploring policy and is fooled much less. The mixed backup starts as \
                 Q-learning and ends as expected SARSA: its over-estimate fades as κ goes \
                 to 0. Double Q-learning, which picks with one table and values with \
                 another, is not fooled at all.",
        papers: &[GRADUAL],
        background: &[SUTTON_BARTO, VAN_HASSELT],
        view: "metric=start_value&show=visits&learner=0",
        toml: include_str!("../../presets/grid-overestimation.toml"),
    },
    Preset {
        kind: "gridworld",
        name: "grid-maxinforl",
        title: "Boltzmann exploration with an information-gain bonus",
        summary: "RiverSwim with softmax exploration, with and without a reward for what the \
                  agent learns about the river's dynamics.",
        notice: "Plain Boltzmann exploration drifts upstream only slowly. With the \
                 information-gain bonus, moves whose outcomes the agent cannot yet predict \
                 pay extra; the bonus fades as the counts grow, and the agent reaches the \
                 right bank early and stays. The bonus here is exact: the KL divergence \
                 between the Dirichlet beliefs about the next state before and after each \
                 observation.",
        papers: &[MAXINFORL],
        background: &[STREHL_LITTMAN],
        view: "metric=return&show=visits&learner=1",
        toml: include_str!("../../presets/grid-maxinforl.toml"),
    },
    Preset {
        kind: "gridworld",
        name: "grid-stationary-novelty",
        title: "A novelty bonus becomes stationary when the state shows what was visited",
        summary: "An empty corridor, a bonus for each cell first visited in the episode: \
                  Q-learning on a table by cell against one by (cell, cells visited so far).",
        notice: "This is the episodic-count version of SOFE. The bonus for a cell depends on \
                 whether the episode has been there yet; the plain learner cannot see that, \
                 so the same cell pays 1 one time and 0 the next, and its values chase a \
                 moving target: it ends up pacing back and forth near the start and covers \
                 about a third of the corridor. The learner whose table is indexed by (cell, \
                 visited set) sees exactly what decides the reward, learns to sweep to one end \
                 and back to the other, and covers nearly all of it. A table needs the episodic \
                 form: with counts kept over a whole life, each count is met once and never \
                 again, so putting it in the state only resets rows and teaches nothing.",
        papers: &[SOFE],
        background: &[],
        view: "metric=coverage&show=visits&learner=1",
        toml: include_str!("../../presets/grid-stationary-novelty.toml"),
    },
];
