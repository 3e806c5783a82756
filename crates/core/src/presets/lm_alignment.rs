//! The Tiny-LM Alignment Lab's presets (`kind = "lm-alignment"`). The numbers in the
//! notices are those the runs produce (CPU backend).

use super::Preset;

const DPO: &str = "Direct Preference Optimization: Your Language Model is Secretly a Reward Model";
const DEEPSEEKMATH: &str =
    "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "lm-alignment",
        name: "tiny-lm-alignment",
        title: "Align a tiny LM: offline DPO against online DPO, RLOO, PPO and GRPO",
        summary: "A pretrained two-layer transformer writes four-word responses; five learners \
                  align copies of it to a sentiment reward with β = 0.5, each path in the \
                  (KL, gold) plane drawn over the exact frontier.",
        notice: "NOTICE",
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
        notice: "NOTICE",
        papers: &[DEEPSEEKMATH],
        background: &[],
        view: "metric=frac_reward_zero_std",
        toml: include_str!("../../presets/rlvr-pass-at-k.toml"),
    },
];
