//! Plain-language explanations beside the maths, and the papers the page reproduces, by
//! title.

use leptos::prelude::*;

use super::NashLab;
use crate::shell::{Shell, explain};

const GAME: &str = r#"
<p>Write P(i ≻ j) for the chance that response i is preferred to j. A policy π wins against q with probability πᵀPq. When preferences are transitive some response beats every other (a Condorcet winner); when they run in a cycle none does, and the best one can do is a <em>mixed</em> policy: the Minimax Winner</p>
<math display="block"><mrow><msup><mi>π</mi><mo>*</mo></msup><mo>=</mo><munder><mi>argmax</mi><mi>p</mi></munder><munder><mi>min</mi><mi>q</mi></munder><msup><mi>p</mi><mi>⊤</mi></msup><mi>P</mi><mi>q</mi></mrow></math>
<p>which no policy beats more than half the time. The <em>duality gap</em> max<sub>y</sub> P(y ≻ π) − ½ is zero exactly at a Minimax Winner.</p>"#;

const LEARNERS: &str = r#"
<p><strong>RLHF</strong> first fits a Bradley–Terry reward to the matrix, then climbs it: a reward is a ranking, so on a cycle it either ranks the responses equal or picks a favourite. <strong>Self-play</strong> (SPO) rewards a response by its win rate against the policy itself. <strong>Multiplicative weights</strong> multiplies each probability by e<sup>η·P(y ≻ π)</sup>: its average reaches the winner, but its last iterate circles it. <strong>Extragradient</strong> first looks a step ahead and then moves from where it was with the look-ahead's payoff, which makes the last iterate converge. <strong>Nash-MD</strong> mixes in π<sub>ref</sub> and converges to the equilibrium of the game regularised toward it.</p>"#;

/// Papers from the reading list this page speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[
    (
        "A Minimaximalist Approach to Reinforcement Learning from Human Feedback",
        "A Bradley–Terry reward cannot represent a cycle; self-play on win rates reaches the Minimax Winner (preset nash-unequal-cycle).",
    ),
    (
        "Extragradient Preference Optimization (EGPO): Beyond Last-Iterate Convergence for Nash Learning from Human Feedback",
        "Plain multiplicative weights cycles in the last iterate; the extragradient look-ahead converges (preset nash-rock-paper-scissors).",
    ),
    (
        "Iterative Nash Policy Optimization: Aligning LLMs with General Preferences via No-Regret Learning",
        "No-regret dynamics: the average of multiplicative weights' policies has a duality gap within Hedge's regret bound (preset nash-rock-paper-scissors).",
    ),
];

pub fn explanation(shell: Shell<NashLab>) -> impl IntoView {
    let cards = || {
        vec![
            ("The Minimax Winner", GAME),
            ("Five ways to look for it", LEARNERS),
        ]
    };
    explain::explanation(shell.page, cards, PAPERS)
}
