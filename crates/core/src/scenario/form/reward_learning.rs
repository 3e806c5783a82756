//! The rewards-from-preferences form (`kind = "reward-learning"`): a gridworld map with a
//! hidden reward, how segments are made and labelled, and up to six reward learners.

use super::{
    ENV_FIELDS, Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, TypeForm, VERSION, int,
    num, pos,
};
use crate::scenario::{
    REWARD_MAX_CANDIDATES, REWARD_MAX_ENSEMBLE, REWARD_MAX_HIDDEN, REWARD_MAX_L2,
    REWARD_MAX_LEARNERS, REWARD_MAX_RATIONALITY, REWARD_MAX_RUNS, REWARD_MAX_SEGMENT,
    REWARD_MAX_STEPS,
};

pub const KIND: KindForm = KindForm {
    kind: "reward-learning",
    title: "Rewards from Preferences",
    help: "A gridworld whose reward the learners never see. A labeller compares pairs of short \
           trajectory segments; each learner fits a Bradley–Terry reward model to its labels, one \
           label per step, choosing which pair to ask about, and value iteration on the learned \
           reward gives the policy it implies, scored by the true reward.",
    sections: &[
        Section::Fields {
            path: "",
            title: "Run",
            fields: &[
                VERSION,
                SEED,
                int(
                    "steps",
                    "labels",
                    "labels each learner asks for, one per step (runs × ensemble members of all \
                     learners × steps² / 2 ≤ 20,000,000)",
                    1,
                    REWARD_MAX_STEPS as u64,
                    Omitted::Is("60"),
                ),
                int(
                    "runs",
                    "runs",
                    "independent runs averaged in every curve",
                    1,
                    REWARD_MAX_RUNS as u64,
                    Omitted::Is("5"),
                ),
            ],
        },
        Section::Fields {
            path: "env",
            title: "Map and hidden reward",
            fields: ENV_FIELDS,
        },
        Section::Fields {
            path: "feedback",
            title: "Segments and labeller",
            fields: FEEDBACK_FIELDS,
        },
        Section::ListOf {
            path: "learners",
            title: "Reward learners",
            types: LEARNER_FORMS,
            common: &[LABEL],
            max: REWARD_MAX_LEARNERS,
        },
    ],
    example: "kind = \"reward-learning\"\nseed = 1\nsteps = 20\nruns = 2\n[env]\nmap = \"\"\"\nS..\n..G\n\"\"\"\n\
              gamma = 0.9\nstep_reward = -0.01\n[[learners]]\ntype = \"bradley-terry\"\n",
};

const FEEDBACK_FIELDS: &[Field] = &[
    int(
        "segment_length",
        "segment length",
        "transitions per segment (fewer when a segment reaches a terminal cell)",
        1,
        REWARD_MAX_SEGMENT as u64,
        Omitted::Is("3"),
    ),
    Field {
        name: "labeller",
        label: "labeller",
        help: "what the automatic labeller compares: partial-return, the sum of the segment's \
               rewards; regret, the sum of its optimal advantages A*(s, a)",
        kind: FieldKind::Choice {
            options: &["partial-return", "regret"],
        },
        omitted: Omitted::Is("\"partial-return\""),
        rule: None,
    },
    pos(
        "rationality",
        "rationality",
        "P(σ¹ ≻ σ²) = σ(rationality × (score¹ − score²)): larger, fewer mistakes",
        REWARD_MAX_RATIONALITY,
        1.0,
        Omitted::Is("10.0"),
    ),
    Field {
        name: "deterministic",
        label: "deterministic labels",
        help: "label by the sign of the score difference instead (equal scores: \"equal\")",
        kind: FieldKind::Bool,
        omitted: Omitted::Is("false"),
        rule: None,
    },
    num(
        "random_fraction",
        "random answers",
        "the share of answers given uniformly at random",
        0.0,
        1.0,
        0.05,
        Omitted::Is("0.0"),
    ),
    int(
        "candidates",
        "candidate pairs",
        "pairs drawn at each query for a learner to choose from",
        1,
        REWARD_MAX_CANDIDATES as u64,
        Omitted::Is("20"),
    ),
];

const BT_FIELDS: &[Field] = &[
    Field {
        name: "features",
        label: "reward of",
        help: "state: one learned number per cell, paid on entering it; state-action: one per \
               cell and move",
        kind: FieldKind::Choice {
            options: &["state", "state-action"],
        },
        omitted: Omitted::Is("\"state\""),
        rule: None,
    },
    Field {
        name: "queries",
        label: "queries",
        help: "random: the first candidate pair; disagreement: the pair the ensemble's members \
               predict most differently",
        kind: FieldKind::Choice {
            options: &["random", "disagreement"],
        },
        omitted: Omitted::Is("\"random\""),
        rule: Some("disagreement needs ensemble ≥ 2"),
    },
    int(
        "ensemble",
        "ensemble members",
        "reward models, each fitted to its own bootstrap resample of the labels (one: no \
         resampling)",
        1,
        REWARD_MAX_ENSEMBLE as u64,
        Omitted::Is("1"),
    ),
    num(
        "l2",
        "L2 λ",
        "λ/2 · ‖r̂‖² (table) or λ/2 · ‖θ‖² (the MLP's weights) added to the loss; 0 leaves \
         the reward's scale free",
        0.0,
        REWARD_MAX_L2,
        0.001,
        Omitted::Is("0.01"),
    ),
    Field {
        name: "model",
        label: "model",
        help: "table: a free number per cell (or cell and move); mlp: a small network from \
               what a cell looks like (its letter, and the move) to its reward, so \
               cells alike learn together",
        kind: FieldKind::Choice {
            options: &["table", "mlp"],
        },
        omitted: Omitted::Is("\"table\""),
        rule: None,
    },
    int(
        "hidden",
        "hidden units",
        "the MLP's one hidden ReLU layer (a table ignores it)",
        1,
        REWARD_MAX_HIDDEN as u64,
        Omitted::Is("16"),
    ),
];

pub const LEARNER_FORMS: &[TypeForm] = &[TypeForm {
    type_name: "bradley-terry",
    title: "Bradley–Terry reward model",
    fields: BT_FIELDS,
    default: r#"{"type":"bradley-terry"}"#,
}];
