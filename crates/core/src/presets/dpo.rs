//! The DPO Lab's presets (its page is still to come: issue 7).

use super::Preset;

const DPO: &str = "Rafailov et al. (2023), Direct Preference Optimization: Your Language Model \
                   is Secretly a Reward Model";
const IPO: &str = "A General Theoretical Paradigm to Understand Learning from Human Preferences";

pub const PRESETS: &[Preset] = &[Preset {
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
}];
