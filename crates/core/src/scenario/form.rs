//! What an editor needs to show a scenario's fields: labels, help and allowed ranges for
//! each environment and agent type. The web app builds its forms from these tables, and a
//! test checks that every range here is exactly the range that validation enforces.

/// How a field is edited.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldKind {
    /// A number in [min, max] (or (min, max] when `exclusive_min`).
    Number {
        min: f64,
        max: f64,
        exclusive_min: bool,
        step: f64,
    },
    /// A whole number in [min, max].
    Integer {
        min: usize,
        max: usize,
    },
    /// A number that may be left empty (e.g. a step size, where empty means sample averages).
    Optional {
        min: f64,
        max: f64,
        step: f64,
        empty_means: &'static str,
    },
    Bool,
    /// A list of numbers in [min, max] (exclusive min when `exclusive_min`), one per arm.
    List {
        min: f64,
        max: f64,
        exclusive_min: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: FieldKind,
}

/// One environment or agent type: its name in files, its title, its fields and a default
/// instance (JSON) used when the user picks the type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TypeForm {
    pub type_name: &'static str,
    pub title: &'static str,
    pub fields: &'static [Field],
    pub default: &'static str,
}

const fn num(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    min: f64,
    max: f64,
    step: f64,
) -> Field {
    Field {
        name,
        label,
        help,
        kind: FieldKind::Number {
            min,
            max,
            exclusive_min: false,
            step,
        },
    }
}

const fn pos(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    max: f64,
    step: f64,
) -> Field {
    Field {
        name,
        label,
        help,
        kind: FieldKind::Number {
            min: 0.0,
            max,
            exclusive_min: true,
            step,
        },
    }
}

const ARMS: Field = Field {
    name: "arms",
    label: "arms",
    help: "number of arms k",
    kind: FieldKind::Integer {
        min: 2,
        max: super::bandit::MAX_ARMS,
    },
};

pub const ENV_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "gaussian-testbed",
        title: "10-armed testbed (Gaussian)",
        fields: &[
            ARMS,
            num(
                "offset",
                "offset",
                "mean of the true values q*(a) ~ N(offset, 1)",
                -100.0,
                100.0,
                0.5,
            ),
        ],
        default: r#"{"type":"gaussian-testbed","arms":10,"offset":0.0}"#,
    },
    TypeForm {
        type_name: "bernoulli",
        title: "Bernoulli arms",
        fields: &[Field {
            name: "means",
            label: "success probabilities",
            help: "one per arm, each from 0 to 1, separated by commas",
            kind: FieldKind::List {
                min: 0.0,
                max: 1.0,
                exclusive_min: false,
            },
        }],
        default: r#"{"type":"bernoulli","means":[0.9,0.8,0.7,0.6,0.5]}"#,
    },
    TypeForm {
        type_name: "gaussian",
        title: "Gaussian arms, unequal noise",
        fields: &[
            Field {
                name: "means",
                label: "means",
                help: "one per arm, separated by commas",
                kind: FieldKind::List {
                    min: -100.0,
                    max: 100.0,
                    exclusive_min: false,
                },
            },
            Field {
                name: "sds",
                label: "noise sds",
                help: "one standard deviation per arm, each above 0",
                kind: FieldKind::List {
                    min: 0.0,
                    max: 100.0,
                    exclusive_min: true,
                },
            },
        ],
        default: r#"{"type":"gaussian","means":[1.0,0.8,0.5,0.2],"sds":[3.0,0.1,0.1,0.1]}"#,
    },
    TypeForm {
        type_name: "nonstationary",
        title: "Drifting arms (random walks)",
        fields: &[
            ARMS,
            num(
                "walk_sd",
                "walk sd",
                "standard deviation of each step of the random walk",
                0.0,
                10.0,
                0.01,
            ),
            num(
                "initial",
                "initial value",
                "where every q*(a) starts",
                -100.0,
                100.0,
                0.5,
            ),
        ],
        default: r#"{"type":"nonstationary","arms":10,"walk_sd":0.01,"initial":0.0}"#,
    },
    TypeForm {
        type_name: "adversarial",
        title: "Adversary rigged against UCB",
        fields: &[
            Field {
                name: "arms",
                label: "arms",
                help: "number of arms k",
                kind: FieldKind::Integer {
                    min: 2,
                    max: super::bandit::MAX_ARMS,
                },
            },
            num(
                "rigged_c",
                "rigged against c",
                "the UCB exploration constant the adversary simulated",
                0.0,
                100.0,
                0.1,
            ),
        ],
        default: r#"{"type":"adversarial","arms":2,"rigged_c":2.0}"#,
    },
];

