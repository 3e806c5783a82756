//! The constrained-alignment form (`kind = "constrained"`): the responses with their
//! reward and cost, π_ref, β and the budget, and up to eight learners.

use super::{
    Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, TypeForm, VERSION, int, num, pos,
};
use crate::scenario::{
    CONSTRAINED_MAX_BETA, CONSTRAINED_MAX_LAMBDA, CONSTRAINED_MAX_LEARNERS,
    CONSTRAINED_MAX_LEARNING_RATE, CONSTRAINED_MAX_STEPS, CONSTRAINED_MAX_VALUE,
    CONSTRAINED_MIN_BETA,
};

pub const KIND: KindForm = KindForm {
    kind: "constrained",
    title: "Constrained alignment",
    help: "One prompt and a few responses, each with a helpfulness reward r and a harmfulness \
           cost c. Maximise E_π r − β·KL(π‖π_ref) subject to E_π c ≤ b. The exact optimum is \
           π_ref·e^{(r − λ*c)/β}/Z, with λ* from the one-dimensional dual; the learners reach \
           for it by gradient descent–ascent, its optimistic variant (ReLOAD), one-shot \
           dualization, SACPO's stepwise alignment and a fixed penalty.",
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
                    "exact gradient steps of every learner",
                    1,
                    CONSTRAINED_MAX_STEPS as u64,
                    Omitted::Is("600"),
                ),
            ],
        },
        Section::Fields {
            path: "env",
            title: "Responses, reward, cost and budget",
            fields: ENV_FIELDS,
        },
        Section::ListOf {
            path: "learners",
            title: "Learners",
            types: LEARNER_FORMS,
            common: &[LABEL],
            max: CONSTRAINED_MAX_LEARNERS,
        },
    ],
    example: "kind = \"constrained\"\nseed = 1\nsteps = 100\n[env]\nreward = [0.0, 1.0, 2.0]\ncost = [0.0, 0.5, 1.0]\nbudget = 0.4\n[[learners]]\ntype = \"primal-dual\"\n",
};

const VALUES: FieldKind = FieldKind::List {
    min: -CONSTRAINED_MAX_VALUE,
    max: CONSTRAINED_MAX_VALUE,
    exclusive_min: false,
};

const ENV_FIELDS: &[Field] = &[
    Field {
        name: "reward",
        label: "reward r (helpfulness)",
        help: "one number per response, 2 to 64 responses: how helpful each is",
        kind: VALUES,
        omitted: Omitted::Required,
        rule: None,
    },
    Field {
        name: "cost",
        label: "cost c (harmfulness)",
        help: "one number per response: how harmful each is; a policy is safe when E_π c ≤ b",
        kind: VALUES,
        omitted: Omitted::Required,
        rule: Some("as many as rewards"),
    },
    Field {
        name: "ref_probs",
        label: "π_ref",
        help: "the reference policy every learner starts from and is tied to by the KL term, \
               one weight per response (normalised to sum 1)",
        kind: FieldKind::List {
            min: 0.0,
            max: 1.0,
            exclusive_min: true,
        },
        omitted: Omitted::Means("uniform"),
        rule: Some("as many as rewards"),
    },
    num(
        "beta",
        "β",
        "the KL coefficient: how strongly every policy is tied to π_ref",
        CONSTRAINED_MIN_BETA,
        CONSTRAINED_MAX_BETA,
        0.01,
        Omitted::Is("0.1"),
    )
    .with_rule("every learner's learning_rate × beta ≤ 1"),
    num(
        "budget",
        "budget b",
        "the most expected cost a safe policy may have",
        -CONSTRAINED_MAX_VALUE,
        CONSTRAINED_MAX_VALUE,
        0.05,
        Omitted::Is("0.3"),
    )
    .with_rule("above the lowest cost"),
];

const LEARNING_RATE: Field = pos(
    "learning_rate",
    "learning rate η",
    "the policy's step size on its logits",
    CONSTRAINED_MAX_LEARNING_RATE,
    0.1,
    Omitted::Is("1.0"),
)
.with_rule("learning_rate × env.beta ≤ 1");

const DUAL_LEARNING_RATE: Field = pos(
    "dual_learning_rate",
    "dual learning rate η_λ",
    "the multiplier's step size: λ ← [λ + η_λ·(E_π c − b)]₊",
    CONSTRAINED_MAX_LEARNING_RATE,
    0.1,
    Omitted::Is("1.0"),
);

const LAMBDA_INIT: Field = num(
    "lambda_init",
    "initial λ",
    "the multiplier at the first step",
    0.0,
    CONSTRAINED_MAX_LAMBDA,
    0.1,
    Omitted::Is("0.0"),
);

const PENALTY: Field = num(
    "lambda",
    "penalty λ",
    "the fixed price of one unit of cost",
    0.0,
    CONSTRAINED_MAX_LAMBDA,
    0.1,
    Omitted::Is("1.0"),
);

pub const LEARNER_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "primal-dual",
        title: "Gradient descent–ascent on the Lagrangian",
        fields: &[LEARNING_RATE, DUAL_LEARNING_RATE, LAMBDA_INIT],
        default: r#"{"type":"primal-dual"}"#,
    },
    TypeForm {
        type_name: "optimistic",
        title: "Optimistic descent–ascent (ReLOAD): steps of 2·g_t − g_{t−1}",
        fields: &[LEARNING_RATE, DUAL_LEARNING_RATE, LAMBDA_INIT],
        default: r#"{"type":"optimistic"}"#,
    },
    TypeForm {
        type_name: "dualization",
        title: "One-shot dualization: λ* from the dual, then one alignment on r − λ*c",
        fields: &[LEARNING_RATE],
        default: r#"{"type":"dualization"}"#,
    },
    TypeForm {
        type_name: "stepwise",
        title: "SACPO stepwise: align to r, then to −λ*c from there",
        fields: &[LEARNING_RATE],
        default: r#"{"type":"stepwise"}"#,
    },
    TypeForm {
        type_name: "penalty",
        title: "Penalty method: a fixed λ",
        fields: &[LEARNING_RATE, PENALTY],
        default: r#"{"type":"penalty"}"#,
    },
];
