//! Plain-language explanations beside the maths (MathML), and the papers the lab
//! reproduces, by title.

use leptos::prelude::*;

use super::PolicyGradientLab;
use crate::shell::{Shell, explain};

const GRADIENT: &str = r#"
<p>The <strong>policy-gradient theorem</strong> says how the expected return J moves when the policy's parameters θ do: each action's log-probability, pushed by how good that action turned out.</p>
<math display="block"><mrow><msub><mo>∇</mo><mi>θ</mi></msub><mi>J</mi><mo>=</mo><mi>E</mi><mo>[</mo><munder><mo>∑</mo><mi>t</mi></munder><msup><mi>γ</mi><mi>t</mi></msup><mo>(</mo><msub><mi>G</mi><mi>t</mi></msub><mo>−</mo><mi>b</mi><mo>(</mo><msub><mi>s</mi><mi>t</mi></msub><mo>)</mo><mo>)</mo><msub><mo>∇</mo><mi>θ</mi></msub><mi>ln</mi><mi>π</mi><mo>(</mo><msub><mi>a</mi><mi>t</mi></msub><mo>∣</mo><msub><mi>s</mi><mi>t</mi></msub><mo>)</mo><mo>]</mo></mrow></math>
<p><strong>REINFORCE</strong> estimates it from whole episodes. A <strong>baseline</strong> b(s) — a constant, a learned value, or the other episodes' mean (RLOO) — changes nothing in expectation but can remove most of the noise. The maps here are small enough that the exact ∇J is known: the Verify panel checks the sampled gradient against it, and the <em>gradient vs exact</em> curve shows how well each estimate points.</p>"#;

const ADVANTAGE: &str = r#"
<p><strong>GAE</strong> blends the one-step TD error δ<sub>t</sub> = r<sub>t</sub> + γV(s<sub>t+1</sub>) − V(s<sub>t</sub>) over the future:</p>
<math display="block"><mrow><msub><mover><mi>A</mi><mo>^</mo></mover><mi>t</mi></msub><mo>=</mo><munder><mo>∑</mo><mi>l</mi></munder><msup><mrow><mo>(</mo><mi>γ</mi><mi>λ</mi><mo>)</mo></mrow><mi>l</mi></msup><msub><mi>δ</mi><mrow><mi>t</mi><mo>+</mo><mi>l</mi></mrow></msub></mrow></math>
<p>λ = 0 trusts the critic (low variance, biased when the critic is wrong); λ = 1 is the Monte Carlo return minus V (unbiased, noisy). With a reward only at the end of a long episode and λ &lt; 1, almost none of it reaches the first steps: the <em>credit decay</em> diagnostic draws (γλ)<sup>T−1−t</sup>. Giving the critic λ = 1 while the actor keeps λ = 0.95 fixes its values (VC-PPO).</p>"#;

const TRUST: &str = r#"
<p>A big step can ruin a good policy. <strong>TRPO</strong> takes the step that improves the surrogate most while the average KL(π<sub>old</sub> ‖ π<sub>new</sub>) stays below δ, using the exact Fisher matrix, conjugate gradient and a line search. <strong>PPO</strong> instead clips the ratio ρ = π<sub>new</sub>/π<sub>old</sub>:</p>
<math display="block"><mrow><mi>L</mi><mo>=</mo><mi>E</mi><mo>[</mo><mi>min</mi><mo>(</mo><mi>ρ</mi><mover><mi>A</mi><mo>^</mo></mover><mo>,</mo><mi>clip</mi><mo>(</mo><mi>ρ</mi><mo>,</mo><mn>1</mn><mo>−</mo><mi>ε</mi><mo>,</mo><mn>1</mn><mo>+</mo><mi>ε</mi><mo>)</mo><mover><mi>A</mi><mo>^</mo></mover><mo>)</mo><mo>]</mo></mrow></math>
<p>Clipping only removes the incentive to go further: after many epochs ratios still leave the band (the <em>ratios</em> diagnostic). <strong>SPO</strong> replaces the clip by a penalty, ρÂ − |Â|(ρ − 1)²/(2ε), whose optimum is exactly ρ = 1 ± ε, so ratios stay near the band. <strong>GRPO</strong> drops the critic: it normalises returns within a group of episodes, so a group whose returns are all equal teaches nothing.</p>"#;

/// Papers from the reading list this lab speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[
    (
        "Trust Region Policy Optimization",
        "the KL-constrained step, with its exact Fisher matrix on these tabular policies.",
    ),
    (
        "Proximal Policy Optimization Algorithms",
        "the clipped surrogate, epochs and minibatches, and the adaptive KL penalty.",
    ),
    (
        "High-Dimensional Continuous Control Using Generalized Advantage Estimation",
        "GAE(λ): the bias–variance dial between TD errors and Monte Carlo returns.",
    ),
    (
        "Simple Policy Optimization",
        "a quadratic penalty whose per-sample optimum is ρ = 1 ± ε: ratios stay in the trust region where PPO's drift out.",
    ),
    (
        "Dropout Strategy in Reinforcement Learning: Limiting the Surrogate Objective Variance in Policy Optimization Methods",
        "the surrogate's variance grows with how far ratios stray — the ratio histogram shows the stray ones.",
    ),
    (
        "What's Behind PPO's Collapse in Long-CoT? Value Optimization Holds the Secret",
        "with λ < 1 a final reward barely reaches the first steps; a critic λ of 1 repairs the values.",
    ),
    (
        "Back to Basics: Revisiting REINFORCE Style Optimization for Learning from Human Feedback in LLMs",
        "REINFORCE with a leave-one-out baseline (RLOO) as a simple, strong alternative to PPO.",
    ),
    (
        "Pref-GRPO: Pairwise Preference Reward-based GRPO for Stable Text-to-Image Reinforcement Learning",
        "group normalisation turns tiny reward differences into large advantages.",
    ),
    (
        "Truncating Trajectories in Monte Carlo Reinforcement Learning",
        "under discounting, a fixed budget spread over shorter trajectories gives a tighter estimate of J.",
    ),
];

pub fn explanation(shell: Shell<PolicyGradientLab>) -> impl IntoView {
    let cards = || {
        vec![
            ("The policy gradient", GRADIENT),
            ("Advantages and λ", ADVANTAGE),
            ("Trust regions: TRPO, PPO, SPO, GRPO", TRUST),
        ]
    };
    explain::explanation(shell.page, cards, PAPERS)
}
