//! Plain-language explanations beside the maths (MathML, no JavaScript maths library),
//! and the papers the arena illustrates, by title.

use leptos::prelude::*;
use playground_core::Scenario;

use super::BanditLab;
use crate::shell::{Shell, explain};

/// One algorithm card: (agent type names it covers, title, MathML + prose as HTML).
const CARDS: &[(&[&str], &str, &str)] = &[
    (
        &["epsilon-greedy"],
        "ε-greedy",
        r#"
<p>With probability ε pull a random arm, otherwise the arm with the highest estimate. Estimates move toward each reward:</p>
<math display="block"><mrow><msub><mi>Q</mi><mrow><mi>n</mi><mo>+</mo><mn>1</mn></mrow></msub><mo>=</mo><msub><mi>Q</mi><mi>n</mi></msub><mo>+</mo><msub><mi>α</mi><mi>n</mi></msub><mo>(</mo><msub><mi>R</mi><mi>n</mi></msub><mo>−</mo><msub><mi>Q</mi><mi>n</mi></msub><mo>)</mo></mrow></math>
<p>with α<sub>n</sub> = 1/n (the sample average) or a constant α, which weights recent rewards more and so tracks arms that drift. A high starting Q₁ makes even greedy play explore: every arm disappoints until it has been tried.</p>"#,
    ),
    (
        &["ucb", "kl-ucb"],
        "Upper confidence bounds",
        r#"
<p>Pull the arm whose <em>optimistic</em> estimate is highest: its mean plus a bonus that shrinks as the arm is pulled.</p>
<math display="block"><mrow><msub><mi>A</mi><mi>t</mi></msub><mo>=</mo><munder><mo>argmax</mo><mi>a</mi></munder><mo>[</mo><msub><mi>Q</mi><mi>t</mi></msub><mo>(</mo><mi>a</mi><mo>)</mo><mo>+</mo><mi>c</mi><msqrt><mfrac><mrow><mi>ln</mi><mi>t</mi></mrow><mrow><msub><mi>N</mi><mi>t</mi></msub><mo>(</mo><mi>a</mi><mo>)</mo></mrow></mfrac></msqrt><mo>]</mo></mrow></math>
<p>c = √2 is UCB1, whose expected regret is at most Σ 8 ln t / Δₐ + (1 + π²/3) Σ Δₐ on rewards in [0, 1]. KL-UCB replaces the square-root bonus by the largest mean q still plausible under the Bernoulli divergence, N(a)·kl(Q(a), q) ≤ ln t, and matches the Lai–Robbins lower bound. UCB is deterministic: that is exactly what the adversarial preset exploits.</p>"#,
    ),
    (
        &[
            "thompson-beta",
            "thompson-gaussian",
            "thompson-normal-gamma",
        ],
        "Thompson sampling",
        r#"
<p>Keep a posterior over each arm's mean; each step draw one sample per arm and pull the largest. Arms are tried in proportion to the probability that they are best. With a Beta(a, b) prior on a Bernoulli arm the update is counting:</p>
<math display="block"><mrow><mi>a</mi><mo>←</mo><mi>a</mi><mo>+</mo><mi>r</mi><mo>,</mo><mspace width="1em"/><mi>b</mi><mo>←</mo><mi>b</mi><mo>+</mo><mo>(</mo><mn>1</mn><mo>−</mo><mi>r</mi><mo>)</mo></mrow></math>
<p>For Gaussian rewards with known noise σ, precisions add: 1/σₙ² = 1/σ₀² + n/σ². The Normal–Gamma version also learns each arm's noise, which matters when arms differ in how noisy they are.</p>"#,
    ),
    (
        &["gradient"],
        "Gradient bandit",
        r#"
<p>Learn preferences H(a) and act by their softmax π(a) = e<sup>H(a)</sup> / Σ<sub>b</sub> e<sup>H(b)</sup>. After reward R for arm A:</p>
<math display="block"><mrow><mi>H</mi><mo>(</mo><mi>a</mi><mo>)</mo><mo>←</mo><mi>H</mi><mo>(</mo><mi>a</mi><mo>)</mo><mo>+</mo><mi>α</mi><mo>(</mo><mi>R</mi><mo>−</mo><mover><mi>R</mi><mo>¯</mo></mover><mo>)</mo><mo>(</mo><mn>𝟙</mn><mo>[</mo><mi>a</mi><mo>=</mo><mi>A</mi><mo>]</mo><mo>−</mo><mi>π</mi><mo>(</mo><mi>a</mi><mo>)</mo><mo>)</mo></mrow></math>
<p>In expectation this is exactly α times the gradient of the expected reward Σ π(a) q(a), whatever the baseline R̄; the baseline only changes the variance (the Verify panel checks the identity).</p>"#,
    ),
    (
        &["exp3"],
        "EXP3",
        r#"
<p>For rewards chosen by an adversary: keep exponential weights, mix in γ of uniform exploration, and credit the pulled arm with an importance-weighted reward r / p(A), which is unbiased for every arm's reward.</p>
<math display="block"><mrow><msub><mi>p</mi><mi>t</mi></msub><mo>(</mo><mi>a</mi><mo>)</mo><mo>=</mo><mo>(</mo><mn>1</mn><mo>−</mo><mi>γ</mi><mo>)</mo><mfrac><mrow><msub><mi>w</mi><mi>t</mi></msub><mo>(</mo><mi>a</mi><mo>)</mo></mrow><mrow><msub><mo>∑</mo><mi>b</mi></msub><msub><mi>w</mi><mi>t</mi></msub><mo>(</mo><mi>b</mi><mo>)</mo></mrow></mfrac><mo>+</mo><mfrac><mi>γ</mi><mi>k</mi></mfrac></mrow></math>
<p>Its regret against the best fixed arm is O(√(T k ln k)) for any reward sequence fixed in advance, because no table can predict its random choices.</p>"#,
    ),
];

