//! The intransitive-preferences presets (`kind = "nash"`, the Nash page).
//! The numbers in the notices are those the runs produce.

use super::Preset;

const SPO: &str = "A Minimaximalist Approach to Reinforcement Learning from Human Feedback";
const EGPO: &str = "Extragradient Preference Optimization (EGPO): Beyond Last-Iterate Convergence \
                    for Nash Learning from Human Feedback";
const INPO: &str = "Iterative Nash Policy Optimization: Aligning LLMs with General Preferences via \
                    No-Regret Learning";
const NASH_MD: &str = "Munos et al. (2023), Nash Learning from Human Feedback";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "nash",
        name: "nash-rock-paper-scissors",
        title: "Rock, paper, scissors: cycling, converging and stuck",
        summary: "A symmetric 3-cycle whose Minimax Winner is uniform, from π_ref = (0.6, 0.3, 0.1): \
                  RLHF, multiplicative weights, extragradient and Nash-MD side by side.",
        notice: "RLHF's Bradley–Terry fit gives the three responses equal rewards, so its policy never \
                 leaves π_ref (duality gap 0.12 throughout). Multiplicative weights circles the uniform \
                 Minimax Winner and spirals outward: after 3000 steps its last iterate sits near a \
                 corner (gap 0.39), while the average of its policies has gap 0.0041, inside Hedge's \
                 regret bound of 0.064. Extragradient's look-ahead makes the last iterate converge: gap \
                 3.2e-4 at step 1000 and 3.8e-10 at step 3000. Nash-MD (τ = 0.03) settles by step 1000 \
                 at (0.36, 0.29, 0.35), gap 0.029: the equilibrium of the game regularised toward \
                 π_ref, about τ from the Minimax Winner.",
        papers: &[EGPO, INPO],
        background: &[NASH_MD],
        view: "",
        toml: include_str!("../../presets/nash-rock-paper-scissors.toml"),
    },
    Preset {
        kind: "nash",
        name: "nash-unequal-cycle",
        title: "An unequal cycle: RLHF picks a favourite, self-play finds the Minimax Winner",
        summary: "0 beats 1 (90%), 1 beats 2 (80%), 2 beats 0 (70%): RLHF through a Bradley–Terry \
                  reward beside SPO's self-play, multiplicative weights and extragradient.",
        notice: "Response 0 wins the most comparisons, so the Bradley–Terry fit ranks it first \
                 (r̂ = 0.27, −0.14, −0.14) and RLHF (β = 0.1) puts 97% of its probability on it, with a \
                 duality gap of 0.19: response 2 beats that policy 70% of the time. The Minimax Winner \
                 is (1/3, 2/9, 4/9), weighting 2 most. SPO's self-play keeps circling it (last-iterate \
                 gap 0.045 at step 3000) but the average of its policies reaches (0.34, 0.21, 0.45), \
                 gap 0.0036; multiplicative weights' average gets to gap 0.0028 while its last iterate \
                 spirals out (gap 0.36). Extragradient's last iterate converges: gap 2.4e-6 at step \
                 3000.",
        papers: &[SPO, EGPO],
        background: &[],
        view: "",
        toml: include_str!("../../presets/nash-unequal-cycle.toml"),
    },
    Preset {
        kind: "nash",
        name: "nash-transitive",
        title: "Transitive preferences: everyone agrees on the Condorcet winner",
        summary: "Four responses ordered 0 ≻ 1 ≻ 2 ≻ 3: the control case, where the Minimax Winner is \
                  the response that beats every other.",
        notice: "Response 0 beats every other, so it is the only Minimax Winner, and the Bradley–Terry \
                 fit orders the responses correctly: RLHF (β = 0.1) puts 0.976 on response 0, the rest \
                 kept by its tie to π_ref (gap 0.0025). Multiplicative weights and extragradient reach \
                 response 0 exactly (gap below 1e-11 by step 500); Nash-MD (τ = 0.02) stops at 0.987 \
                 (gap 0.0014); self-play's policy gradient is slower (gap 8.3e-4 at step 2000).",
        papers: &[SPO],
        background: &[NASH_MD],
        view: "",
        toml: include_str!("../../presets/nash-transitive.toml"),
    },
];
