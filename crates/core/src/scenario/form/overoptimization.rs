//! The reward-overoptimization form (`kind = "overoptimization"`): the responses and
//! gold reward, the labels and the proxy ensemble, and up to eight learners that optimise
//! the proxy ever harder.

use super::{
    Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, TypeForm, VERSION, int, num, pos,
};
use crate::scenario::{
    OVEROPT_MAX_BETA, OVEROPT_MAX_COMPONENTS, OVEROPT_MAX_CORRELATION, OVEROPT_MAX_CURVATURE,
    OVEROPT_MAX_ENSEMBLE, OVEROPT_MAX_EPOCHS, OVEROPT_MAX_FEATURES, OVEROPT_MAX_HIDDEN,
    OVEROPT_MAX_L2, OVEROPT_MAX_LABEL_NOISE, OVEROPT_MAX_LABELS, OVEROPT_MAX_LEARNERS,
    OVEROPT_MAX_LEARNING_RATE, OVEROPT_MAX_N, OVEROPT_MAX_PENALTY, OVEROPT_MAX_POINTS,
    OVEROPT_MAX_REF_TEMPERATURE, OVEROPT_MAX_RESPONSES, OVEROPT_MAX_STEPS, OVEROPT_MIN_BETA,
    OVEROPT_MIN_RESPONSES,
};

pub const KIND: KindForm = KindForm {
    kind: "overoptimization",
    title: "Reward overoptimization",
    help: "A few thousand responses with random features φ, a concave gold reward r* = wᵀφ − \
           (curvature/2)·‖φ‖², and a proxy reward model (linear or a small MLP, an ensemble of \
           K) fitted to N noisy Bradley–Terry labels on pairs from π_ref. Best-of-n (its exact \
           law), the exact KL-regularised optimum along a β sweep and policy gradient with a KL \
           penalty optimise the proxy (the ensemble's mean, its minimum, or its mean less λ × \
           its variance); gold and proxy reward are drawn against √KL(π‖π_ref).",
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
                    "exact gradient steps of each policy-gradient learner (the sweeps take their \
                     own `points`)",
                    1,
                    OVEROPT_MAX_STEPS as u64,
                    Omitted::Is("300"),
                ),
            ],
        },
        Section::Fields {
            path: "env",
            title: "Responses, gold reward and proxy",
            fields: ENV_FIELDS,
        },
        Section::ListOf {
            path: "learners",
            title: "Learners",
            types: LEARNER_FORMS,
            common: &[LABEL],
            max: OVEROPT_MAX_LEARNERS,
        },
    ],
    example: "kind = \"overoptimization\"\nseed = 1\n[env]\nresponses = 500\nlabels = 300\n[[learners]]\ntype = \"best-of-n\"\nmax_n = 100\n",
};

const ENV_FIELDS: &[Field] = &[
    int(
        "responses",
        "responses",
        "how many discrete responses; their features φ are drawn N(0, I) from the seed",
        OVEROPT_MIN_RESPONSES as u64,
        OVEROPT_MAX_RESPONSES as u64,
        Omitted::Is("2000"),
    ),
    int(
        "features",
        "features d",
        "the dimension of φ",
        1,
        OVEROPT_MAX_FEATURES as u64,
        Omitted::Is("4"),
    ),
    num(
        "curvature",
        "curvature c",
        "the gold reward is r*(y) = wᵀφ − (c/2)·‖φ‖², w a random unit vector: going far along \
         any direction costs gold reward; 0 makes it linear",
        0.0,
        OVEROPT_MAX_CURVATURE,
        0.05,
        Omitted::Is("0.5"),
    ),
    Field {
        name: "ref_temperature",
        label: "π_ref temperature",
        help: "π_ref ∝ exp(vᵀφ/T) for a random unit vector v; a small T concentrates it",
        kind: FieldKind::Optional {
            min: 0.0,
            max: OVEROPT_MAX_REF_TEMPERATURE,
            step: 0.1,
            empty_means: "uniform",
        },
        omitted: Omitted::Means("uniform"),
        rule: None,
    },
    int(
        "labels",
        "labels N",
        "Bradley–Terry labels: pairs drawn from π_ref, the first preferred with probability \
         σ(r*₁ − r*₂)",
        1,
        OVEROPT_MAX_LABELS as u64,
        Omitted::Is("200"),
    ),
    Field {
        name: "label_noise",
        label: "label noise",
        help: "the fraction of labels flipped after they are drawn",
        kind: FieldKind::Number {
            min: 0.0,
            max: OVEROPT_MAX_LABEL_NOISE,
            exclusive_min: false,
            step: 0.05,
        },
        omitted: Omitted::Is("0"),
        rule: Some("below 0.5"),
    },
    Field {
        name: "proxy",
        label: "proxy model",
        help: "linear: r̂ = θᵀφ, fitted exactly (Newton); mlp: r̂ = aᵀtanh(Wφ + b), fitted by \
               full-batch gradient descent with momentum; compositional: a linear combination \
               of named attributes (φ's coordinates and how extreme a response is, ½‖φ‖²), \
               fitted exactly",
        kind: FieldKind::Choice {
            options: &["linear", "mlp", "compositional"],
        },
        omitted: Omitted::Is("\"linear\""),
        rule: None,
    },
    int(
        "hidden",
        "hidden units",
        "the MLP proxy's tanh units",
        1,
        OVEROPT_MAX_HIDDEN as u64,
        Omitted::Is("8"),
    ),
    int(
        "epochs",
        "epochs",
        "the MLP proxy's full-batch gradient steps",
        1,
        OVEROPT_MAX_EPOCHS as u64,
        Omitted::Is("2000"),
    ),
    pos(
        "l2",
        "L2",
        "the L2 coefficient of the proxy's Bradley–Terry loss",
        OVEROPT_MAX_L2,
        0.001,
        Omitted::Is("0.01"),
    ),
    int(
        "ensemble",
        "ensemble K",
        "proxies fitted, each to its own bootstrap resample of the labels (one proxy uses them \
         all)",
        1,
        OVEROPT_MAX_ENSEMBLE as u64,
        Omitted::Is("1"),
    ),
    int(
        "components",
        "gold parts",
        "2 splits the gold reward into two concave parts, u_k − (curvature/2)·u_k², each with \
         its own labels and proxy; learners optimise the proxies' sum",
        1,
        OVEROPT_MAX_COMPONENTS as u64,
        Omitted::Is("1"),
    )
    .with_rule("ensemble 1 and reward \"mean\" when 2"),
    num(
        "component_correlation",
        "parts' correlation",
        "w₁·w₂, how much the two parts move together (with components = 2)",
        -OVEROPT_MAX_CORRELATION,
        OVEROPT_MAX_CORRELATION,
        0.05,
        Omitted::Is("0"),
    ),
];

