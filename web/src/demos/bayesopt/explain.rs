//! Plain-language explanations beside the maths, and the papers the page reproduces, by
//! title.

use leptos::prelude::*;

use super::BayesoptLab;
use crate::shell::{Shell, explain};

const GP: &str = r#"
<p>A <em>Gaussian process</em> turns a handful of samples into a guess of the whole function and of how unsure that guess is. With kernel k and observations y at points X, the posterior mean and variance at x are</p>
<math display="block"><mrow><mi>μ</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><msubsup><mi>k</mi><mi>x</mi><mo>⊤</mo></msubsup><msup><mrow><mo>(</mo><mi>K</mi><mo>+</mo><msubsup><mi>σ</mi><mi>n</mi><mn>2</mn></msubsup><mi>I</mi><mo>)</mo></mrow><mrow><mo>−</mo><mn>1</mn></mrow></msup><mi>y</mi><mo>,</mo><mspace width="1em"/><msup><mi>s</mi><mn>2</mn></msup><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>k</mi><mo>(</mo><mi>x</mi><mo>,</mo><mi>x</mi><mo>)</mo><mo>−</mo><msubsup><mi>k</mi><mi>x</mi><mo>⊤</mo></msubsup><msup><mrow><mo>(</mo><mi>K</mi><mo>+</mo><msubsup><mi>σ</mi><mi>n</mi><mn>2</mn></msubsup><mi>I</mi><mo>)</mo></mrow><mrow><mo>−</mo><mn>1</mn></mrow></msup><msub><mi>k</mi><mi>x</mi></msub></mrow></math>
<p>The kernel's lengthscale says how fast the function may wiggle; fitted by marginal likelihood, it is set where the data are most probable.</p>"#;

const ACQUISITIONS: &str = r#"
<p>An acquisition rule trades a low predicted value μ (exploit) against a high uncertainty s (explore). <strong>Expected improvement</strong> averages how far below the best value so far a point might land; <strong>probability of improvement</strong> only asks whether it lands below, and so can prefer a sure tiny gain; <strong>UCB</strong> (here a lower bound, since we minimise) takes μ − κs; <strong>Thompson sampling</strong> draws one function from the posterior and queries its minimum. <strong>ε-greedy</strong> exploits μ and, with probability ε, explores at random (ε-RS) or on the (μ, s) front (ε-PF). <strong>ε-shotgun</strong> queries a batch around the greedy point. A <strong>prior</strong> over where the minimum lies reweights EI toward it, less as data accrue. <strong>Preferential BO</strong> sees only which of two points won a duel: its posterior over the latent utility is skewed, and the Laplace (Gaussian) approximation mis-states how likely the next duel is to go either way.</p>"#;

/// Papers from the reading list this page speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[
    (
        "A Tutorial on Bayesian Optimization",
        "The GP posterior, EI, PI, UCB and Thompson sampling on the Forrester function (preset bayesopt-tutorial-forrester).",
    ),
    (
        "Greed is Good: Exploration and Exploitation Trade-offs in Bayesian Optimisation",
        "EI and UCB always query a point on the (μ, s) Pareto front while PI may not; ε-greedy is competitive at small budgets (preset bayesopt-greed-is-good).",
    ),
    (
        "ε-shotgun: ε-greedy Batch Bayesian Optimisation",
        "A batch of q points around the greedy choice, with ε-greedy exploration (preset bayesopt-shotgun-branin).",
    ),
    (
        "A General Framework for User-Guided Bayesian Optimization",
        "A correct prior over the optimum's location speeds BO up and a wrong one costs little (preset bayesopt-user-prior; the prior weights EI as πBO does).",
    ),
    (
        "Towards Practical Preferential Bayesian Optimization with Skew Gaussian Processes",
        "The Gaussian approximation mis-states duel probabilities where MCMC on the exact skew posterior does not (preset bayesopt-preferential-skew).",
    ),
];

pub fn explanation(shell: Shell<BayesoptLab>) -> impl IntoView {
    let cards = || {
        vec![
            ("The Gaussian process", GP),
            ("Where to look next", ACQUISITIONS),
        ]
    };
    explain::explanation(shell.page, cards, PAPERS)
}
