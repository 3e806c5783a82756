//! Named scenarios a lecturer reaches for, with what to notice in each.
//!
//! The scenarios themselves are TOML files in `crates/core/presets/`, so they read exactly
//! like files a user saves or imports.

use crate::scenario::Scenario;

/// How a preset's figure is first shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlotHint {
    pub metric: &'static str,
    pub log_x: bool,
}

#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// Stable name used by the CLI (`--preset NAME`) and in links.
    pub name: &'static str,
    pub title: &'static str,
    /// One sentence: what the preset shows.
    pub summary: &'static str,
    /// The "what should I notice?" prompt.
    pub notice: &'static str,
    /// Papers from the playground's reading list that this preset illustrates, by title.
    pub papers: &'static [&'static str],
    /// Classic references it reproduces (not in the reading list).
    pub background: &'static [&'static str],
    pub plot: PlotHint,
    pub toml: &'static str,
}

impl Preset {
    /// The preset's scenario. Presets are tested to parse, so this cannot fail in use.
    pub fn scenario(&self) -> Scenario {
        Scenario::from_toml(self.toml).expect("presets are valid (tested)")
    }
}

const SUTTON_BARTO: &str = "Sutton & Barto (2018), Reinforcement Learning: An Introduction, ch. 2";
const AUER: &str =
    "Auer, Cesa-Bianchi & Fischer (2002), Finite-time Analysis of the Multiarmed Bandit Problem";
const LAI_ROBBINS: &str =
    "Lai & Robbins (1985), Asymptotically Efficient Adaptive Allocation Rules";
const EXP3: &str =
    "Auer, Cesa-Bianchi, Freund & Schapire (2002), The Nonstochastic Multiarmed Bandit Problem";

pub const BANDIT_PRESETS: &[Preset] = &[
    Preset {
        name: "testbed-four",
        title: "Four strategies on the 10-armed testbed",
        summary: "ε-greedy, UCB, Thompson sampling and the gradient bandit, 2000 runs each.",
        notice: "Early on, everyone explores and the curves bunch together. By step 200 the \
                 ordering settles: Thompson sampling and UCB keep improving, ε-greedy's average \
                 reward plateaus because it keeps exploring 10% of the time forever. Switch to \
                 regret: only ε-greedy grows in a straight line.",
        papers: &[],
        background: &[SUTTON_BARTO],
        plot: PlotHint {
            metric: "avg_reward",
            log_x: false,
        },
        toml: include_str!("../presets/testbed-four.toml"),
    },
    Preset {
        name: "sutton-barto-epsilon",
        title: "Greedy vs ε-greedy (10-armed testbed)",
        summary: "Sutton & Barto's figure 2.2: how much exploration pays on the 10-armed testbed.",
        notice: "Greedy rises fastest, then stalls near 1.0: it locks onto whichever arm looked best \
                 early. ε = 0.1 explores enough to find the best arm and overtakes it; ε = 0.01 \
                 learns slowly but would end highest.",
        papers: &[],
        background: &[SUTTON_BARTO],
        plot: PlotHint {
            metric: "avg_reward",
            log_x: false,
        },
        toml: include_str!("../presets/sutton-barto-epsilon.toml"),
    },
    Preset {
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
        plot: PlotHint {
            metric: "pct_optimal",
            log_x: false,
        },
        toml: include_str!("../presets/sutton-barto-optimistic.toml"),
    },
    Preset {
        name: "sutton-barto-ucb",
        title: "Upper confidence bounds",
        summary: "Sutton & Barto's figure 2.4: UCB explores arms it is unsure about instead of at random.",
        notice: "UCB beats ε-greedy after the first steps; the spike at step 11 is UCB trying every \
                 arm once and then picking the best-looking one.",
        papers: &[],
        background: &[SUTTON_BARTO, AUER],
        plot: PlotHint {
            metric: "avg_reward",
            log_x: false,
        },
        toml: include_str!("../presets/sutton-barto-ucb.toml"),
    },
    Preset {
        name: "sutton-barto-gradient",
        title: "Gradient bandit: why a baseline helps",
        summary: "Sutton & Barto's figure 2.5: softmax preferences learned by stochastic gradient ascent, true values centred on +4.",
        notice: "Without a baseline every reward (all near +4) pushes up whichever arm was pulled, \
                 so learning is slow. Subtracting the average reward fixes it. The Verify panel \
                 checks that the expected update is exactly α × the gradient of expected reward.",
        papers: &[],
        background: &[SUTTON_BARTO],
        plot: PlotHint {
            metric: "pct_optimal",
            log_x: false,
        },
        toml: include_str!("../presets/sutton-barto-gradient.toml"),
    },
    Preset {
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
        plot: PlotHint {
            metric: "regret",
            log_x: true,
        },
        toml: include_str!("../presets/bernoulli-regret.toml"),
    },
    Preset {
        name: "nonstationary",
        title: "Drifting arms: constant step size",
        summary: "Sutton & Barto's exercise 2.5: true values take random walks.",
        notice: "Sample averages weigh the first reward as much as the last, so they fall behind \
                 as the arms drift. A constant α forgets the past at a steady rate and keeps up.",
        papers: &[],
        background: &[SUTTON_BARTO],
        plot: PlotHint {
            metric: "pct_optimal",
            log_x: false,
        },
        toml: include_str!("../presets/nonstationary.toml"),
    },
    Preset {
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
        plot: PlotHint {
            metric: "regret",
            log_x: false,
        },
        toml: include_str!("../presets/adversarial.toml"),
    },
    Preset {
        name: "unequal-variances",
        title: "Arms with unequal noise",
        summary: "The best arm is noisy (sd 3); the others are quiet (sd 0.1).",
        notice: "Thompson sampling that assumes sd 1 under-estimates the best arm's noise: after a \
                 few unlucky draws it is confident the arm is bad and settles on the quiet \
                 runner-up, so its regret grows linearly. Normal–Gamma Thompson sampling learns \
                 each arm's variance and pays only for what is uncertain.",
        papers: &["Only Pay for What Is Uncertain: Variance-Adaptive Thompson Sampling"],
        background: &[],
        plot: PlotHint {
            metric: "regret",
            log_x: false,
        },
        toml: include_str!("../presets/unequal-variances.toml"),
    },
];

