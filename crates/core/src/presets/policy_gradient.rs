//! The Policy-Gradient Lab's presets: REINFORCE → GAE → TRPO → PPO → SPO/GRPO, each
//! with the claim it shows.

use super::Preset;

const SUTTON_BARTO: &str =
    "Sutton & Barto (2018), Reinforcement Learning: An Introduction, ch. 13 (Example 13.1)";
const WILLIAMS: &str = "Williams (1992), Simple Statistical Gradient-Following Algorithms for \
                        Connectionist Reinforcement Learning";
const DEEPSEEKMATH: &str = "Shao et al. (2024), DeepSeekMath: Pushing the Limits of \
                            Mathematical Reasoning in Open Language Models (GRPO)";

const GAE: &str = "High-Dimensional Continuous Control Using Generalized Advantage Estimation";
const TRPO: &str = "Trust Region Policy Optimization";
const PPO: &str = "Proximal Policy Optimization Algorithms";
const SPO: &str = "Simple Policy Optimization";
const DPPO: &str = "Dropout Strategy in Reinforcement Learning: Limiting the Surrogate Objective \
                    Variance in Policy Optimization Methods";
const VC_PPO: &str =
    "What's Behind PPO's Collapse in Long-CoT? Value Optimization Holds the Secret";
const BACK_TO_BASICS: &str = "Back to Basics: Revisiting REINFORCE Style Optimization for \
                              Learning from Human Feedback in LLMs";
const PREF_GRPO: &str = "Pref-GRPO: Pairwise Preference Reward-based GRPO for Stable \
                         Text-to-Image Reinforcement Learning";
