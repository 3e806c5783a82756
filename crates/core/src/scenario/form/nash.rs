//! The intransitive-preferences form (`kind = "nash"`): the preference matrix, π_ref,
//! and up to eight learners looking for the Minimax Winner.

use super::{
    Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, TypeForm, VERSION, int, num, pos,
};
use crate::scenario::{NASH_MAX_BETA, NASH_MAX_LEARNERS, NASH_MAX_LEARNING_RATE, NASH_MAX_STEPS};

pub const KIND: KindForm = KindForm {
    kind: "nash",
    title: "Intransitive preferences",
    help: "One prompt, three to five responses and a general preference matrix P (row i, \
           column j = P(i ≻ j)), cyclic or transitive. Every learner starts at π_ref and takes \
           `steps` exact steps toward the Minimax Winner, the policy no response beats, which \
           is computed by linear programming: RLHF through a Bradley–Terry reward, SPO's \
           self-play, multiplicative weights, extragradient and Nash-MD.",
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
                    "exact steps of every learner",
                    1,
                    NASH_MAX_STEPS as u64,
                    Omitted::Is("1000"),
                ),
            ],
        },
        Section::Fields {
            path: "env",
            title: "Responses and preferences",
            fields: ENV_FIELDS,
        },
        Section::ListOf {
            path: "learners",
            title: "Learners",
            types: LEARNER_FORMS,
            common: &[LABEL],
            max: NASH_MAX_LEARNERS,
        },
    ],
    example: "kind = \"nash\"\nseed = 1\nsteps = 50\n[env]\npreferences = [[0.5, 0.9, 0.1], [0.1, 0.5, 0.9], [0.9, 0.1, 0.5]]\nref_probs = [0.5, 0.3, 0.2]\n[[learners]]\ntype = \"extragradient\"\n",
};

const ENV_FIELDS: &[Field] = &[
    Field {
        name: "preferences",
        label: "preference matrix P",
        help: "one row per response, 3 to 5 rows of as many numbers in [0, 1]: row i, column j \
               is P(i ≻ j); P(i ≻ j) + P(j ≻ i) = 1 and the diagonal is 0.5",
        kind: FieldKind::Table {
            min: 0.0,
            max: 1.0,
            exclusive_min: false,
        },
        omitted: Omitted::Required,
        rule: Some(
            "square; P(i ≻ j) + P(j ≻ i) = 1 within 1e-9; diagonal 0.5; with an rlhf learner, \
             every response beats every other through a chain of preferences above 0",
        ),
    },
    Field {
        name: "ref_probs",
        label: "π_ref",
        help: "the reference policy every learner starts from and Nash-MD and RLHF are tied to, \
               one weight per response (normalised to sum 1)",
        kind: FieldKind::List {
            min: 0.0,
            max: 1.0,
            exclusive_min: true,
        },
        omitted: Omitted::Means("uniform"),
        rule: None,
    },
];

const LEARNING_RATE: Field = pos(
    "learning_rate",
    "learning rate η",
    "the step size: how far each step moves the policy's logits",
    NASH_MAX_LEARNING_RATE,
    0.01,
    Omitted::Is("0.1"),
);

const RLHF_BETA: Field = pos(
    "beta",
    "β",
    "the KL coefficient: RLHF's optimum is π_ref·exp(r̂/β)/Z",
    NASH_MAX_BETA,
    0.01,
    Omitted::Is("0.1"),
)
.with_rule("learning_rate × beta ≤ 1");

const NASH_MD_BETA: Field = num(
    "beta",
    "τ (β)",
    "the regularisation toward π_ref (Nash-MD's τ); 0 makes Nash-MD multiplicative weights",
    0.0,
    NASH_MAX_BETA,
    0.01,
    Omitted::Is("0.1"),
)
.with_rule("learning_rate × beta ≤ 1");

const TIED_LEARNING_RATE: Field = LEARNING_RATE.with_rule("learning_rate × beta ≤ 1");

pub const LEARNER_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "rlhf",
        title: "RLHF: Bradley–Terry reward, then its KL-regularised optimum",
        fields: &[RLHF_BETA, TIED_LEARNING_RATE],
        default: r#"{"type":"rlhf"}"#,
    },
    TypeForm {
        type_name: "self-play",
        title: "SPO self-play: policy gradient on the win rate against itself",
        fields: &[LEARNING_RATE],
        default: r#"{"type":"self-play"}"#,
    },
    TypeForm {
        type_name: "multiplicative-weights",
        title: "Multiplicative weights (Hedge) on the win rate",
        fields: &[LEARNING_RATE],
        default: r#"{"type":"multiplicative-weights"}"#,
    },
    TypeForm {
        type_name: "extragradient",
        title: "Extragradient (EGPO): a look-ahead step, then the step",
        fields: &[LEARNING_RATE],
        default: r#"{"type":"extragradient"}"#,
    },
    TypeForm {
        type_name: "nash-md",
        title: "Nash-MD: mirror descent toward a geometric mixture with π_ref",
        fields: &[NASH_MD_BETA, TIED_LEARNING_RATE],
        default: r#"{"type":"nash-md"}"#,
    },
];