pub const TRANSFORMER_PRESETS: &[Preset] = &[
    Preset {
        name: "tiny-transformer",
        title: "A tiny transformer learns a language",
        summary: "2 layers, 4 heads, width 64, trained with Adam on text from a 16-token Markov chain.",
        notice: "The loss starts near ln 16 ≈ 2.77 nats (a uniform guess) and falls toward the \
                 dashed floor, the chain's entropy rate: the best any predictor can do. It never \
                 goes below it. Watch the model's samples start to look like the chain's, and the \
                 attention map settle on the previous token: that is all a Markov chain needs.",
        papers: &[],
        background: &[],
        plot: PlotHint {
            metric: "loss",
            log_x: false,
        },
        toml: include_str!("../presets/tiny-transformer.toml"),
    },
    Preset {
        name: "transformer-exploding",
        title: "Learning rate too high, no clipping",
        summary: "SGD with momentum at learning rate 1.0 and no gradient clipping.",
        notice: "After a few steps the loss shoots up by orders of magnitude and the model's \
                 samples turn to noise: each update overshoots and the next gradient is larger \
                 still. Some 250 steps in, the loss is no longer a finite number; training stops \
                 and says why. Compare the clipped preset.",
        papers: &[],
        background: &[],
        plot: PlotHint {
            metric: "loss",
            log_x: false,
        },
        toml: include_str!("../presets/transformer-exploding.toml"),
    },
    Preset {
        name: "transformer-clipped",
        title: "The same learning rate, gradients clipped",
        summary: "SGD with momentum at learning rate 1.0, global gradient norm clipped to 1.",
        notice: "Clipping caps the length of each update, so the same learning rate no longer \
                 blows up. The loss is noisy but heads for the floor.",
        papers: &[],
        background: &[],
        plot: PlotHint {
            metric: "loss",
            log_x: false,
        },
        toml: include_str!("../presets/transformer-clipped.toml"),
    },
];

/// Every preset of every demo.
pub fn all() -> impl Iterator<Item = &'static Preset> {
    BANDIT_PRESETS.iter().chain(TRANSFORMER_PRESETS)
}

/// A preset by name.
pub fn find(name: &str) -> Option<&'static Preset> {
    all().find(|p| p.name == name)
}
