//! The DPO Lab's learner types and their hyperparameters, under TRL's names where TRL has
//! the method.

use super::{Field, FieldKind, Omitted, TypeForm, num, pos};
use crate::scenario::DPO_MAX_FLIP;

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
    "step size of gradient descent on the loss",
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

/// SimPO's and AlphaPO's β scales a length-normalised log-probability, not a log-ratio.
const SIMPO_BETA: Field = pos(
    "beta",
    "β",
    "the reward scale: the reward is β·ln π(y)/|y| (no reference)",
    100.0,
    0.1,
    Omitted::Is("2.0"),
);

const SIMPO_GAMMA: Field = num(
    "simpo_gamma",
    "target margin γ",
    "the reward margin the chosen response should win by",
    -100.0,
    100.0,
    0.1,
    Omitted::Is("0.5"),
);

const fn typed(
    type_name: &'static str,
    title: &'static str,
    fields: &'static [Field],
    default: &'static str,
) -> TypeForm {
    TypeForm {
        type_name,
        title,
        fields,
        default,
    }
}

pub const LEARNER_FORMS: &[TypeForm] = &[
    typed(
        "dpo",
        "DPO: −ln σ(βh)",
        &[
            BETA,
            LEARNING_RATE,
            Field {
                name: "reference",
                label: "reference",
                help: "what h is measured against: π_ref itself, or Pre-DPO's guiding reference \
                       π_ref·e^(r̂/β)/Z (r̂ the data's Bradley–Terry reward), which weighs each \
                       pair by how well it agrees with the rest of the data; the policy starts \
                       at π_ref either way",
                kind: FieldKind::Choice {
                    options: &["initial", "guided"],
                },
                omitted: Omitted::Means("π_ref itself (\"initial\")"),
                rule: None,
            },
        ],
        r#"{"type":"dpo"}"#,
    ),
    typed(
        "ipo",
        "IPO, Identity Preference Optimisation: (h − 1/(2β))²",
        &[BETA, LEARNING_RATE],
        r#"{"type":"ipo"}"#,
    ),
    typed(
        "cdpo",
        "cDPO, conservative DPO (label smoothing)",
        &[BETA, SMOOTHING, LEARNING_RATE],
        r#"{"type":"cdpo"}"#,
    ),
    typed(
        "robust-dpo",
        "Robust DPO (debiased for flipped labels)",
        &[BETA, SMOOTHING, LEARNING_RATE],
        r#"{"type":"robust-dpo"}"#,
    ),
    typed(
        "exo",
        "EXO, efficient exact optimisation: KL(Bern(σ(βh)) ‖ Bern(1 − ε))",
        &[
            BETA,
            Field {
                kind: FieldKind::Number {
                    min: 0.0,
                    max: DPO_MAX_FLIP,
                    exclusive_min: true,
                    step: 0.001,
                },
                omitted: Omitted::Is("0.001"),
                help: "ε: the target probability 1 − ε that the chosen response wins",
                ..SMOOTHING
            },
            LEARNING_RATE,
        ],
        r#"{"type":"exo"}"#,
    ),
    typed(
        "odpo",
        "ODPO, DPO with an offset: −ln σ(βh − α·ln(1 + r*_w − r*_l))",
        &[
            BETA,
            num(
                "alpha",
                "offset scale α",
                "the offset grows with the gold reward gap: α·ln(1 + max(r*(y_w) − r*(y_l), 0))",
                0.0,
                100.0,
                0.1,
                Omitted::Is("1.0"),
            ),
            LEARNING_RATE,
        ],
        r#"{"type":"odpo"}"#,
    ),
    typed(
        "dpo-shift",
        "DPO-Shift: −ln σ(β h_w − f·β h_l)",
        &[
            BETA,
            num(
                "shift",
                "shift f",
                "the rejected side's scale f ≤ 1: below 1 the chosen response's likelihood rises \
                 and the margin falls (1 is DPO)",
                0.0,
                1.0,
                0.01,
                Omitted::Is("0.9"),
            ),
            LEARNING_RATE,
        ],
        r#"{"type":"dpo-shift"}"#,
    ),
    typed(
        "rpo",
        "RPO: DPO plus SFT on the chosen response",
        &[
            BETA,
            num(
                "rpo_alpha",
                "SFT weight α",
                "the weight of −ln π(y_w) added to DPO's loss",
                0.0,
                100.0,
                0.1,
                Omitted::Is("1.0"),
            ),
            LEARNING_RATE,
        ],
        r#"{"type":"rpo"}"#,
    ),
    typed(
        "simpo",
        "SimPO: length-normalised, no reference",
        &[SIMPO_BETA, SIMPO_GAMMA, LEARNING_RATE],
        r#"{"type":"simpo"}"#,
    ),
    typed(
        "alphapo",
        "AlphaPO: SimPO's reward reshaped by α",
        &[
            SIMPO_BETA,
            num(
                "alpha",
                "shape α",
                "the reward (β/α)(1 − π̄^(−α)), π̄ the length-normalised probability; α → 0 is SimPO",
                -10.0,
                10.0,
                0.05,
                Omitted::Is("0.25"),
            ),
            SIMPO_GAMMA,
            LEARNING_RATE,
        ],
        r#"{"type":"alphapo"}"#,
    ),
    typed(
        "orpo",
        "ORPO: NLL of the chosen response − λ·ln σ(log odds ratio)",
        &[
            pos(
                "beta",
                "odds-ratio weight λ",
                "the weight of the odds-ratio term (TRL calls it beta); no reference",
                100.0,
                0.01,
                Omitted::Is("0.1"),
            ),
            LEARNING_RATE,
        ],
        r#"{"type":"orpo"}"#,
    ),
    typed(
        "kto",
        "KTO: unpaired desirable and undesirable responses",
        &[
            BETA,
            num(
                "desirable_weight",
                "desirable weight λ_D",
                "the weight of each pair's chosen response, taken as desirable",
                0.0,
                100.0,
                0.1,
                Omitted::Is("1.0"),
            ),
            num(
                "undesirable_weight",
                "undesirable weight λ_U",
                "the weight of each pair's rejected response, taken as undesirable",
                0.0,
                100.0,
                0.1,
                Omitted::Is("1.0"),
            ),
            LEARNING_RATE,
        ],
        r#"{"type":"kto"}"#,
    ),
    typed(
        "plackett-luce",
        "Plackett–Luce: the likelihood of ranked lists",
        &[BETA, LEARNING_RATE],
        r#"{"type":"plackett-luce"}"#,
    ),
    typed(
        "lipo-lambda",
        "LiPO-λ: pairs within lists, weighted by rank gains",
        &[BETA, LEARNING_RATE],
        r#"{"type":"lipo-lambda"}"#,
    ),
    typed(
        "copg",
        "CoPG: log-ratio gaps regressed on reward gaps, off-policy",
        &[BETA, LEARNING_RATE],
        r#"{"type":"copg"}"#,
    ),
    typed(
        "gvpo",
        "GVPO: the whole group, scored by r*",
        &[BETA, LEARNING_RATE],
        r#"{"type":"gvpo"}"#,
    ),
    typed(
        "rlhf",
        "RLHF: a reward model, then ascent on E r̂ − β KL",
        &[
            BETA,
            Field {
                name: "feedback",
                label: "feedback",
                help: "ordinal: the reward model is Bradley–Terry on which response won; \
                       cardinal: least squares on how much better it is (a willingness to \
                       pay, in r*'s units)",
                kind: FieldKind::Choice {
                    options: &crate::scenario::FEEDBACKS,
                },
                omitted: Omitted::Means("ordinal: which response won"),
                rule: None,
            },
            LEARNING_RATE,
        ],
        r#"{"type":"rlhf"}"#,
    ),
    typed(
        "f-dpg",
        "f-DPG: an f-divergence to π*_β",
        &[
            BETA,
            Field {
                name: "divergence",
                label: "divergence",
                help: "reverse KL(π‖π*) seeks a mode, forward KL(π*‖π) covers them all, \
                       Jensen–Shannon sits between",
                kind: FieldKind::Choice {
                    options: &crate::scenario::DIVERGENCES,
                },
                omitted: Omitted::Is("\"reverse-kl\""),
                rule: None,
            },
            LEARNING_RATE,
        ],
        r#"{"type":"f-dpg"}"#,
    ),
];
