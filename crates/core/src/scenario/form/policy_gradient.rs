//! The Policy-Gradient Lab's form: a task (a gridworld map with the Gridworld Lab's
//! fields, or twenty questions) and up to eight learners.

use super::{
    Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, TypeForm, VERSION, int, num, pos,
};
use crate::scenario::policy_gradient::{
    PG_MAX_BATCH, PG_MAX_BUDGET, PG_MAX_CG_ITERS, PG_MAX_EPOCHS, PG_MAX_GROUP, PG_MAX_HIDDEN,
    PG_MAX_ITERATIONS, PG_MAX_LEARNERS, PG_MAX_MINIBATCHES, PG_MAX_RUNS,
};
use crate::scenario::{MAX_EXTRA_QUESTIONS, MAX_TURNS};

pub const KIND: KindForm = KindForm {
    kind: "policy-gradient",
    title: "Policy-Gradient Lab",
    help: "Policy-gradient learners on a gridworld map or a game of twenty questions, from \
           REINFORCE to PPO, SPO and GRPO: each run starts every learner from the uniform policy and makes `iterations` \
           updates, each from `batch` fresh episodes; curves are averages over runs with 95% \
           bands, and the exact return J of every policy is computed alongside.",
    sections: &[
        Section::Fields {
            path: "",
            title: "Run",
            fields: &[
                VERSION,
                SEED,
                int(
                    "iterations",
                    "updates",
                    "policy updates per run",
                    1,
                    PG_MAX_ITERATIONS as u64,
                    Omitted::Is("200"),
                )
                .with_rule(
                    "runs × iterations × batch × env.episode_cap ≤ 100,000,000 for every learner",
                ),
                int(
                    "runs",
                    "runs",
                    "independent runs averaged in every curve",
                    1,
                    PG_MAX_RUNS as u64,
                    Omitted::Is("10"),
                )
                .with_rule(
                    "runs × iterations × batch × env.episode_cap ≤ 100,000,000 for every learner",
                ),
            ],
        },
        Section::OneOf {
            path: "env",
            title: "Task",
            types: ENV_FORMS,
        },
        Section::ListOf {
            path: "learners",
            title: "Learners",
            types: LEARNER_FORMS,
            common: &[LABEL],
            max: PG_MAX_LEARNERS,
        },
    ],
    example: "kind = \"policy-gradient\"\nseed = 1\niterations = 20\nruns = 2\n[env]\nmap = \"S..G\"\n[[learners]]\ntype = \"reinforce\"\n",
};

/// The tasks: a map (what a table without `type` is) or twenty questions.
pub const ENV_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "gridworld",
        title: "Gridworld map (what [env] is when type is left out)",
        fields: super::ENV_FIELDS,
        default: r#"{"type":"gridworld","map":"S..G"}"#,
    },
    TypeForm {
        type_name: "twenty-questions",
        title: "Twenty questions (a hidden number from 0 to 15)",
        fields: &[
            int(
                "turns",
                "turns",
                "turns of one game, the final guess included: a guess ends the game (1 if \
                 right, 0 if wrong), and a game that runs out of turns pays 0",
                1,
                MAX_TURNS as u64,
                Omitted::Is("5"),
            ),
            int(
                "redundant",
                "redundant questions",
                "questions that ask a bit question again in other words (\"odd?\" is bit 0): \
                 worth nothing once their twin is answered",
                0,
                MAX_EXTRA_QUESTIONS as u64,
                Omitted::Is("1"),
            ),
            int(
                "uninformative",
                "uninformative questions",
                "questions every number answers \"yes\" to: worth nothing ever",
                0,
                MAX_EXTRA_QUESTIONS as u64,
                Omitted::Is("1"),
            ),
        ],
        default: r#"{"type":"twenty-questions"}"#,
    },
];

const LEARNING_RATE: Field = pos(
    "learning_rate",
    "learning rate",
    "step size of gradient ascent on the learner's objective",
    100.0,
    0.01,
    Omitted::Is("0.1"),
);

/// PPO's learning rate also sets its critic's step, with value_coef.
const LEARNING_RATE_PPO: Field = LEARNING_RATE.with_rule("learning_rate × value_coef ≤ 0.5");

const BATCH: Field = int(
    "batch",
    "episodes per update",
    "fresh episodes sampled with the current policy for each update",
    1,
    PG_MAX_BATCH as u64,
    Omitted::Is("16"),
);

const BATCH_RLOO: Field = int(
    "batch",
    "episodes per update",
    "fresh episodes per update; each is compared with the mean of the others, so at least 2",
    2,
    PG_MAX_BATCH as u64,
    Omitted::Is("16"),
);

const BATCH_GRPO: Field = BATCH.with_rule("a multiple of group");