pub const AGENT_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "epsilon-greedy",
        title: "ε-greedy",
        fields: &[
            num(
                "epsilon",
                "ε",
                "probability of a random arm (0 = greedy)",
                0.0,
                1.0,
                0.01,
            ),
            Field {
                name: "step_size",
                label: "step size α",
                help: "constant step size; empty = sample averages",
                kind: FieldKind::Optional {
                    min: 0.0,
                    max: 1.0,
                    step: 0.01,
                    empty_means: "sample averages",
                },
            },
            num(
                "initial",
                "initial Q₁",
                "starting estimate (high = optimistic)",
                -100.0,
                100.0,
                0.5,
            ),
        ],
        default: r#"{"type":"epsilon-greedy","epsilon":0.1}"#,
    },
    TypeForm {
        type_name: "ucb",
        title: "UCB",
        fields: &[num(
            "c",
            "c",
            "exploration constant; √2 ≈ 1.414 is UCB1",
            0.0,
            100.0,
            0.1,
        )],
        default: r#"{"type":"ucb","c":2.0}"#,
    },
    TypeForm {
        type_name: "kl-ucb",
        title: "KL-UCB",
        fields: &[num(
            "c",
            "c",
            "extra exploration c·ln ln t (0 is common)",
            0.0,
            10.0,
            0.1,
        )],
        default: r#"{"type":"kl-ucb","c":0.0}"#,
    },
    TypeForm {
        type_name: "thompson-beta",
        title: "Thompson sampling (Beta–Bernoulli)",
        fields: &[
            pos("prior_a", "prior a", "prior successes + 1", 1e6, 0.5),
            pos("prior_b", "prior b", "prior failures + 1", 1e6, 0.5),
        ],
        default: r#"{"type":"thompson-beta","prior_a":1.0,"prior_b":1.0}"#,
    },
    TypeForm {
        type_name: "thompson-gaussian",
        title: "Thompson sampling (Gaussian, known noise)",
        fields: &[
            num(
                "prior_mean",
                "prior mean",
                "prior belief about each arm's mean",
                -100.0,
                100.0,
                0.5,
            ),
            pos(
                "prior_sd",
                "prior sd",
                "prior uncertainty about each mean",
                1e3,
                0.1,
            ),
            pos(
                "noise_sd",
                "assumed noise sd",
                "the reward noise the agent believes in",
                1e3,
                0.1,
            ),
        ],
        default: r#"{"type":"thompson-gaussian","prior_mean":0.0,"prior_sd":1.0,"noise_sd":1.0}"#,
    },
    TypeForm {
        type_name: "thompson-normal-gamma",
        title: "Thompson sampling (Normal–Gamma, unknown noise)",
        fields: &[
            num("mu0", "μ₀", "prior mean", -100.0, 100.0, 0.5),
            pos("lambda0", "λ₀", "pseudo-observations behind μ₀", 1e6, 0.5),
            pos(
                "alpha0",
                "α₀",
                "Gamma shape of the precision prior",
                1e6,
                0.5,
            ),
            pos("beta0", "β₀", "Gamma rate of the precision prior", 1e6, 0.5),
        ],
        default: r#"{"type":"thompson-normal-gamma","mu0":0.0,"lambda0":1.0,"alpha0":1.0,"beta0":1.0}"#,
    },
    TypeForm {
        type_name: "gradient",
        title: "Gradient bandit",
        fields: &[
            pos(
                "alpha",
                "α",
                "step size of the preference updates",
                10.0,
                0.05,
            ),
            Field {
                name: "baseline",
                label: "baseline",
                help: "subtract the average reward",
                kind: FieldKind::Bool,
            },
        ],
        default: r#"{"type":"gradient","alpha":0.1,"baseline":true}"#,
    },
    TypeForm {
        type_name: "exp3",
        title: "EXP3 (adversarial)",
        fields: &[pos("gamma", "γ", "share of uniform exploration", 1.0, 0.01)],
        default: r#"{"type":"exp3","gamma":0.1}"#,
    },
];

/// The form of a type, by its name in files.
pub fn env_form(type_name: &str) -> Option<&'static TypeForm> {
    ENV_FORMS.iter().find(|f| f.type_name == type_name)
}

pub fn agent_form(type_name: &str) -> Option<&'static TypeForm> {
    AGENT_FORMS.iter().find(|f| f.type_name == type_name)
}
