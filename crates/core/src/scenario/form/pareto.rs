//! The Pareto Lab's form (`kind = "pareto"`): a two-objective environment (Deep Sea
//! Treasure, a treasure map, a bandit, helpful/harmless responses or two user groups) and
//! up to eight learners that look for its Pareto front.

use super::{
    Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, TypeForm, VERSION, int, num, pos,
};
use crate::scenario::{
    PARETO_MAX_BETA, PARETO_MAX_CORRELATION, PARETO_MAX_HORIZON, PARETO_MAX_LEARNERS,
    PARETO_MAX_LEARNING_RATE, PARETO_MAX_POINTS, PARETO_MAX_RESPONSES, PARETO_MAX_REWARD,
    PARETO_MAX_STEPS, PARETO_MAX_WEIGHTS, PARETO_MIN_BETA, PARETO_MIN_RESPONSES,
};

pub const KIND: KindForm = KindForm {
    kind: "pareto",
    title: "Pareto Lab",
    help: "Two objectives and the Pareto front of their returns. Every environment comes down \
           to the returns of its deterministic policies (a path to a treasure, an arm, a \
           response). Linear and Chebyshev scalarisation sweep a weight, one per step; the \
           hypervolume-guided learner adds whichever policy adds most hypervolume; rewarded \
           soups, a weight-conditioned policy, MaxMin-RLHF and single-reward RLHF hold a \
           softmax policy anchored at π_ref (β) and take one exact mirror-ascent step per \
           step. Hypervolume is measured from the environment's reference point.",
    sections: &[
        Section::Fields {
            path: "",
            title: "Run",
            fields: &[
                VERSION,
                SEED,
                int(
                    "steps",
                    "steps",
                    "steps of every learner (a scalarising learner takes one weight per step)",
                    1,
                    PARETO_MAX_STEPS as u64,
                    Omitted::Is("100"),
                ),
            ],
        },
        Section::OneOf {
            path: "env",
            title: "Environment",
            types: ENV_FORMS,
        },
        Section::ListOf {
            path: "learners",
            title: "Learners",
            types: LEARNER_FORMS,
            common: &[LABEL],
            max: PARETO_MAX_LEARNERS,
        },
    ],
    example: "kind = \"pareto\"\nseed = 1\nsteps = 21\n[env]\ntype = \"deep-sea-treasure\"\n[[learners]]\ntype = \"chebyshev\"\n",
};

const HORIZON: Field = int(
    "horizon",
    "horizon",
    "steps before an episode is cut off without treasure (return (0, −horizon)); the \
     hypervolume's reference point is (0, −horizon)",
    1,
    PARETO_MAX_HORIZON as u64,
    Omitted::Is("25"),
);

const REF_PROBS: Field = Field {
    name: "ref_probs",
    label: "π_ref",
    help: "the reference policy, one weight per response (normalised to sum 1)",
    kind: FieldKind::List {
        min: 0.0,
        max: 1.0,
        exclusive_min: true,
    },
    omitted: Omitted::Means("uniform"),
    rule: Some("one per response"),
};

