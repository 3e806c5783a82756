//! The Bayesian-optimisation presets (`kind = "bayesopt"`).
//! The numbers in the notices are those the runs produce (crates/bayesopt/tests/claims.rs).

use super::Preset;

const TUTORIAL: &str = "A Tutorial on Bayesian Optimization";
const GREED: &str = "Greed is Good: Exploration and Exploitation Trade-offs in Bayesian Optimisation";
const SHOTGUN: &str = "ε-shotgun: ε-greedy Batch Bayesian Optimisation";
const USER_GUIDED: &str = "A General Framework for User-Guided Bayesian Optimization";
const SKEW: &str = "Towards Practical Preferential Bayesian Optimization with Skew Gaussian Processes";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "bayesopt",
        name: "bayesopt-tutorial-forrester",
        title: "The tutorial's picture: EI, UCB and Thompson sampling on Forrester's function",
        summary: "A GP refitted by marginal likelihood before every query, on Forrester's \
                  function with noise σ = 0.1, against random search.",
        notice: "TODO",
        papers: &[TUTORIAL],
        background: &[],
        view: "",
        toml: include_str!("../../presets/bayesopt-tutorial-forrester.toml"),
    },
    Preset {
        kind: "bayesopt",
        name: "bayesopt-greed-is-good",
        title: "Greed is good: the (μ, s) Pareto front, and ε-greedy at small budgets",
        summary: "EI, UCB, PI, ε-PF, ε-RS and random search on Gramacy–Lee's many local minima.",
        notice: "TODO",
        papers: &[GREED],
        background: &[TUTORIAL],
        view: "",
        toml: include_str!("../../presets/bayesopt-greed-is-good.toml"),
    },
    Preset {
        kind: "bayesopt",
        name: "bayesopt-shotgun-branin",
        title: "ε-shotgun: four points a step on Branin",
        summary: "The ε-shotgun batch (q = 4) beside one-point-a-step EI and Thompson sampling on \
                  Branin's three global minima.",
        notice: "TODO",
        papers: &[SHOTGUN],
        background: &[TUTORIAL],
        view: "",
        toml: include_str!("../../presets/bayesopt-shotgun-branin.toml"),
    },
    Preset {
        kind: "bayesopt",
        name: "bayesopt-user-prior",
        title: "A user's belief about x*: a right one speeds BO, a wrong one costs little",
        summary: "EI alone, and EI weighted by a right (x* ≈ 0.75) and a wrong (x* ≈ 0.1) belief \
                  that fades as γ/t, on Forrester's function.",
        notice: "TODO",
        papers: &[USER_GUIDED],
        background: &[TUTORIAL],
        view: "",
        toml: include_str!("../../presets/bayesopt-user-prior.toml"),
    },
    Preset {
        kind: "bayesopt",
        name: "bayesopt-preferential-skew",
        title: "Duels only: the Laplace approximation mis-states duel probabilities",
        summary: "Preferential BO from noisy duels on Forrester's function, with a Laplace \
                  (Gaussian) posterior and with MCMC of the exact skew posterior.",
        notice: "TODO",
        papers: &[SKEW],
        background: &[TUTORIAL],
        view: "",
        toml: include_str!("../../presets/bayesopt-preferential-skew.toml"),
    },
];
