//! The constrained-alignment presets (`kind = "constrained"`, the Constrained Alignment
//! Lab). The numbers in the notices are those the runs produce
//! (`crates/constrained/tests/claims.rs` checks them).

use super::Preset;

const RELOAD: &str = "ReLOAD: Reinforcement Learning with Optimistic Ascent-Descent for \
                      Last-Iterate Convergence in Constrained MDPs";
const ONE_SHOT: &str =
    "One-Shot Safety Alignment for Large Language Models via Optimal Dualization";
const SACPO: &str = "Stepwise Alignment for Constrained Language Model Policy Optimization";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "constrained",
        name: "reload-last-iterate",
        title: "Descent–ascent circles the optimum; the optimistic version lands on it",
        summary: "Eight responses, the more helpful the more harmful, a budget of 0.3 on the \
                  expected harm and a light KL tie (β = 0.01): gradient descent–ascent beside \
                  ReLOAD's optimistic descent–ascent, with the same step sizes.",
        notice: "Descent–ascent never settles: its price λ swings between 0 and 4.5 around \
                 λ* = 2.02, and its policy alternates between safe, less helpful policies \
                 (expected cost 0.20, reward 1.00) and unsafe, more helpful ones (cost up to \
                 0.48, reward up to 1.56), period after period: after 1500 steps it is still \
                 0.33 from the optimum in total variation. The optimistic version, stepping \
                 along 2·g_t − g_{t−1} with the same step sizes, is within 10⁻⁹ of the optimum \
                 (reward 1.200 at cost exactly 0.3) from step 710 on.",
        papers: &[RELOAD],
        background: &[],
        view: "metric=cost",
        toml: include_str!("../../presets/reload-last-iterate.toml"),
    },
    Preset {
        kind: "constrained",
        name: "one-shot-dualization",
        title: "Solve the dual once, align once: no loop over λ",
        summary: "The same responses with β = 0.1: a primal–dual loop beside one-shot \
                  dualization (λ* from the one-dimensional dual, then one alignment on \
                  r − λ*c) and SACPO's stepwise alignment (align to r, then tilt that policy \
                  by −λ*c).",
        notice: "The dual D(λ) is convex and one-dimensional, so λ* = 2.2145 is found before \
                 the first step; aligning once on r − λ*c reaches the optimum (reward 1.192 at \
                 cost 0.300) without ever adjusting a price, while the primal–dual loop, priced \
                 at λ = 0 at first, overspends and then swings below and above the budget \
                 (costs from 0.20 to 0.63 after its first five steps) while λ hunts for its \
                 value, closing in only by damped oscillation (8·10⁻⁸ from the optimum at step \
                 400). Stepwise alignment spends its first 200 steps on helpfulness alone \
                 (cost 1.19, far over the budget), then tilts that policy by e^{−λ*c/β} and \
                 lands on the same optimum: π*_{r−λc} ∝ π*_r·e^{−λc/β}.",
        papers: &[ONE_SHOT, SACPO],
        background: &[],
        view: "metric=distance_to_optimum",
        toml: include_str!("../../presets/one-shot-dualization.toml"),
    },
    Preset {
        kind: "constrained",
        name: "penalty-vs-budget",
        title: "A fixed price on harm misses the budget both ways",
        summary: "Two penalty methods (λ = 1 and λ = 5) beside a primal–dual learner that \
                  learns its price from the budget of 0.3.",
        notice: "A price of 1 is too cheap: the policy settles at an expected cost of 1.00, \
                 more than three times the budget. A price of 5 is too dear: it is safe (cost \
                 0.10) but gives up most of the helpfulness (reward 0.49 against the \
                 optimum's 1.19). Only the learned price, λ → λ* = 2.2145, spends exactly the \
                 budget; no fixed λ is right for another budget.",
        papers: &[ONE_SHOT],
        background: &[],
        view: "metric=reward",
        toml: include_str!("../../presets/penalty-vs-budget.toml"),
    },
];
