//! The DPO Lab's form: the responses (π_ref, r*), the preference data, and up to eight
//! learners of the DPO family.

use super::dpo_learners::LEARNER_FORMS;
use super::{Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, VERSION, int, num};
use crate::scenario::{
    DPO_MAX_FLIP, DPO_MAX_LEARNERS, DPO_MAX_LENGTH, DPO_MAX_LIST, DPO_MAX_LISTS, DPO_MAX_PAIRS,
    DPO_MAX_REWARD, DPO_MAX_STEPS,
};

pub const KIND: KindForm = KindForm {
    kind: "dpo",
    title: "DPO Lab",
    help: "One to four prompts, each with a handful of responses, a reference policy π_ref and \
           a gold reward r*; preference pairs labelled by Bradley–Terry on r* (or listed); and \
           learners of the DPO family, each a tabular or log-linear policy trained from π_ref \
           by `steps` steps of gradient descent. The exact optimum π_ref·exp(r*/β)/Z is known, \
           so every number can be checked.",
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
                    "steps × data ≤ 50,000,000 (the population of n responses has n(n − 1) \
                     pairs; listwise learners walk lists × list_size² items)",
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
    example: "kind = \"dpo\"\nseed = 1\nsteps = 50\n[env]\nref_probs = [0.4, 0.3, 0.2, 0.1]\ngold_reward = [0.0, 1.0, 2.0, 3.0]\n[[learners]]\ntype = \"dpo\"\n",
};

const ENV_FIELDS: &[Field] = &[
    table(
        "ref_probs",
        "π_ref",
        "the reference policy's probability of each response (each row normalised to sum 1); \
         2 to 64 responses, one row per prompt (up to 4 prompts)",
        0.0,
        1.0,
        true,
        Omitted::Required,
    ),
    table(
        "gold_reward",
        "gold reward r*",
        "the true reward of each response, shaped as ref_probs",
        -DPO_MAX_REWARD,
        DPO_MAX_REWARD,
        false,
        Omitted::Required,
    ),
    table(
        "lengths",
        "lengths",
        "each response's length in tokens, shaped as ref_probs (SimPO and AlphaPO divide \
         log-probabilities by it)",
        1.0,
        DPO_MAX_LENGTH,
        false,
        Omitted::Means("every response has length 1"),
    ),
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
        label: "pairs",
        help: "instead of the population: a number N of pairs drawn from source and labelled \
               by Bradley–Terry on r* (or deterministically), then flipped at rate flip; or an \
               explicit dataset, one [chosen, rejected] per line (with several prompts \
               [prompt, chosen, rejected]), response indices counted from 0 — r* then only \
               scores the result",
        kind: FieldKind::CountOrTuples {
            max: DPO_MAX_PAIRS as u64,
        },
        omitted: Omitted::Means("the population"),
        rule: Some("steps × pairs ≤ 50,000,000"),
    },
    Field {
        name: "source",
        label: "drawn from",
        help: "where sampled pairs' and lists' responses are drawn from: π_ref, or uniformly",
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
    int(
        "list_size",
        "list size",
        "how many responses a listwise learner's ranked list holds",
        2,
        DPO_MAX_LIST as u64,
        Omitted::Is("4"),
    )
    .with_rule(
        "at most the number of responses of every prompt, when a listwise learner is present",
    ),
    int(
        "lists",
        "lists",
        "how many ranked lists listwise learners (Plackett–Luce, LiPO-λ) see: drawn from \
         source and ranked by Plackett–Luce on r*",
        1,
        DPO_MAX_LISTS as u64,
        Omitted::Is("256"),
    ),
    Field {
        name: "policy",
        label: "policy",
        help: "tabular: a free logit per response; log-linear: π ∝ π_ref·exp(θᵀφ(y)), so \
               responses with similar features move together",
        kind: FieldKind::Choice {
            options: &["tabular", "log-linear"],
        },
        omitted: Omitted::Is("\"tabular\""),
        rule: Some("log-linear needs features"),
    },
    table(
        "features",
        "features φ(y)",
        "the log-linear policy's features: one row per response, prompt after prompt, each \
         of the same 1 to 16 numbers (θ is shared by every prompt)",
        -100.0,
        100.0,
        false,
        Omitted::Means("none (needed when policy = \"log-linear\")"),
    ),
];

/// A [`FieldKind::Table`] field.
#[allow(clippy::too_many_arguments)]
const fn table(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    min: f64,
    max: f64,
    exclusive_min: bool,
    omitted: Omitted,
) -> Field {
    Field {
        name,
        label,
        help,
        kind: FieldKind::Table {
            min,
            max,
            exclusive_min,
        },
        omitted,
        rule: None,
    }
}
