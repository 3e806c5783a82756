//! Plain-language explanations beside the maths, and the papers the lab reproduces, by
//! title.

use leptos::prelude::*;

use super::OveroptLab;
use crate::shell::{Shell, explain};

const PROXY: &str = r#"
<p>A reward model r̂ is fitted to preference labels by Bradley–Terry: it is right where the labels were, and wrong elsewhere. Optimising it is safe while the policy stays near π<sub>ref</sub>, where the labels came from; pushed further, the policy finds the responses where r̂ is wrong in its favour. The distance pushed is measured by √KL(π ‖ π<sub>ref</sub>).</p>
<p><strong>Best-of-n</strong> draws n responses from π<sub>ref</sub> and keeps the one r̂ likes best; its distribution is exact: sorted by r̂, P(y<sub>(i)</sub>) = F<sub>i</sub><sup>n</sup> − F<sub>i−1</sub><sup>n</sup>, and KL ≤ ln n − (n−1)/n. The <strong>KL optimum</strong> π<sub>ref</sub>·e<sup>r̂/β</sup>/Z sweeps β; <strong>policy gradient</strong> climbs E r̂ − β KL step by step.</p>"#;

const ENSEMBLES: &str = r#"
<p>An ensemble of K reward models, each fitted to a resample of the labels, disagrees exactly where the data is thin. <strong>Worst-case</strong> optimisation uses min<sub>k</sub> r̂<sub>k</sub>; <strong>uncertainty-weighted</strong> uses mean<sub>k</sub> r̂<sub>k</sub> − λ·Var<sub>k</sub> r̂<sub>k</sub>. Both refuse the responses the ensemble is unsure of, so the gold reward falls less.</p>"#;

/// Papers from the reading list this lab speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[
    (
        "Goodhart's Law in Reinforcement Learning",
        "Gold reward rises, then falls as the optimisation pressure on a misspecified proxy grows (preset overopt-goodhart).",
    ),
    (
        "Reward Model Ensembles Help Mitigate Overoptimization",
        "Worst-case and uncertainty-weighted ensembles fall far less than the mean, with 25% label noise (preset overopt-ensembles, one seed).",
    ),
    (
        "Towards Reliable Alignment: Uncertainty-aware RLHF",
        "Optimising a reward that subtracts the ensemble's uncertainty is conservative where the labels are thin, and it is not overoptimized (preset overopt-ensembles, the UWO curves).",
    ),
    (
        "Confronting Reward Model Overoptimization with Constrained RLHF",
        "Each part of a composite reward has a proxy point past which its gold falls; constrained RLHF holds each part there by Lagrange multipliers, and the points move with the parts' correlation (preset constrained-rlhf-proxy-points).",
    ),
    (
        "Compositional preference models for aligning LMs",
        "A reward model that combines named attributes, extremeness among them, keeps rising where the plain linear model falls (preset cpm-compositional-proxy).",
    ),
];

pub fn explanation(shell: Shell<OveroptLab>) -> impl IntoView {
    let cards = || {
        vec![
            ("A proxy and the pressure on it", PROXY),
            ("Ensembles", ENSEMBLES),
        ]
    };
    explain::explanation(shell.page, cards, PAPERS)
}
