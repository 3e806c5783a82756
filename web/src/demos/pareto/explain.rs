//! Plain-language explanations beside the maths, and the papers the page reproduces, by
//! title.

use leptos::prelude::*;

use super::ParetoLab;
use crate::shell::{Shell, explain};

const FRONT: &str = r#"
<p>With two objectives J<sub>1</sub> and J<sub>2</sub>, one policy is better than another only if it is at least as good on both and strictly better on one. The policies nothing beats form the <em>Pareto front</em>. Here every problem is small enough to list the returns of all its deterministic policies, so the front is exact, and so is its <em>hypervolume</em>: the area it dominates above a reference point, one number that grows as a method finds more of the front.</p>
<p>A <em>weighted sum</em> w<sub>1</sub>J<sub>1</sub> + w<sub>2</sub>J<sub>2</sub> is maximised at a corner of the front's convex hull, whatever w is: a point in a concave dent is never the best weighted sum. <em>Chebyshev</em> scalarisation, min<sub>i</sub> w<sub>i</sub>|z<sub>i</sub> − J<sub>i</sub>| from an ideal point z, reaches those too.</p>"#;

const ALIGNMENT: &str = r#"
<p>For policies tied to π<sub>ref</sub> by β·KL, the best policy for a weight is π<sub>ref</sub>·e<sup>w·r/β</sup>/Z. <strong>Rewarded soups</strong> train one policy per objective and interpolate their weights; with tabular logits the interpolation is exactly the optimum for the mixed weight, so the soup's curve lies on the KL-regularised front. A <strong>conditioned policy</strong> learns one policy that takes the weight as input. <strong>MaxMin-RLHF</strong> maximises the worst group's reward; its dual, min<sub>w</sub> β·ln E<sub>π<sub>ref</sub></sub>e<sup>w·r/β</sup>, finds the weights that make both groups equally well off, where a single reward averaged over users serves the majority.</p>"#;

/// Papers from the reading list this page speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[
    (
        "Learning to Optimize Multi-Objective Alignment Through Dynamic Reward Weighting",
        "Fixed linear weights miss non-convex fronts; weights chosen for hypervolume find them (preset pareto-deep-sea-treasure; our hypervolume-guided learner adds the outcome with the largest hypervolume gain, a stand-in for the paper's weight adaptation).",
    ),
    (
        "Rewarded soups: towards Pareto-optimal alignment by interpolating weights fine-tuned on diverse rewards",
        "Interpolating the weights of single-reward policies traces a near-Pareto front, exactly the KL-regularised one for tabular logits (preset pareto-rewarded-soups).",
    ),
    (
        "MaxMin-RLHF: Towards Equitable Alignment of Large Language Models with Diverse Human Preferences",
        "A single reward serves the majority group; maximising the worst group's reward lifts the minority (preset pareto-maxmin-rlhf; the groups' rewards are given, not learned by EM).",
    ),
    (
        "Consistent Aggregation of Objectives with Diverse Time Preferences Requires Non-Markovian Rewards",
        "With different discounts, a Markov aggregate's preferred plan flips over time; augmenting the state with γ_i^t keeps it consistent (preset pareto-time-preferences).",
    ),
];

pub fn explanation(shell: Shell<ParetoLab>) -> impl IntoView {
    let cards = || {
        vec![
            ("Fronts, hulls and hypervolume", FRONT),
            ("Fronts of aligned policies", ALIGNMENT),
        ]
    };
    explain::explanation(shell.page, cards, PAPERS)
}
