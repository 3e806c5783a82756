//! Plain-language explanations beside the maths (MathML), and the papers the lab
//! reproduces, by title.

use leptos::prelude::*;

use super::GridworldLab;
use crate::shell::{Shell, explain};

const PLANNING: &str = r#"
<p>When the map is known, every cell's value can be computed exactly. The value of a policy π satisfies the <strong>Bellman equation</strong>, one equation per cell:</p>
<math display="block"><mrow><msub><mi>v</mi><mi>π</mi></msub><mo>(</mo><mi>s</mi><mo>)</mo><mo>=</mo><munder><mo>∑</mo><mi>a</mi></munder><mi>π</mi><mo>(</mo><mi>a</mi><mo>∣</mo><mi>s</mi><mo>)</mo><munder><mo>∑</mo><mrow><msup><mi>s</mi><mo>′</mo></msup><mo>,</mo><mi>r</mi></mrow></munder><mi>p</mi><mo>(</mo><msup><mi>s</mi><mo>′</mo></msup><mo>,</mo><mi>r</mi><mo>∣</mo><mi>s</mi><mo>,</mo><mi>a</mi><mo>)</mo><mo>[</mo><mi>r</mi><mo>+</mo><mi>γ</mi><msub><mi>v</mi><mi>π</mi></msub><mo>(</mo><msup><mi>s</mi><mo>′</mo></msup><mo>)</mo><mo>]</mo></mrow></math>
<p><em>Policy evaluation</em> sweeps this update over every cell until nothing changes (or solves the linear system at once). <em>Value iteration</em> replaces the average over actions by the best one, which converges to the optimal values v*; <em>policy iteration</em> alternates exact evaluation with acting greedily, and stops when the policy stops changing. Press → to see one sweep at a time.</p>"#;

const LEARNING: &str = r#"
<p>Without the map, an agent learns action values Q(s, a) from its own steps. After moving from s with action a to s′ and getting reward r:</p>
<math display="block"><mrow><mi>Q</mi><mo>(</mo><mi>s</mi><mo>,</mo><mi>a</mi><mo>)</mo><mo>←</mo><mi>Q</mi><mo>(</mo><mi>s</mi><mo>,</mo><mi>a</mi><mo>)</mo><mo>+</mo><mi>α</mi><mo>[</mo><mi>r</mi><mo>+</mo><mi>γ</mi><mi>T</mi><mo>−</mo><mi>Q</mi><mo>(</mo><mi>s</mi><mo>,</mo><mi>a</mi><mo>)</mo><mo>]</mo></mrow></math>
<p>The target T is what differs: <strong>Q-learning</strong> uses the best next action, max<sub>a′</sub> Q(s′, a′), so it learns the optimal values whatever it does (and walks the cliff edge); <strong>SARSA</strong> uses the action it will really take, so it learns the value of its own exploring policy (and keeps away from the edge); <strong>Expected SARSA</strong> averages over that policy; <strong>Double Q-learning</strong> picks the best action with one table and values it with another, which removes the max's upward bias; n-step SARSA and Monte Carlo wait n steps, or the whole episode, before updating.</p>"#;

const EXPLORING: &str = r#"
<p>An agent that always takes the action that looks best may never find a better one. <strong>ε-greedy</strong> acts at random a fraction ε of the time: fine on small maps, hopeless when the reward lies at the end of a long corridor (RiverSwim, the chain), where random steps almost never get there. <strong>Optimistic initial values</strong> make every untried action look good, so the agent tries them; a constant reward shift does exactly the same. A <strong>count bonus</strong> β/√N(s, a) pays the agent for rare actions. <strong>Posterior sampling</strong> (PSRL) keeps a posterior over the map's dynamics, samples one plausible map per episode and acts optimally in it: it explores deeply, on purpose. <strong>Information gain</strong> pays for what an observation teaches about the dynamics.</p>"#;

/// Papers from the reading list this lab speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[
    (
        "Optimistic Curiosity Exploration and Conservative Exploitation with Linear Reward Shaping",
        "a constant reward shift c is the same as starting Q at c/(1−γ) lower: negative shifts explore like optimism (the grid-optimism-is-a-shift preset checks the identity step for step).",
    ),
    (
        "Gradual Transition from Bellman Optimality Operator to Bellman Operator in Online Reinforcement Learning",
        "the max in Q-learning's target learns fast but over-estimates under noise; moving the target from max toward the policy's average removes the bias (the over-estimation preset).",
    ),
    (
        "MaxInfoRL: Boosting exploration in reinforcement learning through information gain maximization",
        "Boltzmann exploration plus an information-gain bonus explores deliberately; here on RiverSwim against Boltzmann alone.",
    ),
    (
        "Exploiting Causal Graph Priors with Posterior Sampling for Reinforcement Learning",
        "posterior sampling with a structured prior; the lab's PSRL uses the plain Dirichlet prior it builds on.",
    ),
];

pub fn explanation(shell: Shell<GridworldLab>) -> impl IntoView {
    let cards = || {
        vec![
            ("Planning with the map", PLANNING),
            ("Learning from experience", LEARNING),
            ("Exploring", EXPLORING),
        ]
    };
    explain::explanation(shell.page, cards, PAPERS)
}
