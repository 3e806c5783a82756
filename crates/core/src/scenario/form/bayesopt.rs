//! The Bayesian-optimisation form (`kind = "bayesopt"`): the objective and its noise, the
//! Gaussian process, and up to eight acquisition rules.

use super::{
    Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, TypeForm, VERSION, int, num, pos,
};
use crate::scenario::{
    BAYESOPT_MAX_BATCH, BAYESOPT_MAX_BETA, BAYESOPT_MAX_DUEL_NOISE, BAYESOPT_MAX_GAMMA,
    BAYESOPT_MAX_INITIAL, BAYESOPT_MAX_LEARNERS, BAYESOPT_MAX_LENGTHSCALE, BAYESOPT_MAX_NOISE,
    BAYESOPT_MAX_NOISE_VARIANCE, BAYESOPT_MAX_PRIOR_WIDTH, BAYESOPT_MAX_RUNS, BAYESOPT_MAX_SAMPLES,
    BAYESOPT_MAX_SIGNAL, BAYESOPT_MAX_STEPS, BAYESOPT_MAX_XI, BAYESOPT_MIN_NOISE_VARIANCE,
};

const OBSERVATIONS_RULE: &str = "initial + steps × points per step ≤ 220 observations (60 with \
                                 fit = true); at most 50 steps with a preferential learner";

pub const KIND: KindForm = KindForm {
    kind: "bayesopt",
    title: "Bayesian optimisation",
    help: "Minimise a 1-D or 2-D function (Forrester, Gramacy–Lee, Branin or a curve you draw, \
           with optional noise) with a Gaussian process and an acquisition rule: EI, PI, \
           GP-UCB, Thompson sampling, ε-greedy, the ε-shotgun batch, a user prior over x* \
           (πBO) or duels only (preferential BO), against random search. Acquisitions are \
           maximised over a fixed grid; curves are regret averaged over `runs` runs.",
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
                    "acquisition steps of every learner after the initial design",
                    1,
                    BAYESOPT_MAX_STEPS as u64,
                    Omitted::Is("20"),
                )
                .with_rule(OBSERVATIONS_RULE),
                int(
                    "runs",
                    "runs",
                    "independent runs, each from its own random initial design",
                    1,
                    BAYESOPT_MAX_RUNS as u64,
                    Omitted::Is("10"),
                ),
            ],
        },
        Section::Fields {
            path: "env",
            title: "Objective",
            fields: ENV_FIELDS,
        },
        Section::Fields {
            path: "gp",
            title: "Gaussian process",
            fields: GP_FIELDS,
        },
        Section::ListOf {
            path: "learners",
            title: "Acquisition rules",
            types: LEARNER_FORMS,
            common: &[LABEL],
            max: BAYESOPT_MAX_LEARNERS,
        },
    ],
    example: "kind = \"bayesopt\"\nseed = 1\nsteps = 10\nruns = 2\n[env]\nobjective = \"forrester\"\n[[learners]]\ntype = \"expected-improvement\"\n",
};

const ENV_FIELDS: &[Field] = &[
    Field {
        name: "objective",
        label: "objective",
        help: "forrester: (6x − 2)²·sin(12x − 4) on [0, 1], min −6.0207 at 0.7572; gramacy-lee: \
               sin(10πx)/(2x) + (x − 1)⁴ on [0.5, 2.5], many local minima; branin (2-D): three \
               global minima of 0.397887; drawn: the curve through `points`",
        kind: FieldKind::Choice {
            options: &["forrester", "gramacy-lee", "branin", "drawn"],
        },
        omitted: Omitted::Required,
        rule: Some("drawn needs points"),
    },
    Field {
        name: "points",
        label: "drawn points",
        help: "the drawn curve: one [x, y] per line, both in [0, 1], x increasing; the curve \
               joins them with straight lines and is flat beyond the ends",
        kind: FieldKind::Table {
            min: 0.0,
            max: 1.0,
            exclusive_min: false,
        },
        omitted: Omitted::Means("no drawn curve"),
        rule: Some("2 to 64 points, x strictly increasing; given exactly when objective = drawn"),
    },
    num(
        "noise",
        "noise σ",
        "standard deviation of the Gaussian noise on every observation, in the objective's units",
        0.0,
        BAYESOPT_MAX_NOISE,
        0.01,
        Omitted::Is("0.0"),
    ),
    int(
        "initial",
        "initial points",
        "random grid points every learner of a run starts from",
        1,
        BAYESOPT_MAX_INITIAL as u64,
        Omitted::Is("2"),
    ),
];