pub const ENV_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "deep-sea-treasure",
        title: "Deep Sea Treasure (Vamplew et al.): treasure against time",
        fields: &[
            Field {
                name: "variant",
                label: "variant",
                help: "concave: treasures 1, 2, 3, 5, 8, 16, 24, 50, 74, 124 (part of the front \
                       lies inside its convex hull); convex: 0.7, 8.2, 11.5, 14, 15.1, 16.1, \
                       19.6, 20.3, 22.4, 23.7",
                kind: FieldKind::Choice {
                    options: &["concave", "convex"],
                },
                omitted: Omitted::Is("\"concave\""),
                rule: None,
            },
            HORIZON,
        ],
        default: r#"{"type":"deep-sea-treasure"}"#,
    },
    TypeForm {
        type_name: "treasure-map",
        title: "A treasure map of your own: treasure against time",
        fields: &[
            Field {
                name: "map",
                label: "map",
                help: "rows of S (start, once), . (sea), # (rock) and A to J (treasures, ending \
                       the episode), at most 12 × 12; moves that hit a rock or the edge stay put",
                kind: FieldKind::Map,
                omitted: Omitted::Required,
                rule: Some("rectangular, one S, letters A–J valued in treasures"),
            },
            Field {
                name: "treasures",
                label: "treasures",
                help: "the value of treasure A, B, … in order",
                kind: FieldKind::List {
                    min: 0.0,
                    max: PARETO_MAX_REWARD,
                    exclusive_min: false,
                },
                omitted: Omitted::Required,
                rule: Some("1 to 10 values, one for every letter in the map"),
            },
            HORIZON,
        ],
        default: r#"{"type":"treasure-map","map":["S.A","..#","B.C"],"treasures":[1,3,5]}"#,
    },
    TypeForm {
        type_name: "bandit",
        title: "A two-objective bandit: each arm's expected rewards",
        fields: &[Field {
            name: "arms",
            label: "arms",
            help: "one row [r₁, r₂] per arm, 2 to 64 arms",
            kind: FieldKind::Table {
                min: -PARETO_MAX_REWARD,
                max: PARETO_MAX_REWARD,
                exclusive_min: false,
            },
            omitted: Omitted::Required,
            rule: Some("2 to 64 rows of two numbers"),
        }],
        default: r#"{"type":"bandit","arms":[[1,0],[0.6,0.6],[0,1]]}"#,
    },
    TypeForm {
        type_name: "helpful-harmless",
        title: "Helpful against harmless: responses with two correlated gold rewards",
        fields: &[
            int(
                "responses",
                "responses",
                "how many responses; their rewards and π_ref's logits are drawn from the seed",
                PARETO_MIN_RESPONSES as u64,
                PARETO_MAX_RESPONSES as u64,
                Omitted::Is("64"),
            ),
            num(
                "correlation",
                "correlation ρ",
                "the correlation of the two rewards (negative: helping more harms more)",
                -PARETO_MAX_CORRELATION,
                PARETO_MAX_CORRELATION,
                0.05,
                Omitted::Is("-0.6"),
            ),
        ],
        default: r#"{"type":"helpful-harmless"}"#,
    },
    TypeForm {
        type_name: "groups",
        title: "Two user groups who score the same responses (MaxMin-RLHF)",
        fields: &[
            Field {
                name: "rewards",
                label: "group rewards",
                help: "two rows, one per group, of one reward per response (2 to 128)",
                kind: FieldKind::Table {
                    min: -PARETO_MAX_REWARD,
                    max: PARETO_MAX_REWARD,
                    exclusive_min: false,
                },
                omitted: Omitted::Required,
                rule: Some("two rows of equal length"),
            },
            Field {
                name: "shares",
                label: "group shares",
                help: "the groups' sizes (normalised to sum 1); single-reward RLHF weights the \
                       groups by them",
                kind: FieldKind::List {
                    min: 0.0,
                    max: 1.0,
                    exclusive_min: true,
                },
                omitted: Omitted::Required,
                rule: Some("two values"),
            },
            REF_PROBS,
        ],
        default: r#"{"type":"groups","rewards":[[1,0,0.5],[0,1,0.5]],"shares":[0.8,0.2],"ref_probs":[0.4,0.4,0.2]}"#,
    },
    TypeForm {
        type_name: "time-preferences",
        title: "Objectives with different time preferences: plans delivering rewards late or soon",
        fields: &[
            Field {
                name: "gammas",
                label: "discounts γ₁, γ₂",
                help: "each objective's discount factor",
                kind: FieldKind::List {
                    min: 0.0,
                    max: 1.0,
                    exclusive_min: true,
                },
                omitted: Omitted::Required,
                rule: Some("two values"),
            },
            Field {
                name: "plans",
                label: "plans",
                help: "one row [r₁, t₁, r₂, t₂] per plan (2 to 16): reward r₁ on objective 1 at \
                       time t₁ and r₂ on objective 2 at time t₂",
                kind: FieldKind::Table {
                    min: -PARETO_MAX_REWARD,
                    max: PARETO_MAX_REWARD,
                    exclusive_min: false,
                },
                omitted: Omitted::Required,
                rule: Some("rows of four; t₁ and t₂ whole numbers from 0 to 100"),
            },
        ],
        default: r#"{"type":"time-preferences","gammas":[0.5,0.9],"plans":[[10,10,0,10],[0,12,10,12]]}"#,
    },
];

const WEIGHTS: Field = int(
    "weights",
    "weights K",
    "weights in the sweep, w₁ = (k + ½)/K for k = 0…K−1, one per step",
    1,
    PARETO_MAX_WEIGHTS as u64,
    Omitted::Is("21"),
);

