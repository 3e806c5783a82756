//! Plain-language explanations beside the maths, and the papers the lab reproduces, by
//! title.

use leptos::prelude::*;

use super::AlignmentLab;
use crate::shell::{Shell, explain};

const WORLD: &str = r#"
<p>The model is a two-layer transformer (about 26 000 weights) pretrained on text from a Markov chain over eight words — <em>the, film, was, good, great, bad, awful, .</em> — until its loss sits on the chain's entropy rate. That model is π<sub>ref</sub>. A response is the next few words after the prompt “the”; with 8 words and 4 positions there are 8<sup>4</sup> = 4096 responses, few enough to score every one through the model at every step.</p>
<p>So nothing on this page is estimated that could be computed: KL(π‖π<sub>ref</sub>) = Σ<sub>y</sub> π(y) ln(π(y)/π<sub>ref</sub>(y)) and E<sub>π</sub> r* are exact sums. The <strong>gold reward</strong> r* counts +1 for <em>good</em> and <em>great</em>, −1 for <em>bad</em> and <em>awful</em> (optionally a bonus for ending with “.”, or a 0/1 verifiable reward).</p>"#;

const FRONTIER: &str = r#"
<p>The best any policy can do within a KL budget is π*<sub>β</sub>(y) = π<sub>ref</sub>(y)·e<sup>r*(y)/β</sup>/Z<sub>β</sub>; tracing β gives the dashed frontier. Token by token it is π*(a | p) = π<sub>ref</sub>(a | p)·e<sup>(V(p·a) − V(p))/β</sup> with soft values V(p) = β ln E<sub>π<sub>ref</sub></sub>[e<sup>r*/β</sup> | p], computed backwards over every prefix; Verify checks that both agree. Since E<sub>π</sub> r* − β·KL(π‖π<sub>ref</sub>) ≤ β ln Z<sub>β</sub> for every β and every policy, no learner's point can be above the curve — Verify checks every point of every path.</p>"#;

const OFFLINE: &str = r#"
<p><strong>Offline</strong> learners see only a fixed set of pairs sampled from π<sub>ref</sub> and labelled by Bradley–Terry on r*. <strong>DPO</strong> lowers −ln σ(β h) with the implicit reward margin h = ln(π(y<sub>w</sub>)/π<sub>ref</sub>(y<sub>w</sub>)) − ln(π(y<sub>l</sub>)/π<sub>ref</sub>(y<sub>l</sub>)); <strong>IPO</strong> (ΨPO) regresses h to 1/(2β); <strong>SimPO</strong> compares length-normalised log-probabilities with a margin and no reference; <strong>KTO</strong> scores each response alone against a reference point. Every loss is the Preference Lab's own code: it says how much each sequence's log-probability should move, and the transformer takes the gradient of that weighted sum.</p>"#;

const ONLINE: &str = r#"
<p><strong>Online</strong> learners sample from their current policy. <strong>Online DPO</strong> labels fresh pairs each step. <strong>RLOO</strong> scores each sample by r − β ln(π/π<sub>ref</sub>) and subtracts the mean of the other samples of its group. <strong>GRPO</strong> standardises rewards within a group, clips the ratio π/π<sub>old</sub> per token and penalises KL with the k3 estimator e<sup>x</sup> − x − 1, x = ln(π<sub>ref</sub>/π). <strong>PPO</strong> puts a value head on the transformer, spreads a per-token KL penalty into the reward and uses GAE. <strong>APA</strong> keeps PPO's critic but regresses ln π toward ln π<sub>ref</sub> + Â/β; <strong>P3O</strong> pushes pairs of samples apart by the difference of their scores. <strong>XPO</strong> is DPO on pairs of one sample of its own and one of π<sub>ref</sub>'s, plus α·ln π on π<sub>ref</sub>'s, minimised: a bonus for leaving π<sub>ref</sub>'s usual responses. The badge says where it runs: WebGPU or the CPU; the two compute the same numbers to about 1e-4.</p>"#;

/// Papers from the reading list this lab speaks to, with one honest sentence each.
const PAPERS: &[explain::Paper] = &[
    (
        "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
        "DPO on offline pairs moves a real transformer toward π_ref·e^(r/β)/Z; its path is drawn against that exact frontier.",
    ),
    (
        "A General Theoretical Paradigm to Understand Learning from Human Preferences",
        "IPO (ΨPO with the identity), beside DPO on the same pairs.",
    ),
    (
        "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models",
        "GRPO: group-standardised advantages, clipped ratios and the k3 KL estimator; on a verifiable reward, the share of all-equal groups (no gradient) high at both ends of training (preset rlvr-pass-at-k).",
    ),
    (
        "Preference Fine-Tuning of LLMs Should Leverage Suboptimal, On-Policy Data",
        "Where the reward's peak has little mass under π_ref, online DPO finds it and offline DPO on π_ref's pairs does not (preset on-policy-vs-offline-dpo).",
    ),
    (
        "Back to Basics: Revisiting REINFORCE Style Optimization for Learning from Human Feedback in LLMs",
        "With one reward per response, RLOO matches PPO on the regularised objective without a value network (preset rloo-vs-ppo).",
    ),
    (
        "Pairwise Proximal Policy Optimization: Harnessing Relative Feedback for LLM Alignment",
        "Shifting every reward by 5 changes PPO's run; P3O's is the same number for number (preset p3o-reward-shift).",
    ),
    (
        "Exploratory Preference Optimization: Harnessing Implicit Q*-Approximation for Sample-Efficient RLHF",
        "XPO's bonus finds a response π_ref writes 0.5% of the time that offline DPO never reaches; too much bonus settles on a merely rare response (preset xpo-exploration-bonus).",
    ),
    (
        "Fine-Tuning Language Models with Advantage-Induced Policy Alignment",
        "APA beside PPO with the same critic: here APA's KL swings wider, not narrower, and the preset shows why (preset apa-vs-ppo).",
    ),
    (
        "Goodhart's Law in Reinforcement Learning",
        "A word-count proxy fitted to 40 labels: its learner's gold reward peaks, then falls while the proxy stays high (preset tiny-lm-proxy-goodhart).",
    ),
];

pub fn explanation(shell: Shell<AlignmentLab>) -> impl IntoView {
    let cards = || {
        vec![
            ("A model small enough to list", WORLD),
            ("The frontier", FRONTIER),
            ("Offline: DPO, IPO, SimPO, KTO", OFFLINE),
            ("Online: RLOO, GRPO, PPO, APA, P3O, XPO", ONLINE),
        ]
    };
    explain::explanation(shell.page, cards, PAPERS)
}
