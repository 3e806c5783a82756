//! The Bayesian-optimisation presets (`kind = "bayesopt"`).
//! The numbers in the notices are those the runs produce (crates/bayesopt/tests/claims.rs).

use super::Preset;

const TUTORIAL: &str = "A Tutorial on Bayesian Optimization";
const GREED: &str =
    "Greed is Good: Exploration and Exploitation Trade-offs in Bayesian Optimisation";
const SHOTGUN: &str = "ε-shotgun: ε-greedy Batch Bayesian Optimisation";
const USER_GUIDED: &str = "A General Framework for User-Guided Bayesian Optimization";
const SKEW: &str =
    "Towards Practical Preferential Bayesian Optimization with Skew Gaussian Processes";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "bayesopt",
        name: "bayesopt-tutorial-forrester",
        title: "The tutorial's picture: EI, UCB and Thompson sampling on Forrester's function",
        summary: "A GP refitted by marginal likelihood before every query, on Forrester's \
                  function with noise σ = 0.1, against random search.",
        notice: "Averaged over 10 runs, Thompson sampling is closest after 5 steps among the GP rules \
                 (simple regret 0.96, EI 2.33, UCB 2.51; random search 0.78 is lucky early) and after \
                 15 steps reaches 0.0030, EI 0.0054, while random search stalls at 0.23. UCB (β = 4) \
                 ends at 0.51 ± 0.99: one run keeps exploring. The refitted GP of run 0 settles at \
                 ℓ = 0.30, σ_f² = 4.8, σ_n² = 2.2e-4 (standardised), and the Verify panel finds the \
                 marginal likelihood's projected gradient there below 1e-10.",
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
        notice: "EI's and UCB's next queries are never dominated in (μ, s) (0 of 80 decisions each, \
                 runs 0–3), while PI's are 8 times: PI prefers a sure small gain, a point whose s is \
                 lower than that of a point with a lower mean. ε-greedy keeps up: after 10 steps ε-RS \
                 has simple regret 0.56 (EI 1.00, UCB 1.78, random 4.85) and after 20, ε-RS 0.11 and \
                 ε-PF 0.49 against EI 0.62 and UCB 1.11 (16 runs). Its greedy move is the lowest μ not \
                 yet queried.",
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
        notice: "Four points a step pay off: after 5 steps the batch's simple regret is 0.22 against \
                 EI's 1.96, Thompson sampling's 4.61 and random search's 7.03; after 15 steps 0.083 \
                 against 0.53, 1.23 and 3.83 (8 runs). Even at equal evaluations (3 batches against 12 \
                 EI steps) the batch is ahead: 0.41 against 0.82, because its points around the \
                 greedy one refine the basin EI reaches one point at a time.",
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
        notice: "With the belief right, πBO's simple regret after 5 steps is 0.056 against plain EI's \
                 1.56, and it reaches 0.0029 by step 10. With the belief wrong (near the local minimum \
                 at 0.14), it is behind at first (2.72 after 5 steps) but its weight fades as γ/t, and \
                 by step 25 it ends where EI ends, 0.160 (32 runs; one run in 32 of each stays in the \
                 local minimum).",
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
        notice: "After one duel, the probability that its winner wins again is exactly ½ + asin(ρ)/π: \
                 0.90 for run 0's first pair, which MCMC (4000 samples) gets to 0.90 and the Laplace \
                 approximation states as 0.77. After run 0's 25 duels the Laplace probabilities of \
                 the winners winning again are off by up to 0.24 from a 40,000-sample chain, a \
                 300-sample chain by up to 0.07. As an optimiser, duels alone reach simple regret 0.21 \
                 (Laplace) and 1.11 ± 1.41 (MCMC) after 25 steps, over 8 runs; random search, which \
                 sees values, 0.22.",
        papers: &[SKEW],
        background: &[TUTORIAL],
        view: "",
        toml: include_str!("../../presets/bayesopt-preferential-skew.toml"),
    },
    Preset {
        kind: "bayesopt",
        name: "bayesopt-you-judge",
        title: "You are the judge: preferential BO from your clicks",
        summary: "Preferential BO on Forrester's function where you answer every duel: which \
                  of two points is lower? Twelve duels, and the link keeps your answers.",
        notice: "The learner never sees a value, only your choice. Watch its latent curve (the \
                 posterior, drawn upside down as −utility) take the shape of the dashed \
                 objective wherever you have compared points, and its next duel move toward \
                 the region you keep preferring. Answer against the curve a few times and see \
                 how quickly a wrong belief is corrected — or not.",
        papers: &[SKEW],
        background: &[TUTORIAL],
        view: "",
        toml: include_str!("../../presets/bayesopt-you-judge.toml"),
    },
];
