//! The Bandit Arena's form: one environment, up to eight agents.

use super::{
    Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, TypeForm, VERSION, int, num, pos,
};
use crate::scenario::bandit::{MAX_AGENTS, MAX_ARMS, MAX_RUNS, MAX_STEPS};

pub const KIND: KindForm = KindForm {
    kind: "bandit",
    title: "Bandit Arena",
    help: "A k-armed bandit: every agent faces the same arms, for `steps` pulls, in each of \
           `runs` independent runs; curves are averages over runs with 95% bands.",
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
                    "pulls per run (the horizon T)",
                    1,
                    MAX_STEPS as u64,
                    Omitted::Required,
                ),
                int(
                    "runs",
                    "runs",
                    "independent runs averaged in every curve (runs × steps ≤ 20,000,000)",
                    1,
                    MAX_RUNS as u64,
                    Omitted::Required,
                ),
            ],
        },
        Section::OneOf {
            path: "env",
            title: "Environment",
            types: ENV_FORMS,
        },
        Section::ListOf {
            path: "agents",
            title: "Agents",
            types: AGENT_FORMS,
            common: &[LABEL],
            max: MAX_AGENTS,
        },
    ],
    example: "kind = \"bandit\"\nseed = 1\nsteps = 100\nruns = 10\n[env]\ntype = \"bernoulli\"\nmeans = [0.5, 0.6]\n[[agents]]\ntype = \"ucb\"\n",
};

const ARMS: Field = int(
    "arms",
    "arms",
    "number of arms k",
    2,
    MAX_ARMS as u64,
    Omitted::Is("10"),
);

const fn list(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    min: f64,
    max: f64,
    exclusive_min: bool,
) -> Field {
    Field {
        name,
        label,
        help,
        kind: FieldKind::List {
            min,
            max,
            exclusive_min,
        },
        omitted: Omitted::Required,
        rule: None,
    }
}

const ZERO: Omitted = Omitted::Is("0.0");
const ONE: Omitted = Omitted::Is("1.0");

