//! The DPO Lab's presets: the example, and one per claim of §3 tagged for the lab.

use super::Preset;

const DPO: &str = "Rafailov et al. (2023), Direct Preference Optimization: Your Language Model \
                   is Secretly a Reward Model";
const IPO: &str = "A General Theoretical Paradigm to Understand Learning from Human Preferences";
const DPO_SHIFT: &str = "DPO-Shift: Shifting the Distribution of Direct Preference Optimization";
const ALPHAPO: &str = "AlphaPO -- Reward shape matters for LLM alignment";
const RANKINGS: &str = "Preference Learning Algorithms Do Not Learn Preference Rankings";
const EXO: &str = "Towards Efficient and Exact Optimization of Language Model Alignment";
const F_DPG: &str = "Aligning Language Models with Preferences through f-divergence Minimization";
const KL_BAYES: &str = "RL with KL penalties is better viewed as Bayesian inference";
const RPO: &str = "Provably Mitigating Overoptimization in RLHF: Your SFT Loss is Implicitly an \
                   Adversarial Regularizer";
const PRE_DPO: &str = "Pre-DPO: Improving Data Utilization in Direct Preference Optimization \
                       Using a Guiding Reference Model";
const RLHS: &str = "RLHS: Mitigating Misalignment in RLHF with Hindsight Simulation";
const COPG: &str = "Contrastive Policy Gradient: Aligning LLMs on sequence-level scores in a \
                    supervised-friendly fashion";
const CARDINAL: &str = "Beyond Ordinal Preferences: Why Alignment Needs Cardinal Human Feedback";
const SIMPO: &str = "Meng et al. (2024), SimPO: Simple Preference Optimization with a \
                     Reference-Free Reward";