const REWARD: Field = Field {
    name: "reward",
    label: "reward",
    help: "what the learner optimises: the ensemble's mean, its minimum (worst-case, WCO) or its \
           mean less penalty × its variance (uncertainty-weighted, UWO)",
    kind: FieldKind::Choice {
        options: &["mean", "worst-case", "uncertainty-weighted"],
    },
    omitted: Omitted::Is("\"mean\""),
    rule: None,
};

const PENALTY: Field = num(
    "penalty",
    "penalty λ",
    "UWO's weight on the ensemble's variance (other rewards ignore it)",
    0.0,
    OVEROPT_MAX_PENALTY,
    1.0,
    Omitted::Is("1"),
);

const BETA_MAX: Field = num(
    "beta_max",
    "first β",
    "the sweep's first (largest) β",
    OVEROPT_MIN_BETA,
    OVEROPT_MAX_BETA,
    0.1,
    Omitted::Is("10"),
)
.with_rule("at least beta_min");

const BETA_MIN: Field = num(
    "beta_min",
    "last β",
    "the sweep's last (smallest) β",
    OVEROPT_MIN_BETA,
    OVEROPT_MAX_BETA,
    0.01,
    Omitted::Is("0.01"),
)
.with_rule("at most beta_max");

const POINTS: Field = int(
    "points",
    "points",
    "points of the sweep, one per time step",
    1,
    OVEROPT_MAX_POINTS as u64,
    Omitted::Is("30"),
);

pub const LEARNER_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "best-of-n",
        title: "Best-of-n: the exact law of the best of n draws from π_ref, n swept up to max_n",
        fields: &[
            int(
                "max_n",
                "largest n",
                "the sweep's last n; n runs from 1, spaced evenly in log n",
                1,
                OVEROPT_MAX_N as u64,
                Omitted::Is("1000"),
            ),
            POINTS,
            REWARD,
            PENALTY,
        ],
        default: r#"{"type":"best-of-n"}"#,
    },
    TypeForm {
        type_name: "kl-optimum",
        title: "KL-regularised optimum π_ref·e^(R/β)/Z, β swept from large to small",
        fields: &[BETA_MAX, BETA_MIN, POINTS, REWARD, PENALTY],
        default: r#"{"type":"kl-optimum"}"#,
    },
    TypeForm {
        type_name: "constrained",
        title: "Constrained RLHF: the KL optimum with each part's proxy held below a threshold",
        fields: &[
            BETA_MAX,
            BETA_MIN,
            POINTS,
            Field {
                name: "thresholds",
                label: "thresholds θ",
                help: "the most E_π p_k may reach, one per gold part",
                kind: FieldKind::List {
                    min: -1e6,
                    max: 1e6,
                    exclusive_min: false,
                },
                omitted: Omitted::Means("each part's proxy point"),
                rule: Some("one per gold part"),
            },
        ],
        default: r#"{"type":"constrained"}"#,
    },
    TypeForm {
        type_name: "policy-gradient",
        title: "Policy gradient: exact ascent on E_π R − β·KL in the logits, from π_ref",
        fields: &[
            num(
                "beta",
                "β",
                "the KL penalty's coefficient",
                0.0,
                OVEROPT_MAX_BETA,
                0.01,
                Omitted::Is("0.1"),
            ),
            pos(
                "learning_rate",
                "learning rate η",
                "the step size in the logits; the gradient of a response scales with its \
                 probability, so thousands of responses need a large η",
                OVEROPT_MAX_LEARNING_RATE,
                1.0,
                Omitted::Is("100"),
            ),
            REWARD,
            PENALTY,
        ],
        default: r#"{"type":"policy-gradient"}"#,
    },
];