const POLICY: Field = Field {
    name: "policy",
    label: "policy",
    help: "tabular: a softmax per state (in twenty questions, per set of answers seen); \
           blind: one softmax for every state (it cannot tell them apart); mlp: a network \
           with one hidden layer reading the state's one-hot code (in twenty questions, each \
           question's answer and the turn)",
    kind: FieldKind::Choice {
        options: &["tabular", "blind", "mlp"],
    },
    omitted: Omitted::Is("\"tabular\""),
    rule: None,
};

const POLICY_TABLE: Field = Field {
    help: "tabular: a softmax per state; blind: one softmax for every state. TRPO's exact \
           Fisher matrix is the softmax table's, so no mlp",
    kind: FieldKind::Choice {
        options: &["tabular", "blind"],
    },
    ..POLICY
};

const HIDDEN: Field = int(
    "hidden",
    "hidden units",
    "width of the MLP policy's hidden layer (read only when policy = \"mlp\")",
    1,
    PG_MAX_HIDDEN as u64,
    Omitted::Is("16"),
);

const LAMBDA: Field = num(
    "lambda",
    "λ",
    "GAE's λ for the actor's advantages: 0 is the TD error (low variance, biased), 1 the \
     Monte Carlo advantage",
    0.0,
    1.0,
    0.05,
    Omitted::Is("0.95"),
);

const CRITIC_LAMBDA: Field = Field {
    name: "critic_lambda",
    label: "critic λ",
    help: "λ of the critic's targets (λ-returns); VC-PPO decouples it from the actor's and \
           sets it to 1",
    kind: FieldKind::Number {
        min: 0.0,
        max: 1.0,
        exclusive_min: false,
        step: 0.05,
    },
    omitted: Omitted::Means("the actor's λ"),
    rule: None,
};

const CRITIC_LR: Field = pos(
    "critic_lr",
    "critic step",
    "each update moves every visited state's value this fraction of the way to the mean \
     target seen there",
    1.0,
    0.05,
    Omitted::Is("0.5"),
);

const VALUE_COEF: Field = pos(
    "value_coef",
    "value coefficient c₁",
    "weight of the value loss; the critic's squared-error step is learning_rate × value_coef",
    10.0,
    0.1,
    Omitted::Is("0.5"),
)
.with_rule("learning_rate × value_coef ≤ 0.5");

const ENTROPY_COEF: Field = num(
    "entropy_coef",
    "entropy coefficient c₂",
    "weight of the entropy bonus that keeps the policy exploring",
    0.0,
    1.0,
    0.005,
    Omitted::Is("0.01"),
);

const CLIP: Field = pos(
    "clip",
    "clip ε",
    "half-width of the trust band [1 − ε, 1 + ε] for the ratio π/π_old",
    1.0,
    0.05,
    Omitted::Is("0.2"),
);

const EPOCHS: Field = int(
    "epochs",
    "epochs",
    "passes over each batch",
    1,
    PG_MAX_EPOCHS as u64,
    Omitted::Is("4"),
);

const MINIBATCHES: Field = int(
    "minibatches",
    "minibatches",
    "shuffled minibatches per epoch (each one gradient step)",
    1,
    PG_MAX_MINIBATCHES as u64,
    Omitted::Is("4"),
);