const TRUNCATING: &str = "Truncating Trajectories in Monte Carlo Reinforcement Learning";
const IGPO: &str = "Information Gain-based Policy Optimization: A Simple and Effective Approach \
                    for Multi-Turn LLM Agents";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "policy-gradient",
        name: "pg-short-corridor",
        title: "The short corridor: when the best policy is random",
        summary: "Sutton & Barto's Example 13.1: a policy that cannot tell cells apart, in a corridor \
                  whose second cell swaps left and right.",
        notice: "Any deterministic blind policy loops forever, so value-based greedy methods have no \
                 good answer; REINFORCE climbs to the best stochastic one, going right with \
                 probability 2 − √2 ≈ 0.59 for J ≈ −11.6 (the dashed line), and stops there. The \
                 value baseline (one number: a blind critic) gets there as well, a little more \
                 steadily. The learner that sees the cells is not limited by that line: it heads for \
                 J = −3.",
        papers: &[],
        background: &[SUTTON_BARTO, WILLIAMS],
        view: "metric=exact_return",
        toml: include_str!("../../presets/pg-short-corridor.toml"),
    },
    Preset {
        kind: "policy-gradient",
        name: "pg-reinforce-baselines",
        title: "REINFORCE with and without a baseline",
        summary: "The same gradient estimate with nothing, the mean return, a learned V(s) or the \
                  other episodes' mean (RLOO) subtracted from the returns.",
        notice: "At the first update every curve is the same: no baseline has learned anything \
                 yet. Then the learned value baseline cuts the gradient's variance several-fold; \
                 the constant and leave-one-out baselines help less, as one number cannot follow \
                 how far each cell is from the goal. The cosine between each update's estimate and \
                 the exact gradient says the same from the other side: with the value baseline \
                 the estimate points much closer to ∇J. And the Verify panel confirms the estimate \
                 still averages to the exact gradient: a baseline does not bias REINFORCE.",
        papers: &[BACK_TO_BASICS],
        background: &[WILLIAMS, SUTTON_BARTO],
        view: "metric=grad_variance",
        toml: include_str!("../../presets/pg-reinforce-baselines.toml"),
    },
    Preset {
        kind: "policy-gradient",
        name: "pg-gae-lambda",
        title: "GAE: λ trades variance for bias",
        summary: "Policy gradient with GAE(λ) for λ = 0, 0.5, 0.95 and 1 on a slippery room.",
        notice: "The gradient variance grows with λ: λ = 0 trusts the critic's one-step TD error, \
                 λ = 1 the whole noisy Monte Carlo return. But small λ inherits the critic's errors \
                 (bias), which are large at first. The cosine between each update's estimate and the \
                 exact ∇J weighs both: once the critic has learned, small λ points the right way \
                 most often.",
        papers: &[GAE],
        background: &[],
        view: "metric=grad_variance",
        toml: include_str!("../../presets/pg-gae-lambda.toml"),
    },
    Preset {
        kind: "policy-gradient",
        name: "pg-trpo-trust-region",
        title: "TRPO: every step at the edge of the trust region",
        summary: "TRPO with δ = 0.01 and δ = 0.05 (exact Fisher matrix, conjugate gradient, \
                  backtracking line search) beside a plain gradient step and PPO with an adaptive \
                  KL penalty aiming at 0.01.",
        notice: "TRPO's KL between successive policies stays at or just under δ, update after \
                 update: the step is measured in how much the policy changes, not in parameter \
                 units, and the line search backs off only when the quadratic model of the KL \
                 was too optimistic. The plain gradient's KL is whatever the learning rate makes \
                 it. PPO-KL steers its KL toward 0.01 only on average, by halving or doubling β \
                 after each update: close to the target early on, then below it as the \
                 advantages shrink, with β falling toward 0. Verify recomputes each TRPO run's \
                 last KL and checks it is at most δ.",
        papers: &[TRPO],
        background: &[],
        view: "metric=kl",
        toml: include_str!("../../presets/pg-trpo-trust-region.toml"),
    },
    Preset {
        kind: "policy-gradient",
        name: "pg-ppo-vs-spo",
        title: "PPO's ratio leaves the clip band; SPO's stays",
        summary: "PPO with 4 and with 30 epochs per batch, and SPO with 30, all with ε = 0.2.",
        notice: "Clipping zeroes the gradient of a sample once its ratio is past 1 ± ε in the \
                 direction its advantage pushes (Verify checks it is exactly 0), but other samples \
                 of the same cell keep pushing, so with many epochs ratios drift outside the band: \
                 watch the share outside it and the ratio histogram, several times larger with 30 \
                 epochs than with 4. SPO's penalty makes 1 ± ε each sample's optimum, and its \
                 ratios stay in. Ratios far from 1 also make the surrogate noisier (D-PPO).",
        papers: &[PPO, SPO, DPPO],
        background: &[],
        view: "metric=outside_band",
        toml: include_str!("../../presets/pg-ppo-vs-spo.toml"),
    },
    Preset {
        kind: "policy-gradient",
        name: "pg-long-horizon-critic",
        title: "A reward 200 steps away: decouple the critic's λ",
        summary: "PPO with λ = 0.95 on a long corridor with a single reward at its end, with the \
                  critic fitted to λ = 0.95 returns or to Monte Carlo returns (λ = 1).",
        notice: "Look at the credit-decay curve: with γλ = 0.95 the end reward reaches the start of a \
                 200-step episode scaled by 0.95^200. The coupled critic's value at the start stays \
                 wrong for many updates (critic error), and the actor's advantages with it; with \
                 critic λ = 1 the critic is right almost at once and the policy improves sooner, \
                 with the same actor.",
        papers: &[VC_PPO, GAE],
        background: &[],
        view: "metric=value_error",
        toml: include_str!("../../presets/pg-long-horizon-critic.toml"),
    },
    Preset {
        kind: "policy-gradient",
        name: "pg-neural-policy",
        title: "A neural policy: one network for every cell",
        summary: "PPO with a table of logits and with an MLP (16 hidden ReLU units reading the \
                  cell's one-hot code), and REINFORCE with the same MLP, on a slippery room.",
        notice: "With one-hot inputs the network can represent any table, so the same optimum is \
                 within reach (the dashed line). But its hidden layer is shared, so what a batch \
                 teaches in one cell moves the policy in the others too. Here that helps: most \
                 cells want the same moves (right and down), and both network learners pull ahead \
                 of the table early. On a map where neighbouring cells need opposite moves the \
                 same sharing would get in the way. The Verify panel's gradient check runs on the \
                 network's own policy.",
        papers: &[PPO],
        background: &[],
        view: "metric=exact_return",
        toml: include_str!("../../presets/pg-neural-policy.toml"),
    },
    Preset {
        kind: "policy-gradient",
        name: "pg-grpo-noisy-bandit",
        title: "GRPO on a noisy bandit",
        summary: "Four exits with noisy rewards around the start: GRPO's group-standardised \
                  advantages beside RLOO and plain REINFORCE.",
        notice: "GRPO divides by each group's spread: with noisy rewards every group has some, so \
                 even a group whose exits are all the same gets advantages of size one from noise \
                 alone (Pref-GRPO's \"illusory advantages\"). It still finds the best exit, as do RLOO \
                 and REINFORCE; compare how much each policy's entropy falls.",
        papers: &[BACK_TO_BASICS, PREF_GRPO],
        background: &[DEEPSEEKMATH],
        view: "metric=exact_return",
        toml: include_str!("../../presets/pg-grpo-noisy-bandit.toml"),
    },
    Preset {
        kind: "policy-gradient",
        name: "pg-truncated-monte-carlo",
        title: "Monte Carlo with truncated trajectories",
        summary: "Three estimates of the random policy's return, each spending 200 transitions per \
                  iteration: on whole trajectories, or on trajectories cut after 40 or 20 steps.",
        notice: "With γ = 0.9, steps after the 20th carry less than 12% of the weight but cost as \
                 much as the first. Cutting there buys five times as many trajectories, and the \
                 confidence interval is narrower (CI width). The price is a small bias, which \
                 Verify bounds by γ^H·max|r|/(1 − γ) and which the error curve shows.",
        papers: &[TRUNCATING],
        background: &[],
        view: "metric=ci_width",
        toml: include_str!("../../presets/pg-truncated-monte-carlo.toml"),
    },
    Preset {
        kind: "policy-gradient",
        name: "pg-igpo-twenty-questions",
        title: "IGPO: information gain cures advantage collapse",
        summary: "Twenty questions about a hidden number from 0 to 15: GRPO paid only for the \
                  final answer, beside GRPO also paid each question's information gain (IGPO).",
        notice: "At first a game is won by a lucky guess one time in sixteen, so most groups of \
                 eight games about one number are all lost: every advantage in them is zero and \
                 they teach nothing (zero_groups, about half of them for the outcome-only \
                 learner). The information gain, the rise of the belief's P(correct answer) \
                 after each answer, pays a good question at once, so no IGPO group is ever \
                 all-equal: it learns to ask the four bit questions and then to name the \
                 number, and climbs toward J* = 1 while outcome GRPO barely leaves 1/16. One \
                 group of 32 is rarely all-equal either, yet learns little: a rare win says \
                 nothing about which of its questions helped. Verify: the policy sees the \
                 answers only, and J* is the best such a policy can do.",
        papers: &[IGPO],
        background: &[DEEPSEEKMATH],
        view: "metric=exact_return",
        toml: include_str!("../../presets/pg-igpo-twenty-questions.toml"),
    },
];