pub const ENV_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "gaussian-testbed",
        title: "10-armed testbed (Gaussian)",
        fields: &[
            ARMS,
            num(
                "offset",
                "offset",
                "mean of the true values q*(a) ~ N(offset, 1), drawn afresh in every run",
                -100.0,
                100.0,
                0.5,
                ZERO,
            ),
        ],
        default: r#"{"type":"gaussian-testbed","arms":10,"offset":0.0}"#,
    },
    TypeForm {
        type_name: "bernoulli",
        title: "Bernoulli arms",
        fields: &[list(
            "means",
            "success probabilities",
            "arm a pays 1 with probability means[a], else 0; one per arm, 2 to 64 arms",
            0.0,
            1.0,
            false,
        )],
        default: r#"{"type":"bernoulli","means":[0.9,0.8,0.7,0.6,0.5]}"#,
    },
    TypeForm {
        type_name: "gaussian",
        title: "Gaussian arms, unequal noise",
        fields: &[
            list(
                "means",
                "means",
                "arm a pays N(means[a], sds[a]²); one per arm",
                -100.0,
                100.0,
                false,
            ),
            list(
                "sds",
                "noise sds",
                "one standard deviation per arm, each above 0",
                0.0,
                100.0,
                true,
            ),
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
                "every step each q*(a) moves by N(0, walk_sd²); rewards ~ N(q*(a), 1)",
                0.0,
                10.0,
                0.01,
                Omitted::Is("0.01"),
            ),
            num(
                "initial",
                "initial value",
                "where every q*(a) starts",
                -100.0,
                100.0,
                0.5,
                ZERO,
            ),
        ],
        default: r#"{"type":"nonstationary","arms":10,"walk_sd":0.01,"initial":0.0}"#,
    },
    TypeForm {
        type_name: "adversarial",
        title: "Adversary rigged against UCB",
        fields: &[
            int(
                "arms",
                "arms",
                "number of arms k",
                2,
                MAX_ARMS as u64,
                Omitted::Is("2"),
            ),
            num(
                "rigged_c",
                "rigged against c",
                "the reward table is fixed in advance by simulating UCB with this c and paying 0 on its every pick",
                0.0,
                100.0,
                0.1,
                Omitted::Is("2.0"),
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
                Omitted::Required,
            ),
            Field {
                name: "step_size",
                label: "step size α",
                help: "constant step size of the value estimates; left out, sample averages",
                kind: FieldKind::Optional {
                    min: 0.0,
                    max: 1.0,
                    step: 0.01,
                    empty_means: "sample averages",
                },
                omitted: Omitted::Means("sample averages (step 1/n)"),
                rule: None,
            },
            num(
                "initial",
                "initial Q₁",
                "starting estimate of every arm (high = optimistic)",
                -100.0,
                100.0,
                0.5,
                ZERO,
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
            "exploration constant of Q(a) + c·√(ln t / N(a)); √2 ≈ 1.414 is UCB1",
            0.0,
            100.0,
            0.1,
            Omitted::Is("2.0"),
        )],
        default: r#"{"type":"ucb","c":2.0}"#,
    },
    TypeForm {
        type_name: "kl-ucb",
        title: "KL-UCB",
        fields: &[num(
            "c",
            "c",
            "extra exploration c·ln ln t in the KL-UCB index (0 is common); rewards in [0, 1]",
            0.0,
            10.0,
            0.1,
            ZERO,
        )],
        default: r#"{"type":"kl-ucb","c":0.0}"#,
    },
    TypeForm {
        type_name: "thompson-beta",
        title: "Thompson sampling (Beta–Bernoulli)",
        fields: &[
            pos(
                "prior_a",
                "prior a",
                "Beta prior's a: prior successes + 1",
                1e6,
                0.5,
                ONE,
            ),
            pos(
                "prior_b",
                "prior b",
                "Beta prior's b: prior failures + 1",
                1e6,
                0.5,
                ONE,
            ),
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
                ZERO,
            ),
            pos(
                "prior_sd",
                "prior sd",
                "prior uncertainty about each mean",
                1e3,
                0.1,
                ONE,
            ),
            pos(
                "noise_sd",
                "assumed noise sd",
                "the reward noise the agent believes in",
                1e3,
                0.1,
                ONE,
            ),
        ],
        default: r#"{"type":"thompson-gaussian","prior_mean":0.0,"prior_sd":1.0,"noise_sd":1.0}"#,
    },
    TypeForm {
        type_name: "thompson-normal-gamma",
        title: "Thompson sampling (Normal–Gamma, unknown noise)",
        fields: &[
            num("mu0", "μ₀", "prior mean", -100.0, 100.0, 0.5, ZERO),
            pos(
                "lambda0",
                "λ₀",
                "pseudo-observations behind μ₀",
                1e6,
                0.5,
                ONE,
            ),
            pos(
                "alpha0",
                "α₀",
                "Gamma shape of the precision prior",
                1e6,
                0.5,
                ONE,
            ),
            pos(
                "beta0",
                "β₀",
                "Gamma rate of the precision prior",
                1e6,
                0.5,
                ONE,
            ),
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
                Omitted::Required,
            ),
            Field {
                name: "baseline",
                label: "baseline",
                help: "subtract the average reward so far from each reward",
                kind: FieldKind::Bool,
                omitted: Omitted::Is("true"),
                rule: None,
            },
        ],
        default: r#"{"type":"gradient","alpha":0.1,"baseline":true}"#,
    },
    TypeForm {
        type_name: "exp3",
        title: "EXP3 (adversarial)",
        fields: &[pos(
            "gamma",
            "γ",
            "share of uniform exploration; rewards in [0, 1]",
            1.0,
            0.01,
            Omitted::Is("0.1"),
        )],
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