const DISPLACEMENT: &str = "Razin et al. (2024), Unintentional Unalignment: Likelihood \
                            Displacement in Direct Preference Optimization";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "dpo",
        name: "dpo-vs-ipo",
        title: "DPO and IPO on the whole population of pairs",
        summary: "Eight responses, every pair labelled by Bradley–Terry on the gold reward: DPO beside \
              IPO (Identity Preference Optimisation) at the same β.",
        notice: "DPO's implicit reward margin climbs toward that of the gold reward itself: on the \
             population of pairs its optimum is exactly π_ref·exp(r*/β)/Z (the Verify panel checks \
             it is the loss's minimiser). IPO regresses the margins onto the preference \
             probabilities instead, so its margins stay smaller: it moves less far from π_ref.",
        papers: &[IPO],
        background: &[DPO],
        view: "metric=rewards/margins",
        toml: include_str!("../../presets/dpo-vs-ipo.toml"),
    },
    Preset {
        kind: "dpo",
        name: "dpo-deterministic-labels",
        title: "Deterministic labels: DPO's margins never stop, IPO's do",
        summary: "Four responses, 2000 sampled pairs whose better response always wins: DPO beside \
              IPO (Identity Preference Optimisation) at β = 0.5.",
        notice: "DPO's rewards/margins keeps climbing (3.6 at step 500, 5.5 at 2000) and its \
             policy piles onto the best response: a label that is never contradicted can always \
             be fitted better by pushing the rejected response's probability further toward \
             zero, so β no longer holds the policy near π_ref. IPO's margin levels off within a \
             few hundred steps (a lone pair would stop at h = 1/(2β); here the least-squares \
             compromise over the pairs gives a reward margin of 0.42) and its KL stays at 0.14.",
        papers: &[IPO],
        background: &[DPO],
        view: "metric=rewards/margins",
        toml: include_str!("../../presets/dpo-deterministic-labels.toml"),
    },
    Preset {
        kind: "dpo",
        name: "dpo-likelihood-displacement",
        title: "Likelihood displacement: the chosen response loses probability",
        summary: "A log-linear policy, one pair of near-twin responses: DPO beside DPO-Shift \
              (f = 0.9, 0.75), and SimPO beside AlphaPO (α = ±0.25).",
        notice: "DPO's logps/chosen falls from ln 0.25 = −1.39 to −5.0 (π(y_w) = 0.007), its \
             logps/rejected further (−7.3), while its margin keeps growing: the pair differs by \
             only 0.2 in the second feature, and response 2, which no pair mentions, has 1.0 of \
             it, so it ends with 99% of the probability. DPO-Shift's f < 1 adds (1 − f)·∇ln π(y_w) \
             to each step: the chosen log-probability ends at −1.18 with f = 0.9 and at −0.48 \
             (π = 0.62) with f = 0.75, and the reward margin pays for it (0.226 for DPO, 0.184, \
             0.154). AlphaPO reshapes SimPO's reward and with it how hard each side is pushed: \
             α = −0.25 pushes the likelier side harder and keeps the chosen response at −0.86 with \
             a smaller margin than SimPO's (2.14 against 2.54; these two use β = 2, so compare \
             them with each other), while α = +0.25 pushes the rarer, rejected side harder and \
             displaces the chosen one further than SimPO does (−4.07 against −3.07).",
        papers: &[DPO_SHIFT, ALPHAPO],
        background: &[DISPLACEMENT, SIMPO, DPO],
        view: "metric=logps/chosen",
        toml: include_str!("../../presets/dpo-likelihood-displacement.toml"),
    },
    Preset {
        kind: "dpo",
        name: "dpo-ranking-accuracy",
        title: "Ranking accuracy lags far behind its ideal",
        summary: "Five pairs, four of which π_ref mis-ranks by 2.0 to 7.6 nats: DPO's likelihood \
              ranking accuracy beside TRL's reward accuracy and the ideal.",
        notice: "rewards/accuracies (the implicit reward ranks y_w first) is 1.0 from the first \
             step and the loss falls from 0.693 to 0.467, yet ranking_accuracy (π itself ranks \
             y_w first) climbs in steps: 0.2, then 0.4 at step 107 and 0.6 at step 224, ending at \
             0.6 against an ideal_ranking_accuracy of 1.0 (π*_β ranks every pair right). The pairs \
             share no response, so DPO moves every margin h alike (rewards/margins = βh, 0.52 at \
             the end: h = 5.2), and a pair flips only when h passes the log-ratio by which π_ref \
             mis-ranks it: the pairs off by 2.0 and 4.0 nats are fixed, those off by 6.0 and 7.6 \
             are not. Meanwhile the gold reward, 0.96, sits on the exact reward–KL frontier: the \
             pairs still mis-ranked hold almost no probability.",
        papers: &[RANKINGS],
        background: &[DPO],
        view: "metric=ranking_accuracy",
        toml: include_str!("../../presets/dpo-ranking-accuracy.toml"),
    },
    Preset {
        kind: "dpo",
        name: "exo-vs-dpo-bimodal",
        title: "A bimodal target and a policy that can only tilt: who commits, who averages",
        summary: "Seven responses with two good ends, a log-linear policy with one feature: DPO and \
              pairwise EXO on every pair, beside the reverse and forward KL to π*_β.",
        notice: "The reverse KL(π‖π*_β), the objective EXO is shown to optimise (as RL with a KL \
             penalty does), commits: 90% of its probability on response 6, the higher end, 1% on \
             the worthless middle, gold reward 2.06. DPO does not: the tilt it fits is almost \
             flat (KL 0.002), leaving 43% on the middle three responses, where π*_β has 2% (gold \
             reward 0.89). The forward KL(π*_β‖π), which the EXO paper relates to DPO, averages \
             the same way (42%, 0.92). So does TRL's pairwise EXO (exo_pair) on the same pairs \
             (42%, 0.91): like DPO's loss it sees only the pair margins θ·(φ_w − φ_l), and on this \
             U-shaped reward the best fit of them is nearly flat. The mode-seeking belongs to \
             EXO's objective over the whole response set, not to its two-response form.",
        papers: &[EXO],
        background: &[DPO],
        view: "metric=gold_reward",
        toml: include_str!("../../presets/exo-vs-dpo-bimodal.toml"),
    },
    Preset {
        kind: "dpo",
        name: "f-dpg-divergences",
        title: "Reverse KL, Jensen–Shannon, forward KL: three compromises",
        summary: "f-DPG fits a one-feature log-linear policy to π*_β over nine responses (two \
              excellent at one end, four good at the other) with three divergences.",
        notice: "No divergence wins on both counts. The reverse KL (RLHF's) earns the most reward, \
             2.87, with the least entropy, 0.65 nats: 96% of its probability on the two \
             excellent responses and 0.04% on the four good ones. The forward KL (DPG's) keeps \
             the most entropy, 1.79 nats, and at least 1.4% on every response, at a reward of \
             1.92. Jensen–Shannon lands between on both: reward 2.25, entropy 1.44 (π*_β's own \
             entropy is 1.38).",
        papers: &[F_DPG],
        background: &[],
        view: "metric=gold_reward",
        toml: include_str!("../../presets/f-dpg-divergences.toml"),
    },
    Preset {
        kind: "dpo",
        name: "kl-penalty-collapse",
        title: "As β → 0 the KL-regularised optimum collapses onto the argmax",
        summary: "RLHF at five strengths of the KL penalty, β = 1 down to 0.01, on six responses \
              whose best three are nearly tied.",
        notice: "π*_β = π_ref·e^(r/β)/Z is the posterior of the prior π_ref under the evidence \
             e^(r/β), and shrinking β sharpens the evidence: the policies' entropies fall from \
             1.59 nats (β = 1) to 1.32, 1.00, 0.33 and 0.02 (β = 0.01), their KL to π_ref rises \
             from 0.04 to 2.28 (ln 10 = 2.30 would be all on response 0). Response 1, nearly as \
             good (r* = 0.9) and π_ref's favourite, keeps 37% at β = 1 and 46% at β = 0.1, but \
             0.2% at β = 0.01, where 99.7% sits on response 0: the distribution collapse the \
             paper describes. Every policy ends within 0.006 of its π*_β (the Verify panel \
             checks each is RLHF's maximiser); the smallest β get there slowest, as the policy \
             gradient fades with the probabilities it has to move.",
        papers: &[KL_BAYES],
        background: &[],
        view: "metric=kl",
        toml: include_str!("../../presets/kl-penalty-collapse.toml"),
    },
    Preset {
        kind: "dpo",
        name: "rpo-sft-stops-leakage",
        title: "An SFT term stops DPO leaking probability to unseen responses",
        summary: "Three compared responses and three never seen, in a log-linear policy: DPO beside \
              RPO (DPO plus the SFT loss on the chosen response, α = 0.2 and 1).",
        notice: "DPO fits every pair (rewards/accuracies and ranking_accuracy 1.0), and its implicit \
             reward β·θᵀφ grows with assertiveness, which rises off the data: responses 3 and 4, \
             never compared, go from 20% of π_ref to 99.8%, the gold reward falls from π_ref's \
             0.55 to −0.99, and logps/chosen to −8.7. RPO's SFT term also pulls θ toward the \
             chosen responses' on-topic feature: with α = 0.2 only 1.3% leaks to the unseen \
             responses (gold reward 1.88), with α = 1 0.2% (1.72), and the chosen \
             log-probability rises instead of falling.",
        papers: &[RPO],
        background: &[DPO],
        view: "metric=gold_reward",
        toml: include_str!("../../presets/rpo-sft-stops-leakage.toml"),
    },
    Preset {
        kind: "dpo",
        name: "rlhs-hindsight-feedback",
        title: "Foresight feedback teaches misreporting; hindsight feedback does not",
        summary: "A two-step marketplace: the assistant says whether a TV has a feature none has, \
                  then the customer buys or walks away. The same question is labelled in \
                  foresight (prompt 1, before the outcome) and in hindsight (prompt 2, after it).",
        notice: "Switch the prompt under the policy bars. Trained on foresight labels, DPO puts \
                 99.6% on the misreport \"this one has it\", which the evaluator liked before \
                 the customer found out: its true utility is −1.00. On hindsight labels it puts \
                 99.8% on the truthful \"none of ours has it\" (utility 0). Same policy class, \
                 same loss, same questions: only when the feedback was given changed.",
        papers: &[RLHS],
        background: &[DPO],
        view: "",
        toml: include_str!("../../presets/rlhs-hindsight-feedback.toml"),
    },
    Preset {
        kind: "dpo",
        name: "cardinal-feedback-picks-the-better-model",
        title: "Ordinal labels cannot pick the better model; willingness to pay can",
        summary: "One dial sets the model from careful to playful. Careful fixes a wrong date on \
                  prompt 1 (worth 2.0) but flattens a witty note on prompt 2 (worth 0.2). Every \
                  label prefers the better answer.",
        notice: "The ordinal labels say \"1969 ≻ 1968\" and \"witty ≻ plain\", and would say the \
                 same if the wit were worth 2.0 and the date 0.2. So RLHF and DPO trained on them \
                 cannot tell which way to turn the dial: they stay at π_ref, gold reward 0.55. \
                 With willingness to pay (how much better, in r*'s units), RLHF turns towards \
                 care: P(1969) = 0.86, gold reward 0.87. Swap the gold rewards and only the \
                 cardinal learner turns the other way.",
        papers: &[CARDINAL],
        background: &[DPO],
        view: "",
        toml: include_str!("../../presets/cardinal-feedback-picks-the-better-model.toml"),
    },
    Preset {
        kind: "dpo",
        name: "copg-off-policy",
        title: "Off-policy without importance weights: CoPG lands on the optimum",
        summary: "The issue's eight responses, 300 training pairs drawn from a uniform behaviour \
                  policy. CoPG regresses log-ratio gaps onto reward gaps; DPO sees only which \
                  response won.",
        notice: "CoPG's bars meet π*'s exactly (Verify: its minimiser is π_ref·e^(r*/β)/Z) and it \
                 sits on the frontier, although no pair came from π_ref or from the policy being \
                 trained and no importance weight corrects for that. DPO on the same pairs ends \
                 at the policy of the pairs' Bradley–Terry reward: more gold reward, but at 1.06 \
                 nats of KL instead of 0.61, off the optimum for its β.",
        papers: &[COPG],
        background: &[DPO],
        view: "",
        toml: include_str!("../../presets/copg-off-policy.toml"),
    },
    Preset {
        kind: "dpo",
        name: "pre-dpo-guiding-reference",
        title: "The reference model weighs the data: Pre-DPO's guiding reference",
        summary: "300 sampled pairs, 30% of their labels flipped: DPO against π_ref beside \
              Pre-DPO, whose reference is the policy the data itself points to.",
        notice: "DPO's gradient weighs each pair by σ(−βh), and h is measured from the \
             reference. With the reference equal to the starting policy every pair starts at \
             weight ½, so DPO spends 35.5% of its first step on pairs whose label contradicts \
             the gold reward (weights/flipped_share) — their share of the data. Pre-DPO's \
             guiding reference π_ref·e^(r̂/β)/Z, r̂ the data's Bradley–Terry reward, starts each \
             pair at weight σ(r̂(y_w) − r̂(y_l)): pairs the rest of the data disagrees with count \
             less, and only 24.5% of the first step goes to mislabelled pairs. Its policy also \
             moves further (KL 0.72 against 0.26; gold reward 3.45 against 2.81), since its \
             optimum is π_ref·e^(2r̂/β)/Z. Both shares rise as the clean pairs are fitted.",
        papers: &[PRE_DPO],
        background: &[DPO],
        view: "metric=weights/flipped_share",
        toml: include_str!("../../presets/pre-dpo-guiding-reference.toml"),
    },
];
