//! The DPO Lab's presets (its page is still to come: issue 7).

use super::Preset;

const DPO: &str = "Rafailov et al. (2023), Direct Preference Optimization: Your Language Model \
                   is Secretly a Reward Model";
const IPO: &str = "A General Theoretical Paradigm to Understand Learning from Human Preferences";

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
];
