//! The Pareto Lab's presets (`kind = "pareto"`).
//! The numbers in the notices are those the runs produce.

use super::Preset;

const MAXMIN: &str = "MaxMin-RLHF: Towards Equitable Alignment of Large Language Models with \
                      Diverse Human Preferences";
const SOUPS: &str = "Rewarded soups: towards Pareto-optimal alignment by interpolating weights \
                     fine-tuned on diverse rewards";
const DYNAMIC: &str =
    "Learning to Optimize Multi-Objective Alignment Through Dynamic Reward Weighting";
const CLP: &str =
    "Conditioned Language Policy: A General Framework for Steerable Multi-Objective Finetuning";
const RIC: &str = "Rewards-in-Context: Multi-objective Alignment of Foundation Models with Dynamic \
                   Preference Adjustment";
const TIME: &str = "Consistent Aggregation of Objectives with Diverse Time Preferences Requires \
                    Non-Markovian Rewards";
const DST: &str = "Vamplew et al. (2011), Empirical evaluation methods for multiobjective \
                   reinforcement learning algorithms";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "pareto",
        name: "pareto-deep-sea-treasure",
        title: "Deep Sea Treasure: fixed linear weights miss the concave front",
        summary: "The original Deep Sea Treasure, whose front bends inward: a sweep of 21 linear \
                  weights beside Chebyshev scalarisation over the same weights and \
                  hypervolume-guided dynamic weights.",
        notice: "Only 2 of the 10 Pareto points, (1, −1) and (124, −19), are vertices of the \
                 front's convex hull, and the linear sweep finds exactly those two whatever the \
                 weight: hypervolume 762 of the front's 1155 (reference point (0, −25)). \
                 Chebyshev scalarisation over the same 21 weights reaches points inside the hull \
                 and finds 9 of 10 (hypervolume 1147; it misses (24, −13) between weights). The \
                 hypervolume-guided learner takes whichever path adds most hypervolume, so its \
                 weighting moves to the gaps: all 10 points in 10 steps, hypervolume 1155.",
        papers: &[DYNAMIC],
        background: &[DST],
        view: "",
        toml: include_str!("../../presets/pareto-deep-sea-treasure.toml"),
    },
    Preset {
        kind: "pareto",
        name: "pareto-deep-sea-treasure-convex",
        title: "Deep Sea Treasure, convex variant: linear weights suffice",
        summary: "The same map with treasures 0.7 … 23.7, whose front bulges outward: the linear \
                  sweep (101 weights) now finds the front.",
        notice: "9 of the 10 Pareto points are convex-hull vertices, and the 101-weight linear \
                 sweep finds all 9 (hypervolume 399.7 of 401.8). The tenth, (20.3, −14), lies \
                 exactly on the hull edge from (19.6, −13) to (22.4, −17): it only ever ties, so no \
                 weight picks it alone. Chebyshev (21 weights) and the hypervolume-guided learner \
                 find all 10 (401.8).",
        papers: &[DYNAMIC],
        background: &[DST],
        view: "",
        toml: include_str!("../../presets/pareto-deep-sea-treasure-convex.toml"),
    },
    Preset {
        kind: "pareto",
        name: "pareto-treasure-map",
        title: "A small treasure map: every policy enumerated",
        summary: "A 4 × 4 gridworld with three treasures, small enough that Verify follows all \
                  4⁹ stationary policies; linear, Chebyshev, hypervolume-guided and a soup.",
        notice: "The front is (2, −3), (4, −4), (9, −5); (4, −4) lies inside the hull, so the \
                 linear sweep finds the two others (hypervolume 67 of 69) while Chebyshev and the \
                 hypervolume-guided learner find all three. The soup's experts have had only 11 \
                 steps: its path is still 0.001 from the KL-regularised optimum it converges to, \
                 and well inside the deterministic front (hypervolume 62.6).",
        papers: &[],
        background: &[],
        view: "",
        toml: include_str!("../../presets/pareto-treasure-map.toml"),
    },
    Preset {
        kind: "pareto",
        name: "pareto-two-objective-bandit",
        title: "A two-objective bandit: arms, mixtures and the convex hull",
        summary: "Six arms, two of them on the front but inside its hull: linear and Chebyshev \
                  sweeps pick arms, a soup's policies mix them.",
        notice: "Linear weights find the three hull vertices (1, 0), (0.6, 0.6) and (0, 1), \
                 hypervolume 0.36; Chebyshev finds all five Pareto arms, 0.46, the most any set of \
                 arms reaches. The soup's eleven policies mix arms, and mixtures fill the hull: \
                 3/8 of (1, 0) with 5/8 of (0.6, 0.6) gets (0.85, 0.225), better than the arm \
                 (0.85, 0.2). Its path reaches hypervolume 0.484, beyond every deterministic \
                 policy's front — why non-convex fronts matter only where policies cannot mix.",
        papers: &[SOUPS],
        background: &[],
        view: "",
        toml: include_str!("../../presets/pareto-two-objective-bandit.toml"),
    },
    Preset {
        kind: "pareto",
        name: "pareto-rewarded-soups",
        title: "Rewarded soups and a conditioned policy on helpful against harmless",
        summary: "64 responses with negatively correlated helpful and harmless rewards: a soup of \
                  two single-reward policies (trained by mirror ascent, and by Adam with the \
                  neural engine) and one weight-conditioned policy, each at 11 weights, \
                  against the exact KL-regularised front.",
        notice: "With tabular logits the soup is exact: log π_λ = λ log π₁ + (1−λ) log π₂ − log Z, \
                 and once the experts have converged this is the optimum for λr₁ + (1−λ)r₂. At \
                 step 1 the path is 1.22 from that front; by step 400 it is within 1.2e-9 \
                 (hypervolume 10.605, against 12.52 for the deterministic front, which no \
                 KL-tied policy reaches). The conditioned policy, trained at random weights, \
                 reaches the same front (gap 1.1e-7). A third soup's experts are trained by \
                 Adam with the neural engine, as fine-tuned models are: they have not reached \
                 their optima after 400 steps, and the soup ends near the front rather than \
                 on it (gap 0.034).",
        papers: &[SOUPS, CLP, RIC],
        background: &[],
        view: "",
        toml: include_str!("../../presets/pareto-rewarded-soups.toml"),
    },
    Preset {
        kind: "pareto",
        name: "pareto-maxmin-rlhf",
        title: "MaxMin-RLHF: a single reward ignores the minority group",
        summary: "Two groups with opposite tastes (80% and 20% of users): single-reward RLHF on \
                  the share-weighted reward against MaxMin-RLHF's worst-group objective.",
        notice: "Single-reward RLHF serves the majority: group 1 gets 0.908, the minority 0.167. \
                 MaxMin puts its weight on the response both groups like and gives both 0.630. \
                 Its value, min_k E r_k − β·KL = 0.5604, equals the dual min_w β log E_π_ref \
                 e^(w·r/β) at w* = (0.477, 0.523), to the last digit.",
        papers: &[MAXMIN],
        background: &[],
        view: "",
        toml: include_str!("../../presets/pareto-maxmin-rlhf.toml"),
    },
    Preset {
        kind: "pareto",
        name: "pareto-time-preferences",
        title: "Different time preferences: a Markov aggregate changes its mind",
        summary: "An impatient objective (γ₁ = 0.5) and a patient one (γ₂ = 0.9), three plans \
                  that pay them at times 10 to 12: re-planning each step with a Markov aggregate \
                  against an aggregate whose state carries γᵢ^τ.",
        notice: "Seen from time 0 plan 1 (10 on the patient objective at time 12) is worth \
                 0.5·0.9¹²·10 = 1.41 and plan 0 (10 on the impatient one at time 10) only \
                 0.5·0.5¹⁰·10 = 0.005. The Markov aggregate keeps plan 1 up to τ = 9 (3.65 against \
                 2.5) and switches to plan 0 at τ = 10 (5 against 4.05): one preference flip, a \
                 plan it would have refused at the start. Weighting objective i by w_i·γ_i^τ — the \
                 state augmented with γ_i^τ, a non-Markovian reward in the original state — keeps \
                 plan 1 at every step.",
        papers: &[TIME],
        background: &[],
        view: "metric=plan",
        toml: include_str!("../../presets/pareto-time-preferences.toml"),
    },
];