const REGRET: &str = r#"
<p><strong>Regret</strong> is what exploring costs: the reward lost against always pulling the best arm. The arena plots the pseudo-regret</p>
<math display="block"><mrow><msub><mi>R</mi><mi>T</mi></msub><mo>=</mo><munderover><mo>∑</mo><mrow><mi>t</mi><mo>=</mo><mn>1</mn></mrow><mi>T</mi></munderover><mo>(</mo><msup><mi>μ</mi><mo>*</mo></msup><mo>−</mo><msub><mi>μ</mi><msub><mi>A</mi><mi>t</mi></msub></msub><mo>)</mo></mrow></math>
<p>averaged over runs (against the best fixed arm in hindsight for the adversary, and against the best arm <em>now</em> for drifting arms). Lai and Robbins proved that no algorithm that is good on every instance can do better than C·ln T, with C = Σ Δₐ / KL(arm a ‖ best arm): on a log-t axis, good algorithms become straight lines.</p>"#;

/// Papers from the reading list this arena speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[
    (
        "Only Pay for What Is Uncertain: Variance-Adaptive Thompson Sampling",
        "Thompson sampling that learns each arm's variance; the unequal-variances preset shows why assuming one noise level fails.",
    ),
    (
        "Optimality of Thompson Sampling with Noninformative Priors for Pareto Bandits",
        "when Thompson sampling attains the Lai–Robbins bound, and how the choice of prior can break it (here: Bernoulli arms, where it does attain it).",
    ),
    (
        "MaxInfoRL: Boosting exploration in reinforcement learning through information gain maximization",
        "exploration driven by information gain, with a sublinear-regret bandit result; compare the arena's optimism (UCB) and posterior sampling.",
    ),
    (
        "Optimistic Online Mirror Descent for Bridging Stochastic and Adversarial Online Convex Optimization",
        "one algorithm for both stochastic and adversarial sequences; the adversarial preset shows why stochastic methods alone are not enough.",
    ),
    (
        "Thompson Sampling with Diffusion Generative Prior",
        "replaces the simple Beta and Gaussian priors used here with a learned diffusion prior over tasks.",
    ),
    (
        "Weighted Tallying Bandits: Overcoming Intractability via Repeated Exposure Optimality",
        "rewards that depend on how often an arm was played recently: a structured non-stationary bandit, beyond the random walks here.",
    ),
    (
        "Pareto Regret Analyses in Multi-objective Multi-armed Bandit",
        "regret when each arm pays a vector of rewards, in stochastic and adversarial settings.",
    ),
    (
        "Preselection Bandits",
        "the learner offers a subset of arms and a user (Plackett–Luce) picks one: bandits with human choice.",
    ),
];

pub fn explanation(shell: Shell<BanditLab>) -> impl IntoView {
    // Regret first, then a card for each kind of agent in the scenario.
    let cards = move || {
        let types: Vec<&str> = shell.scenario.with(|s| match s {
            Scenario::Bandit(b) => b.agents.iter().map(|a| a.type_name()).collect(),
            _ => Vec::new(),
        });
        let chosen = CARDS
            .iter()
            .filter(|(covers, _, _)| covers.iter().any(|c| types.contains(c)))
            .map(|&(_, title, html)| (title, html));
        std::iter::once(("Regret", REGRET)).chain(chosen).collect()
    };
    explain::explanation(shell.page, cards, PAPERS)
}