const GP_FIELDS: &[Field] = &[
    Field {
        name: "kernel",
        label: "kernel",
        help: "rbf: the squared exponential; matern52: Matérn ν = 5/2 (rougher); in 2-D the \
               product of one per axis",
        kind: FieldKind::Choice {
            options: &["rbf", "matern52"],
        },
        omitted: Omitted::Is("\"matern52\""),
        rule: None,
    },
    pos(
        "lengthscale",
        "lengthscale ℓ",
        "how far apart two inputs may be and still be alike, in unit coordinates",
        BAYESOPT_MAX_LENGTHSCALE,
        0.01,
        Omitted::Is("0.2"),
    ),
    pos(
        "signal_variance",
        "signal variance σ_f²",
        "the prior variance of f, in standardised units (observations scaled to sd 1)",
        BAYESOPT_MAX_SIGNAL,
        0.1,
        Omitted::Is("1.0"),
    ),
    num(
        "noise_variance",
        "noise variance σ_n²",
        "the noise the GP assumes, in standardised units",
        BAYESOPT_MIN_NOISE_VARIANCE,
        BAYESOPT_MAX_NOISE_VARIANCE,
        0.0001,
        Omitted::Is("0.0001"),
    ),
    Field {
        name: "fit",
        label: "fit by marginal likelihood",
        help: "before every query, refit ℓ, σ_f² and σ_n² by Newton ascent of the log marginal \
               likelihood (the values above are the first start)",
        kind: FieldKind::Bool,
        omitted: Omitted::Is("false"),
        rule: None,
    },
];

const EPSILON: Field = num(
    "epsilon",
    "ε",
    "probability of exploring instead of taking the lowest posterior mean among the points not yet queried",
    0.0,
    1.0,
    0.01,
    Omitted::Is("0.1"),
);

