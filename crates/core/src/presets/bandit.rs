//! The Bandit Arena's presets: Sutton & Barto's chapter 2, regret bounds, adversaries.

use super::Preset;

const SUTTON_BARTO: &str = "Sutton & Barto (2018), Reinforcement Learning: An Introduction, ch. 2";
const AUER: &str =
    "Auer, Cesa-Bianchi & Fischer (2002), Finite-time Analysis of the Multiarmed Bandit Problem";
const LAI_ROBBINS: &str =
    "Lai & Robbins (1985), Asymptotically Efficient Adaptive Allocation Rules";
const EXP3: &str =
    "Auer, Cesa-Bianchi, Freund & Schapire (2002), The Nonstochastic Multiarmed Bandit Problem";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "bandit",
        name: "testbed-four",
        title: "Four strategies on the 10-armed testbed",
        summary: "ε-greedy, UCB, Thompson sampling and the gradient bandit, 2000 runs each.",
        notice: "Early on, everyone explores and the curves bunch together. By step 200 the \
                 ordering settles: Thompson sampling and UCB keep improving, ε-greedy's average \
                 reward plateaus because it keeps exploring 10% of the time forever. Switch to \
                 regret: only ε-greedy grows in a straight line.",
        papers: &[],
        background: &[SUTTON_BARTO],
        view: "metric=avg_reward",
        toml: include_str!("../../presets/testbed-four.toml"),
    },
    Preset {
        kind: "bandit",
        name: "sutton-barto-epsilon",
        title: "Greedy vs ε-greedy (10-armed testbed)",
        summary: "Sutton & Barto's figure 2.2: how much exploration pays on the 10-armed testbed.",
        notice: "Greedy rises fastest, then stalls near 1.0: it locks onto whichever arm looked best \
                 early. ε = 0.1 explores enough to find the best arm and overtakes it; ε = 0.01 \
                 learns slowly but would end highest.",
        papers: &[],
        background: &[SUTTON_BARTO],
        view: "metric=avg_reward",
        toml: include_str!("../../presets/sutton-barto-epsilon.toml"),
    },
    Preset {
        kind: "bandit",
        name: "sutton-barto-optimistic",
        title: "Optimistic initial values",
        summary: "Sutton & Barto's figure 2.3: a greedy learner that starts with Q₁ = 5 explores by disappointment.",
        notice: "Watch % optimal action: the optimistic learner is worse at first (every arm \
                 disappoints it, so it tries them all), shows a spike near step 11, then beats \
                 ε-greedy.",
        papers: &[
            "Optimistic Curiosity Exploration and Conservative Exploitation with Linear Reward Shaping",
        ],
        background: &[SUTTON_BARTO],
        view: "metric=pct_optimal",
        toml: include_str!("../../presets/sutton-barto-optimistic.toml"),
    },
    Preset {
        kind: "bandit",
        name: "sutton-barto-ucb",
        title: "Upper confidence bounds",
        summary: "Sutton & Barto's figure 2.4: UCB explores arms it is unsure about instead of at random.",
        notice: "UCB beats ε-greedy after the first steps; the spike at step 11 is UCB trying every \
                 arm once and then picking the best-looking one.",
        papers: &[],
        background: &[SUTTON_BARTO, AUER],
        view: "metric=avg_reward",
        toml: include_str!("../../presets/sutton-barto-ucb.toml"),
    },
    Preset {
        kind: "bandit",
        name: "sutton-barto-gradient",
        title: "Gradient bandit: why a baseline helps",
        summary: "Sutton & Barto's figure 2.5: softmax preferences learned by stochastic gradient ascent, true values centred on +4.",
        notice: "Without a baseline every reward (all near +4) pushes up whichever arm was pulled, \
                 so learning is slow. Subtracting the average reward fixes it. The Verify panel \
                 checks that the expected update is exactly α × the gradient of expected reward.",
        papers: &[],
        background: &[SUTTON_BARTO],
        view: "metric=pct_optimal",
        toml: include_str!("../../presets/sutton-barto-gradient.toml"),
    },
    Preset {
        kind: "bandit",
        name: "bernoulli-regret",
        title: "Bernoulli arms: regret against the lower bound",
        summary: "Thompson sampling, KL-UCB, UCB1 and ε-greedy on five Bernoulli arms, with the Lai–Robbins lower bound.",
        notice: "On the log-t axis, good algorithms grow in a straight line (logarithmic regret) \
                 parallel to the dashed Lai–Robbins line; ε-greedy curves upward (linear regret: \
                 it never stops exploring). UCB1 stays under its finite-time bound (Verify).",
        papers: &[
            "Optimality of Thompson Sampling with Noninformative Priors for Pareto Bandits",
            "MaxInfoRL: Boosting exploration in reinforcement learning through information gain maximization",
        ],
        background: &[LAI_ROBBINS, AUER],
        view: "metric=regret&logx=1",
        toml: include_str!("../../presets/bernoulli-regret.toml"),
    },
    Preset {
        kind: "bandit",
        name: "nonstationary",
        title: "Drifting arms: constant step size",
        summary: "Sutton & Barto's exercise 2.5: true values take random walks.",
        notice: "Sample averages weigh the first reward as much as the last, so they fall behind \
                 as the arms drift. A constant α forgets the past at a steady rate and keeps up.",
        papers: &[],
        background: &[SUTTON_BARTO],
        view: "metric=pct_optimal",
        toml: include_str!("../../presets/nonstationary.toml"),
    },
    Preset {
        kind: "bandit",
        name: "adversarial",
        title: "An adversary that knew your algorithm",
        summary: "Rewards fixed in advance by simulating UCB and paying 0 on its every pick.",
        notice: "Deterministic UCB earns nothing and its regret grows linearly. EXP3 randomises, so \
                 the same table cannot predict it: its regret against the best fixed arm stays \
                 sublinear. Change UCB's c away from the rigged value and see what happens.",
        papers: &[
            "Optimistic Online Mirror Descent for Bridging Stochastic and Adversarial Online Convex Optimization",
        ],
        background: &[EXP3],
        view: "metric=regret",
        toml: include_str!("../../presets/adversarial.toml"),
    },
    Preset {
        kind: "bandit",
        name: "unequal-variances",
        title: "Arms with unequal noise",
        summary: "The best arm is noisy (sd 3); the others are quiet (sd 0.1).",
        notice: "Thompson sampling that assumes sd 1 under-estimates the best arm's noise: after a \
                 few unlucky draws it is confident the arm is bad and settles on the quiet \
                 runner-up, so its regret grows linearly. Normal–Gamma Thompson sampling learns \
                 each arm's variance and pays only for what is uncertain.",
        papers: &["Only Pay for What Is Uncertain: Variance-Adaptive Thompson Sampling"],
        background: &[],
        view: "metric=regret",
        toml: include_str!("../../presets/unequal-variances.toml"),
    },
];