const BETA: Field = num(
    "beta",
    "β",
    "the KL coefficient tying the policy to π_ref",
    PARETO_MIN_BETA,
    PARETO_MAX_BETA,
    0.01,
    Omitted::Is("0.1"),
)
.with_rule("learning_rate × beta ≤ 1");

const LEARNING_RATE: Field = pos(
    "learning_rate",
    "learning rate η",
    "the mirror-ascent step: logits ← (1 − ηβ)·logits + ηβ·log π_ref + η·reward",
    PARETO_MAX_LEARNING_RATE,
    0.01,
    Omitted::Is("1.0"),
)
.with_rule("learning_rate × beta ≤ 1");

const POINTS: Field = int(
    "points",
    "points",
    "values of λ (soups) or of the weight (conditioned) evenly spaced in [0, 1]",
    2,
    PARETO_MAX_POINTS as u64,
    Omitted::Is("11"),
);

const TRAINER: Field = Field {
    name: "trainer",
    label: "experts trained by",
    help: "mirror: exact natural-gradient steps of size η (the experts then have a closed \
           form Verify checks); adam: Adam with step size η on the gradient the neural \
           engine's autodiff takes (Verify checks it against the closed form)",
    kind: FieldKind::Choice {
        options: &["mirror", "adam"],
    },
    omitted: Omitted::Means("mirror"),
    rule: None,
};

pub const LEARNER_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "linear",
        title: "Linear scalarisation: max w·J over a sweep of weights",
        fields: &[WEIGHTS],
        default: r#"{"type":"linear"}"#,
    },
    TypeForm {
        type_name: "chebyshev",
        title: "Chebyshev scalarisation: min max_i w_i·|z*_i − J_i| over a sweep",
        fields: &[
            WEIGHTS,
            Field {
                name: "reference",
                label: "reference point z*",
                help: "the utopia point, in the objectives' units",
                kind: FieldKind::List {
                    min: -PARETO_MAX_REWARD,
                    max: PARETO_MAX_REWARD,
                    exclusive_min: false,
                },
                omitted: Omitted::Means("the ideal point plus 1% of each objective's range"),
                rule: Some("two values"),
            },
        ],
        default: r#"{"type":"chebyshev"}"#,
    },
    TypeForm {
        type_name: "hypervolume",
        title: "Hypervolume-guided dynamic weights: add what adds most hypervolume",
        fields: &[],
        default: r#"{"type":"hypervolume"}"#,
    },
    TypeForm {
        type_name: "soup",
        title: "Rewarded soups: interpolate two single-objective policies' logits",
        fields: &[BETA, LEARNING_RATE, POINTS, TRAINER],
        default: r#"{"type":"soup"}"#,
    },
    TypeForm {
        type_name: "conditioned",
        title: "A preference-conditioned policy: one policy, the weight as input",
        fields: &[BETA, LEARNING_RATE, POINTS],
        default: r#"{"type":"conditioned"}"#,
    },
    TypeForm {
        type_name: "maxmin",
        title: "MaxMin-RLHF: maximise the worst objective (group), KL-regularised",
        fields: &[BETA, LEARNING_RATE],
        default: r#"{"type":"maxmin"}"#,
    },
    TypeForm {
        type_name: "single-reward",
        title: "Single-reward RLHF: the share-weighted mean reward, KL-regularised",
        fields: &[BETA, LEARNING_RATE],
        default: r#"{"type":"single-reward"}"#,
    },
    TypeForm {
        type_name: "markov-aggregate",
        title: "Markov aggregation: re-plan each step, each objective discounted from now",
        fields: &[AGGREGATE_WEIGHT],
        default: r#"{"type":"markov-aggregate"}"#,
    },
    TypeForm {
        type_name: "augmented-aggregate",
        title: "Aggregation with the state augmented by γᵢ^τ: weights w_i·γ_i^τ",
        fields: &[AGGREGATE_WEIGHT],
        default: r#"{"type":"augmented-aggregate"}"#,
    },
];

const AGGREGATE_WEIGHT: Field = num(
    "weight",
    "weight w₁",
    "objective 1's weight in the aggregate (objective 2's is 1 − w₁)",
    0.0,
    1.0,
    0.05,
    Omitted::Is("0.5"),
);