pub const LEARNER_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "random-search",
        title: "Random search: uniformly random grid points (the baseline)",
        fields: &[],
        default: r#"{"type":"random-search"}"#,
    },
    TypeForm {
        type_name: "expected-improvement",
        title: "Expected improvement (EI)",
        fields: &[num(
            "xi",
            "ξ",
            "improvement margin: EI counts only improvement beyond y_best − ξ (standardised units)",
            0.0,
            BAYESOPT_MAX_XI,
            0.01,
            Omitted::Is("0.0"),
        )],
        default: r#"{"type":"expected-improvement"}"#,
    },
    TypeForm {
        type_name: "probability-of-improvement",
        title: "Probability of improvement (PI)",
        fields: &[num(
            "xi",
            "ξ",
            "improvement margin: PI is P(f(x) < y_best − ξ) (standardised units)",
            0.0,
            BAYESOPT_MAX_XI,
            0.01,
            Omitted::Is("0.01"),
        )],
        default: r#"{"type":"probability-of-improvement"}"#,
    },
    TypeForm {
        type_name: "ucb",
        title: "GP-UCB (minimising: the lowest μ − √β·s)",
        fields: &[num(
            "beta",
            "β",
            "exploration weight: the bound is μ − √β·s",
            0.0,
            BAYESOPT_MAX_BETA,
            0.1,
            Omitted::Is("4.0"),
        )],
        default: r#"{"type":"ucb"}"#,
    },
    TypeForm {
        type_name: "thompson",
        title: "Thompson sampling: the minimum of one posterior sample",
        fields: &[],
        default: r#"{"type":"thompson"}"#,
    },
    TypeForm {
        type_name: "epsilon-greedy",
        title: "ε-greedy: the lowest μ not yet queried, or with probability ε an exploratory point",
        fields: &[
            EPSILON,
            Field {
                name: "explore",
                label: "explore by",
                help: "pareto (ε-PF): a random point of the (μ, s) Pareto front; random (ε-RS): \
                       a random point of the space",
                kind: FieldKind::Choice {
                    options: &["pareto", "random"],
                },
                omitted: Omitted::Is("\"pareto\""),
                rule: None,
            },
        ],
        default: r#"{"type":"epsilon-greedy"}"#,
    },
    TypeForm {
        type_name: "shotgun",
        title: "ε-shotgun batch: the ε-greedy point and batch − 1 more around it",
        fields: &[
            EPSILON,
            int(
                "batch",
                "batch q",
                "points queried per step",
                1,
                BAYESOPT_MAX_BATCH as u64,
                Omitted::Is("4"),
            )
            .with_rule(OBSERVATIONS_RULE),
        ],
        default: r#"{"type":"shotgun"}"#,
    },
    TypeForm {
        type_name: "prior",
        title: "πBO: EI weighted by a belief about where x* is",
        fields: &[
            Field {
                name: "center",
                label: "believed x*",
                help: "where you believe the minimum is, one number per input in unit \
                       coordinates",
                kind: FieldKind::List {
                    min: 0.0,
                    max: 1.0,
                    exclusive_min: false,
                },
                omitted: Omitted::Means("the centre of the domain"),
                rule: Some("one number per input of the objective"),
            },
            pos(
                "width",
                "belief width",
                "standard deviation of the Gaussian belief, in unit coordinates",
                BAYESOPT_MAX_PRIOR_WIDTH,
                0.01,
                Omitted::Is("0.1"),
            ),
            num(
                "gamma",
                "γ (decay)",
                "the belief's weight: EI·π(x)^{γ/t} at step t, so data overrules it over time",
                0.0,
                BAYESOPT_MAX_GAMMA,
                0.1,
                Omitted::Is("5.0"),
            ),
        ],
        default: r#"{"type":"prior"}"#,
    },
    TypeForm {
        type_name: "preferential",
        title: "Preferential BO: one duel a step, no values seen",
        fields: &[
            Field {
                name: "inference",
                label: "posterior",
                help: "laplace: a Gaussian at the mode; mcmc: elliptical slice sampling of the \
                       exact (skew) posterior",
                kind: FieldKind::Choice {
                    options: &["laplace", "mcmc"],
                },
                omitted: Omitted::Is("\"laplace\""),
                rule: None,
            },
            pos(
                "duel_noise",
                "duel noise σ",
                "P(a ≻ b) = Φ((f(b) − f(a))/(√2σ)), σ in the objective's units",
                BAYESOPT_MAX_DUEL_NOISE,
                0.1,
                Omitted::Is("1.0"),
            ),
            int(
                "samples",
                "MCMC samples",
                "samples kept per step (as many again are burn-in); mcmc only",
                10,
                BAYESOPT_MAX_SAMPLES as u64,
                Omitted::Is("300"),
            )
            .with_rule("runs × samples ≤ 10,000 with mcmc"),
            Field {
                name: "answers",
                label: "your answers",
                help: "duels answered by hand, in order: 1 = the first point won, 0 = the \
                       second; then the run waits for the next click",
                kind: FieldKind::List {
                    min: 0.0,
                    max: 1.0,
                    exclusive_min: false,
                },
                omitted: Omitted::Means("simulated duels"),
                rule: Some("each 0 or 1, at most 50; only when runs = 1"),
            },
        ],
        default: r#"{"type":"preferential"}"#,
    },
];
