//! The Tiny-LM Alignment Lab's presets (`kind = "lm-alignment"`). The numbers in the
//! notices are those the runs produce (CPU backend).

use super::Preset;

const DPO: &str = "Direct Preference Optimization: Your Language Model is Secretly a Reward Model";
const DEEPSEEKMATH: &str =
    "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models";

const GOODHART: &str = "Goodhart's Law in Reinforcement Learning";
const GAO: &str = "Gao, Schulman and Hilton (2023), Scaling Laws for Reward Model Overoptimization";
const ON_POLICY: &str = "Preference Fine-Tuning of LLMs Should Leverage Suboptimal, On-Policy Data";
const BACK_TO_BASICS: &str = "Back to Basics: Revisiting REINFORCE Style Optimization for Learning from Human Feedback in LLMs";
const XPO: &str = "Exploratory Preference Optimization: Harnessing Implicit Q*-Approximation for Sample-Efficient RLHF";
const APA: &str = "Fine-Tuning Language Models with Advantage-Induced Policy Alignment";
const P3O: &str =
    "Pairwise Proximal Policy Optimization: Harnessing Relative Feedback for LLM Alignment";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "lm-alignment",
        name: "tiny-lm-alignment",
        title: "Align a tiny LM: offline DPO against online DPO, RLOO, PPO and GRPO",
        summary: "A pretrained two-layer transformer writes four-word responses; five learners \
                  align copies of it to a sentiment reward with β = 0.5, each path in the \
                  (KL, gold) plane drawn over the exact frontier.",
        notice: "The online learners hug the frontier: RLOO ends at gold 2.00 with KL 4.06 \
                 (the most any policy earns at that KL: 2.08), PPO at 2.12 with KL 4.31 (2.19), \
                 online DPO at 3.89 with KL 9.15 (4.00). Offline DPO, which only ever sees the \
                 512 pairs drawn from π_ref, wanders off: gold 1.45 at KL 7.77, where 3.62 was \
                 possible. GRPO's k3 penalty keeps it nearer π_ref (gold 1.11 at KL 3.25). π_ref \
                 itself earns −0.86.",
        papers: &[DPO],
        background: &[],
        view: "",
        toml: include_str!("../../presets/tiny-lm-alignment.toml"),
    },
    Preset {
        kind: "lm-alignment",
        name: "rlvr-pass-at-k",
        title: "RLVR: a verifiable reward, all-equal groups and pass@k",
        summary: "A 0/1 reward π_ref rarely earns: GRPO and RLOO with groups of 8, the share \
                  of groups whose rewards are all equal, and pass@k before and after.",
        notice: "π_ref earns the reward 1.1% of the time (pass@16 = 0.16). Over the first five \
                 steps 73% of GRPO's groups of eight are all equal — all wrong, so no advantage \
                 and no gradient; the share dips to 30% while the policy is half right, then \
                 climbs to 90% as whole groups pass. Both learners end at pass@1 ≥ 0.98. Verify \
                 checks the share at every step against its exact law p⁸ + (1 − p)⁸.",
        papers: &[DEEPSEEKMATH],
        background: &[],
        view: "metric=frac_reward_zero_std",
        toml: include_str!("../../presets/rlvr-pass-at-k.toml"),
    },
    Preset {
        kind: "lm-alignment",
        name: "on-policy-vs-offline-dpo",
        title: "On-policy data: online DPO finds a reward π_ref rarely earns; offline DPO does not",
        summary: "A 0/1 reward for \"good\" at an even position, which π_ref writes about 1% of \
                  the time: DPO on 512 pairs from π_ref against online DPO on fresh pairs from \
                  its own policy, same β and step size.",
        notice: "π_ref earns the reward 1.1% of the time. Offline DPO ends at 0.2% (KL 3.68): \
                 its pairs from π_ref hold few successes, and pushing the rejected responses \
                 down does not find more. Online DPO samples its own policy, meets more \
                 successes as it improves, and ends at 97.3% (KL 6.47).",
        papers: &[ON_POLICY],
        background: &[],
        view: "",
        toml: include_str!("../../presets/on-policy-vs-offline-dpo.toml"),
    },
    Preset {
        kind: "lm-alignment",
        name: "xpo-exploration-bonus",
        title: "Exploration bonus: XPO finds a response π_ref almost never writes",
        summary: "A 0/1 reward for \"good\" as the second of two words, which π_ref writes \
                  0.55% of the time: DPO on 64 pairs from π_ref against XPO, whose pairs are \
                  one response of its own and one of π_ref's, with the bonus α = 0, 0.01 and \
                  0.1.",
        notice: "Offline DPO's 64 pairs hold two successes: it climbs to 41% by step 50, then \
                 falls back to where π_ref began (0.5%, KL 6.08), since its loss only asks each \
                 margin to grow, and pushing the rejected responses down does that too. XPO with α = 0.01 ends at 92.3% (KL 9.44); the same \
                 learner without the bonus at 27.8% (KL 2.18). Too much bonus overrides the \
                 preferences: with α = 0.1 the policy settles on one response π_ref rarely \
                 writes (KL 4.16) that earns nothing. Over seeds 1–6 (tested) α = 0.01 always \
                 ends above 75%, offline DPO averages under 10%.",
        papers: &[XPO],
        background: &[],
        view: "",
        toml: include_str!("../../presets/xpo-exploration-bonus.toml"),
    },
    Preset {
        kind: "lm-alignment",
        name: "rloo-vs-ppo",
        title: "Back to basics: RLOO matches PPO without a value network",
        summary: "The whole response as one action: REINFORCE with a leave-one-out baseline \
                  beside PPO with a value head, GAE and clipping, same β = 0.5 and step size.",
        notice: "RLOO needs one forward pass and no critic per step; it ends at gold 2.00 with \
                 KL 4.06, a regularised objective E r − β·KL of −0.031. PPO, with its value \
                 head, GAE and two epochs, ends at 2.12 with KL 4.31: −0.034. The best any \
                 policy can do is β ln Z = 0.042.",
        papers: &[BACK_TO_BASICS],
        background: &[],
        view: "",
        toml: include_str!("../../presets/rloo-vs-ppo.toml"),
    },
    Preset {
        kind: "lm-alignment",
        name: "apa-vs-ppo",
        title: "APA against PPO: does a squared loss toward π_ref·e^(Â/β) hold the KL better?",
        summary: "PPO (clipped ratios, KL in the reward) beside APA (a squared loss toward \
                  ln π_ref + Â/β), same β = 0.5, step size, value head and samples, 300 steps.",
        notice: "The paper finds APA keeps the KL more stable than PPO, which drifts toward \
                 collapse. Not in this world: PPO's KL peaks at 5.87 (step 102) and settles at \
                 3.57 (gold 1.75, objective E r − β·KL = −0.030; the best is 0.042), while \
                 APA's peaks at 7.58 and ends at 4.66 (objective −0.279). Why: a target \
                 ln π_ref + Â/β above 0 is a log-probability no policy can meet, and the \
                 squared loss then pushes that word toward certainty; over the first 50 steps \
                 a third of APA's per-word targets lie above 0 (9% over the run). Seeds 2 and \
                 3 behave the same.",
        papers: &[APA],
        background: &[],
        view: "metric=kl_exact",
        toml: include_str!("../../presets/apa-vs-ppo.toml"),
    },
    Preset {
        kind: "lm-alignment",
        name: "p3o-reward-shift",
        title: "Shift every reward by 5: PPO changes course, P3O does not",
        summary: "PPO and P3O (pairwise PPO), each with the reward as it is and shifted by \
                  c = 5, all drawing the same samples.",
        notice: "PPO's two runs part within the first steps and end at gold 1.63 (KL 3.40) and \
                 1.85 (KL 3.83): the shift reaches its advantages until the value head learns \
                 it. The two P3O runs are the same number for number (gold 1.99 at KL 3.93): a \
                 difference of two rewards does not see a constant.",
        papers: &[P3O],
        background: &[],
        view: "",
        toml: include_str!("../../presets/p3o-reward-shift.toml"),
    },
    Preset {
        kind: "lm-alignment",
        name: "tiny-lm-proxy-goodhart",
        title: "A proxy that counts words: its optimiser peaks on the gold reward, then drifts",
        summary: "A word-count reward model fitted to 40 labelled pairs, where the gold reward \
                  also pays 3 for ending with \".\": RLOO on the proxy against RLOO on the gold \
                  reward, β = 0.05.",
        notice: "The proxy's learner climbs both rewards together at first and reaches gold \
                 3.99 at step 34; from there it drifts among responses the proxy scores alike \
                 (proxy 5.27 → 5.04) but the gold reward does not, and ends at gold 0.12 \
                 (KL 10.61). The gold's learner ends at 6.00, the best there is (three \
                 positive words, then \".\") — a response the proxy scores −4.45: a word-count \
                 model cannot see where a word stands, and 40 labels pin the words down badly.",
        papers: &[GOODHART],
        background: &[GAO],
        view: "metric=proxy",
        toml: include_str!("../../presets/tiny-lm-proxy-goodhart.toml"),
    },
    Preset {
        kind: "lm-alignment",
        name: "tiny-lm-pretrain-yourself",
        title: "Pretrain π_ref yourself, then align it",
        summary: "The transformer learns the chain's text live for 800 steps, its loss drawn \
                  against the entropy rate; then online DPO and RLOO align copies of it.",
        notice: "π_ref's loss starts at 2.10 nats per word (a uniform guess is ln 8 = 2.08) and \
                 averages 1.074 over the last 80 steps: the chain's entropy rate, 1.075, is the \
                 floor. Then the figure turns to the frontier: in 100 steps RLOO reaches gold \
                 2.57 at KL 5.03 (the most possible there: 2.66), online DPO −0.12 at KL 1.12.",
        papers: &[],
        background: &[],
        view: "",
        toml: include_str!("../../presets/tiny-lm-pretrain-yourself.toml"),
    },
];
