//! Plain-language explanations beside the maths (MathML), and the papers the lab
//! reproduces, by title.

use leptos::prelude::*;

use super::DpoLab;
use crate::shell::{Shell, explain};

const OPTIMUM: &str = r#"
<p>RLHF asks for the policy that earns the most reward while staying near a reference policy π<sub>ref</sub>: maximise E<sub>π</sub>[r] − β KL(π ‖ π<sub>ref</sub>). Its answer is known in closed form:</p>
<math display="block"><mrow><msup><mi>π</mi><mo>*</mo></msup><mo>(</mo><mi>y</mi><mo>)</mo><mo>=</mo><mfrac><mrow><msub><mi>π</mi><mi>ref</mi></msub><mo>(</mo><mi>y</mi><mo>)</mo><msup><mi>e</mi><mrow><mi>r</mi><mo>(</mo><mi>y</mi><mo>)</mo><mo>/</mo><mi>β</mi></mrow></msup></mrow><mi>Z</mi></mfrac></mrow></math>
<p>Small β follows the reward; large β stays with π<sub>ref</sub>. As β runs from ∞ to 0, π* traces the <em>frontier</em>: the most reward any policy can earn within a given KL.</p>"#;

const DPO: &str = r#"
<p><strong>DPO</strong> skips the reward model. Read β(ln π − ln π<sub>ref</sub>) as an implicit reward; for a pair where y<sub>w</sub> was preferred to y<sub>l</sub>, with h the difference of the two log-ratios, DPO minimises</p>
<math display="block"><mrow><mo>−</mo><mi>ln</mi><mi>σ</mi><mo>(</mo><mi>β</mi><mi>h</mi><mo>)</mo></mrow></math>
<p>With every pair labelled by Bradley–Terry on r*, its minimiser is exactly π*. <strong>IPO</strong> (Identity Preference Optimisation) regresses h onto the label instead, (h − 1/(2β))², so deterministic labels cannot push it to infinity. <strong>cDPO</strong> and <strong>robust DPO</strong> account for labels flipped at rate ε: the first softens the target, the second removes the flips' bias.</p>"#;

const ZOO: &str = r#"
<p>The rest change one thing each. <strong>EXO</strong> matches σ(βh) to 1 − ε with a reverse KL. <strong>ODPO</strong> asks for a margin that grows with the gold reward gap. <strong>DPO-Shift</strong> scales the rejected side by f &lt; 1, and <strong>RPO</strong> adds SFT on the chosen response, −α ln π(y<sub>w</sub>). <strong>SimPO</strong>, <strong>AlphaPO</strong> and <strong>ORPO</strong> drop the reference: length-normalised log-probabilities, reshaped by α, or odds. <strong>KTO</strong> sees each response alone, desirable or not, against a reference point z₀ = KL(π ‖ π<sub>ref</sub>).</p>
<p><strong>Plackett–Luce</strong> and <strong>LiPO-λ</strong> learn from ranked lists; <strong>GVPO</strong> fits a whole group's log-ratios to its rewards and <strong>CoPG</strong> each sampled pair's; <strong>RLHF</strong> fits a reward r̂ (Bradley–Terry on who won, or least squares on how much better with cardinal feedback) and then climbs E r̂ − β KL; <strong>f-DPG</strong> descends a divergence to π* itself — reverse KL seeks a mode, forward KL covers them all.</p>"#;

const DISPLACEMENT: &str = r#"
<p>Margins are not likelihoods. A log-linear policy π ∝ π<sub>ref</sub>·e<sup>θᵀφ(y)</sup> moves responses with similar features together: pushing y<sub>w</sub> above a near-twin y<sub>l</sub> can lower <em>both</em>, and the mass goes to a response no pair mentioned. Watch <code>logps/chosen</code> next to <code>rewards/margins</code>, and <code>ranking_accuracy</code> (does π itself prefer y<sub>w</sub>?) next to TRL's <code>rewards/accuracies</code> (does the implicit reward?).</p>"#;

/// Papers from the reading list this lab speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[
    (
        "A General Theoretical Paradigm to Understand Learning from Human Preferences",
        "IPO: with the identity in place of the logit, the optimum keeps a finite margin; here its fixed point is checked in closed form (preset dpo-deterministic-labels).",
    ),
    (
        "DPO-Shift: Shifting the Distribution of Direct Preference Optimization",
        "Scaling the rejected term by f < 1 raises the chosen likelihood and lowers the margin (preset dpo-likelihood-displacement).",
    ),
    (
        "AlphaPO -- Reward shape matters for LLM alignment",
        "The reward's shape α changes how far the chosen likelihood falls (preset dpo-likelihood-displacement).",
    ),
    (
        "Preference Learning Algorithms Do Not Learn Preference Rankings",
        "TRL's reward accuracy reaches 1 while the likelihood ranking accuracy stays far below its ideal (preset dpo-ranking-accuracy).",
    ),
    (
        "Towards Efficient and Exact Optimization of Language Model Alignment",
        "On a restricted policy and a bimodal target, the reverse KL commits to a mode where DPO averages (preset exo-vs-dpo-bimodal).",
    ),
    (
        "Aligning Language Models with Preferences through f-divergence Minimization",
        "Reverse KL, Jensen–Shannon and forward KL trade reward for diversity (preset f-dpg-divergences).",
    ),
    (
        "RL with KL penalties is better viewed as Bayesian inference",
        "As β → 0 the KL-regularised optimum collapses onto the best response (preset kl-penalty-collapse).",
    ),
    (
        "Pre-DPO: Improving Data Utilization in Direct Preference Optimization Using a Guiding Reference Model",
        "The reference weighs each pair by σ(−βh): a guiding reference spends less of each step on mislabelled pairs (preset pre-dpo-guiding-reference).",
    ),
    (
        "Provably Mitigating Overoptimization in RLHF: Your SFT Loss is Implicitly an Adversarial Regularizer",
        "RPO's SFT term stops mass leaking to responses the data never showed (preset rpo-sft-stops-leakage).",
    ),
    (
        "RLHS: Mitigating Misalignment in RLHF with Hindsight Simulation",
        "Labels given in foresight teach the policy to misreport; the same questions labelled in hindsight teach it the truth (preset rlhs-hindsight-feedback).",
    ),
    (
        "Contrastive Policy Gradient: Aligning LLMs on sequence-level scores in a supervised-friendly fashion",
        "CoPG regresses log-ratio gaps onto reward gaps and reaches π_ref·e^(r*/β)/Z from pairs any policy sampled, with no importance weights (preset copg-off-policy).",
    ),
    (
        "Beyond Ordinal Preferences: Why Alignment Needs Cardinal Human Feedback",
        "Ordinal labels cannot say whether a factual fix outweighs a turn of style; RLHF with willingness-to-pay labels (feedback = \"cardinal\") can (preset cardinal-feedback-picks-the-better-model).",
    ),
];

pub fn explanation(shell: Shell<DpoLab>) -> impl IntoView {
    let cards = || {
        vec![
            ("The KL-regularised optimum", OPTIMUM),
            ("DPO and its cousins", DPO),
            ("The rest of the family", ZOO),
            ("Likelihood displacement", DISPLACEMENT),
        ]
    };
    explain::explanation(shell.page, cards, PAPERS)
}
