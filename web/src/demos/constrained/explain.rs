//! Plain-language explanations beside the maths, and the papers the page reproduces, by
//! title.

use leptos::prelude::*;

use super::ConstrainedLab;
use crate::shell::{Shell, explain};

const PROBLEM: &str = r#"
<p>Each response y has a helpfulness reward r(y) and a harmfulness cost c(y). We want the policy that is as helpful as possible while staying close to π<sub>ref</sub> and keeping the expected harm within a budget b:</p>
<math display="block"><mrow><munder><mi>max</mi><mi>π</mi></munder><msub><mi>E</mi><mi>π</mi></msub><mi>r</mi><mo>−</mo><mi>β</mi><mo>·</mo><mi>KL</mi><mo>(</mo><mi>π</mi><mo>‖</mo><msub><mi>π</mi><mi>ref</mi></msub><mo>)</mo><mspace width="1em"/><mtext>subject to</mtext><mspace width="1em"/><msub><mi>E</mi><mi>π</mi></msub><mi>c</mi><mo>≤</mo><mi>b</mi></mrow></math>
<p>Put a price λ ≥ 0 on harm and the problem without the constraint has a closed-form answer, π<sub>λ</sub> ∝ π<sub>ref</sub>·e<sup>(r − λc)/β</sup>. The best price λ* minimises the <em>dual</em> D(λ) = β·ln E<sub>π<sub>ref</sub></sub>e<sup>(r − λc)/β</sup> + λb, a convex function of one number whose slope is the budget left over. So the exact optimum is π<sub>λ*</sub>: it spends exactly the budget when the constraint binds (complementary slackness), and its objective equals D(λ*) (no duality gap).</p>"#;

const LEARNERS: &str = r#"
<p><strong>Gradient descent–ascent</strong> moves the policy up the Lagrangian at the current price and the price up when the policy overspends, both at once. The two chase each other: too cheap a price makes the policy harmful, which raises the price, which makes it timid, which lowers the price… <strong>Optimistic descent–ascent</strong> (ReLOAD) steps along 2·g<sub>t</sub> − g<sub>t−1</sub>, a cheap look-ahead that damps the chase, and its last iterate converges. <strong>One-shot dualization</strong> solves for λ* first (the dual is one-dimensional and convex) and then aligns once on r − λ*c. <strong>Stepwise alignment</strong> (SACPO) aligns to helpfulness alone, then realigns that policy to −λ*c: since π<sub>λ*</sub> ∝ π*<sub>r</sub>·e<sup>−λ*c/β</sup>, it lands on the same optimum. The <strong>penalty method</strong> fixes λ by hand and so misses the budget one way or the other. Every learner here takes natural-gradient steps on softmax logits, with exact expectations (no sampling).</p>"#;

/// Papers from the reading list this page speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[
    (
        "ReLOAD: Reinforcement Learning with Optimistic Ascent-Descent for Last-Iterate Convergence in Constrained MDPs",
        "Gradient descent–ascent alternates between feasible and high-reward policies; optimistic steps converge in the last iterate (preset reload-last-iterate).",
    ),
    (
        "One-Shot Safety Alignment for Large Language Models via Optimal Dualization",
        "The dual is solved once in closed form over λ, then one alignment on r − λ*c reaches the constrained optimum (presets one-shot-dualization, penalty-vs-budget).",
    ),
    (
        "Stepwise Alignment for Constrained Language Model Policy Optimization",
        "Aligning to the reward, then to the safety term from there, equals aligning to both at once: π*_{r−λc} ∝ π*_r·e^{−λc/β} (preset one-shot-dualization; Verify checks it to 1e-9).",
    ),
];

pub fn explanation(shell: Shell<ConstrainedLab>) -> impl IntoView {
    let cards = || {
        vec![
            ("The problem and its dual", PROBLEM),
            ("Five ways to price harm", LEARNERS),
        ]
    };
    explain::explanation(shell.page, cards, PAPERS)
}
