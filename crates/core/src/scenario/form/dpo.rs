//! The DPO Lab's form: the responses (π_ref, r*), the preference data, and up to eight
//! learners of the DPO family.

use super::{
    Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, TypeForm, VERSION, int, num, pos,
};
use crate::scenario::{
    DPO_MAX_FLIP, DPO_MAX_LEARNERS, DPO_MAX_PAIRS, DPO_MAX_REWARD, DPO_MAX_STEPS,
};

pub const KIND: KindForm = KindForm {
    kind: "dpo",
    title: "DPO Lab",
    help: "One prompt, a handful of responses with a reference policy π_ref and a gold reward \
           r*, preference pairs labelled by Bradley–Terry on r*, and learners of the DPO family, \
           each a tabular policy trained from π_ref by `steps` steps of gradient descent. The \
           exact optimum π_ref·exp(r*/β)/Z is known, so every number can be checked.",
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
                    "gradient steps of every learner",
                    1,
                    DPO_MAX_STEPS as u64,
                    Omitted::Is("1000"),
                )
                .with_rule(
                    "steps × pairs ≤ 50,000,000 (the population of n responses has n(n − 1) pairs)",
                ),
            ],
        },
        Section::Fields {
            path: "env",
            title: "Responses and data",
            fields: ENV_FIELDS,
        },
        Section::ListOf {
            path: "learners",
            title: "Learners",
            types: LEARNER_FORMS,
            common: &[LABEL],
            max: DPO_MAX_LEARNERS,
        },
    ],
    example: "kind = \"dpo\"\nseed = 1\nsteps = 50\n[env]\nref_probs = [0.5, 0.3, 0.2]\ngold_reward = [0.0, 1.0, 2.0]\n[[learners]]\ntype = \"dpo\"\n",
};

const ENV_FIELDS: &[Field] = &[
    Field {
        name: "ref_probs",
        label: "π_ref",
        help: "the reference policy's probability of each response (normalised to sum 1); \
               2 to 64 responses",
        kind: FieldKind::List {
            min: 0.0,
            max: 1.0,
            exclusive_min: true,
        },
        omitted: Omitted::Required,
        rule: None,
    },
    Field {
        name: "gold_reward",
        label: "gold reward r*",
        help: "the true reward of each response, one per response",
        kind: FieldKind::List {
            min: -DPO_MAX_REWARD,
            max: DPO_MAX_REWARD,
            exclusive_min: false,
        },
        omitted: Omitted::Required,
        rule: None,
    },
    Field {
        name: "data",
        label: "data",
        help: "population: every pair of distinct responses, labelled with its Bradley–Terry \
               probabilities (the exact expected loss)",
        kind: FieldKind::Choice {
            options: &["population"],
        },
        omitted: Omitted::Means("the population, unless pairs is given"),
        rule: Some("left out when pairs is given"),
    },
    Field {
        name: "pairs",
        label: "sampled pairs",
        help: "instead of the population: this many pairs of distinct responses, drawn from \
               source and labelled by Bradley–Terry on r* (or deterministically), then flipped \
               at rate flip",
        kind: FieldKind::Integer {
            min: 1,
            max: DPO_MAX_PAIRS as u64,
        },
        omitted: Omitted::Means("the population"),
        rule: Some("steps × pairs ≤ 50,000,000"),
    },
    Field {
        name: "source",
        label: "pairs from",
        help: "where a sampled pair's two responses are drawn from: π_ref, or uniformly",
        kind: FieldKind::Choice {
            options: &["reference", "uniform"],
        },
        omitted: Omitted::Is("\"reference\""),
        rule: None,
    },
    Field {
        name: "deterministic",
        label: "deterministic labels",
        help: "sampled labels always prefer the higher gold reward, instead of Bradley–Terry",
        kind: FieldKind::Bool,
        omitted: Omitted::Is("false"),
        rule: None,
    },
    num(
        "flip",
        "label flips",
        "each sampled label is flipped with this probability",
        0.0,
        DPO_MAX_FLIP,
        0.01,
        Omitted::Is("0.0"),
    ),
];

const BETA: Field = pos(
    "beta",
    "β",
    "the strength of the KL tie to π_ref: the implicit reward is β(ln π − ln π_ref)",
    100.0,
    0.01,
    Omitted::Is("0.1"),
);

const LEARNING_RATE: Field = pos(
    "learning_rate",
    "learning rate",
    "step size of gradient descent on the loss, in the logits",
    100.0,
    0.01,
    Omitted::Is("0.1"),
);

const SMOOTHING: Field = num(
    "label_smoothing",
    "label smoothing ε",
    "the probability that a label is flipped, which the loss accounts for",
    0.0,
    DPO_MAX_FLIP,
    0.01,
    Omitted::Is("0.1"),
);

pub const LEARNER_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "dpo",
        title: "DPO: −ln σ(βh)",
        fields: &[BETA, LEARNING_RATE],
        default: r#"{"type":"dpo"}"#,
    },
    TypeForm {
        type_name: "ipo",
        title: "IPO, Identity Preference Optimisation: (h − 1/(2β))²",
        fields: &[BETA, LEARNING_RATE],
        default: r#"{"type":"ipo"}"#,
    },
    TypeForm {
        type_name: "cdpo",
        title: "cDPO, conservative DPO (label smoothing)",
        fields: &[BETA, SMOOTHING, LEARNING_RATE],
        default: r#"{"type":"cdpo"}"#,
    },
    TypeForm {
        type_name: "robust-dpo",
        title: "Robust DPO (debiased for flipped labels)",
        fields: &[BETA, SMOOTHING, LEARNING_RATE],
        default: r#"{"type":"robust-dpo"}"#,
    },
];
