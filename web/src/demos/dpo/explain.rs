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

/// Papers from the reading list this lab speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[(
    "A General Theoretical Paradigm to Understand Learning from Human Preferences",
    "IPO: with the identity in place of the logit, the optimum keeps a finite margin; here its fixed point is checked in closed form.",
)];

pub fn explanation(shell: Shell<DpoLab>) -> impl IntoView {
    let cards = || {
        vec![
            ("The KL-regularised optimum", OPTIMUM),
            ("DPO and its cousins", DPO),
        ]
    };
    explain::explanation(shell.page, cards, PAPERS)
}
