//! Plain-language explanations beside the maths, and the papers the lab reproduces, by
//! title.

use leptos::prelude::*;

use super::RewardLab;
use crate::shell::{Shell, explain};

const MODEL: &str = r#"
<p>A <strong>segment</strong> σ is a few moves (s, a, s′). The Bradley–Terry model says a labeller prefers σ¹ to σ² with probability σ(Σ r̂(σ¹) − Σ r̂(σ²)), so a reward model r̂ (one number per cell, or per cell and move) is fitted by maximising the likelihood of the labels, with an L2 penalty λ/2·‖r̂‖². "Equal" counts as half a win each way; "can't tell" is kept but not fitted.</p>
<p>When a walk ends (a terminal cell) it is padded with steps in an absorbing state whose reward is learned too. Every segment then has the same length, so a constant added to r̂ changes no label, and, since every path goes on forever, no policy either.</p>"#;

const LABELLERS: &str = r#"
<p>The automatic labeller compares <strong>partial returns</strong> (the sum of rewards, as Christiano et al. assume) or <strong>regrets</strong> (the sum of optimal advantages A*(s, a) = Q*(s, a) − V*(s), Knox et al.'s model of people), answers as Bradley–Terry would with a chosen rationality, and a chosen share of the time at random. Fitting partial return to regret labels learns A*, not r.</p>
<p><strong>Queries:</strong> each step a learner is offered the same candidate pairs; asking at random takes the first, asking by <strong>disagreement</strong> takes the pair on which an ensemble of models (each fitted to a bootstrap resample of the labels) predicts most differently.</p>"#;

const VERIFY: &str = r#"
<p>Verify labels single transitions with their exact Bradley–Terry probabilities and checks that the fit recovers the true reward up to a constant, beside Hunter's MM algorithm; it refits every learner's models with an independent dense Newton solver; and it replays the run's first steps bit for bit.</p>"#;

/// Papers from the reading list this lab speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[
    (
        "Deep reinforcement learning from human preferences",
        "Asking where an ensemble disagrees reaches the optimal policy with fewer labels than asking at random (preset rlhp-disagreement-queries).",
    ),
    (
        "Models of human preference for learning reward functions",
        "The regret labeller; fitted as if it compared partial returns, the reward learned is the optimal advantage (preset regret-labels-learn-advantage).",
    ),
    (
        "Learning Optimal Advantage from Preferences and Mistaking it for Reward",
        "Acting greedily on the learned A* is still optimal (preset regret-labels-learn-advantage).",
    ),
    (
        "Prior Constraints-based Reward Model Training for Aligning Large Language Models",
        "On separable labels the unpenalised reward's scale runs away (preset bt-reward-scale-separable).",
    ),
];

pub fn explanation(shell: Shell<RewardLab>) -> impl IntoView {
    let cards = || {
        vec![
            ("The reward model", MODEL),
            ("Labellers and queries", LABELLERS),
            ("What Verify checks", VERIFY),
        ]
    };
    explain::explanation(shell.page, cards, PAPERS)
}