pub const LEARNER_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "reinforce",
        title: "REINFORCE",
        fields: &[
            Field {
                name: "baseline",
                label: "baseline",
                help: "what is subtracted from the return: none, the mean return of earlier \
                       updates (constant), or a learned state value (value)",
                kind: FieldKind::Choice {
                    options: &["none", "constant", "value"],
                },
                omitted: Omitted::Is("\"none\""),
                rule: None,
            },
            CRITIC_LR,
            LEARNING_RATE,
            BATCH,
            POLICY,
            HIDDEN,
        ],
        default: r#"{"type":"reinforce","baseline":"none"}"#,
    },
    TypeForm {
        type_name: "rloo",
        title: "RLOO (leave-one-out baseline)",
        fields: &[LEARNING_RATE, BATCH_RLOO, POLICY, HIDDEN],
        default: r#"{"type":"rloo","batch":16}"#,
    },
    TypeForm {
        type_name: "actor-critic",
        title: "One-step actor-critic",
        fields: &[CRITIC_LR, LEARNING_RATE, BATCH, POLICY, HIDDEN],
        default: r#"{"type":"actor-critic"}"#,
    },
    TypeForm {
        type_name: "gae",
        title: "Policy gradient with GAE(λ)",
        fields: &[LAMBDA, CRITIC_LAMBDA, CRITIC_LR, LEARNING_RATE, BATCH, POLICY, HIDDEN],
        default: r#"{"type":"gae","lambda":0.95}"#,
    },
    TypeForm {
        type_name: "trpo",
        title: "TRPO",
        fields: &[
            pos(
                "delta",
                "trust region δ",
                "the largest mean KL(π_old‖π_new) over visited states an update may make",
                1.0,
                0.005,
                Omitted::Is("0.01"),
            ),
            int(
                "cg_iters",
                "CG iterations",
                "conjugate-gradient iterations solving F·x = g",
                1,
                PG_MAX_CG_ITERS as u64,
                Omitted::Is("10"),
            ),
            pos(
                "backtrack",
                "backtrack factor",
                "a step that breaks the KL bound or does not improve is shrunk by this factor (up to 10 times)",
                0.99,
                0.05,
                Omitted::Is("0.8"),
            ),
            LAMBDA,
            CRITIC_LAMBDA,
            CRITIC_LR,
            BATCH,
            POLICY_TABLE,
        ],
        default: r#"{"type":"trpo","delta":0.01}"#,
    },
    TypeForm {
        type_name: "ppo",
        title: "PPO (clipped)",
        fields: &[
            CLIP,
            EPOCHS,
            MINIBATCHES,
            LAMBDA,
            CRITIC_LAMBDA,
            VALUE_COEF,
            ENTROPY_COEF,
            LEARNING_RATE_PPO,
            BATCH,
            POLICY,
            HIDDEN,
        ],
        default: r#"{"type":"ppo","clip":0.2}"#,
    },
    TypeForm {
        type_name: "ppo-kl",
        title: "PPO (adaptive KL penalty)",
        fields: &[
            pos(
                "target_kl",
                "target KL d_targ",
                "β is halved when an update's KL is below d_targ/1.5 and doubled above 1.5·d_targ",
                1.0,
                0.005,
                Omitted::Is("0.01"),
            ),
            num(
                "beta",
                "initial β",
                "the KL penalty's coefficient at the start",
                0.0,
                1000.0,
                0.1,
                Omitted::Is("1.0"),
            ),
            EPOCHS,
            MINIBATCHES,
            LAMBDA,
            CRITIC_LAMBDA,
            VALUE_COEF,
            ENTROPY_COEF,
            LEARNING_RATE_PPO,
            BATCH,
            POLICY,
            HIDDEN,
        ],
        default: r#"{"type":"ppo-kl","target_kl":0.01}"#,
    },
    TypeForm {
        type_name: "spo",
        title: "SPO (Simple Policy Optimization)",
        fields: &[
            Field {
                help: "the ratio's optimum per sample is 1 + ε·sign(Â): the penalty pulls it back into [1 − ε, 1 + ε]",
                ..CLIP
            },
            EPOCHS,
            MINIBATCHES,
            LAMBDA,
            CRITIC_LAMBDA,
            VALUE_COEF,
            ENTROPY_COEF,
            LEARNING_RATE_PPO,
            BATCH,
            POLICY,
            HIDDEN,
        ],
        default: r#"{"type":"spo","clip":0.2}"#,
    },
    TypeForm {
        type_name: "grpo",
        title: "GRPO (group-relative, no critic)",
        fields: &[
            int(
                "group",
                "group size G",
                "episodes sharing a start state; each is judged against its group's mean and spread",
                2,
                PG_MAX_GROUP as u64,
                Omitted::Is("8"),
            )
            .with_rule("divides batch"),
            CLIP,
            num(
                "kl_beta",
                "KL β",
                "weight of the k3 estimate of KL(π‖π_ref) toward the initial policy",
                0.0,
                10.0,
                0.01,
                Omitted::Is("0.04"),
            ),
            EPOCHS,
            Field {
                name: "supervision",
                label: "supervision",
                help: "outcome: each episode's return, standardised in its group, for all its \
                       steps; process: every step's reward standardised over the group's steps, \
                       each step's advantage the sum of those from it on (in twenty questions \
                       the step rewards are each question's information gain and the outcome: \
                       IGPO)",
                kind: FieldKind::Choice {
                    options: &["outcome", "process"],
                },
                omitted: Omitted::Is("\"outcome\""),
                rule: None,
            },
            LEARNING_RATE,
            BATCH_GRPO,
            POLICY,
            HIDDEN,
        ],
        default: r#"{"type":"grpo","group":8,"batch":32}"#,
    },
    TypeForm {
        type_name: "mc-evaluation",
        title: "Monte Carlo evaluation (truncated trajectories)",
        fields: &[
            int(
                "budget",
                "transitions per iteration",
                "transitions spent on each iteration's trajectories",
                1,
                PG_MAX_BUDGET as u64,
                Omitted::Is("1000"),
            )
            .with_rule("runs × iterations × budget ≤ 100,000,000"),
            Field {
                name: "truncate",
                label: "cut trajectories after",
                help: "steps after which a trajectory is cut (more, shorter trajectories for the same budget)",
                kind: FieldKind::Integer {
                    min: 1,
                    max: crate::scenario::MAX_EPISODE_CAP as u64,
                },
                omitted: Omitted::Means("the map's episode cap"),
                rule: None,
            },
        ],
        default: r#"{"type":"mc-evaluation","budget":1000}"#,
    },
];

/// The form of a learner type, by its name in files.
pub fn learner_form(type_name: &str) -> Option<&'static TypeForm> {
    LEARNER_FORMS.iter().find(|f| f.type_name == type_name)
}
