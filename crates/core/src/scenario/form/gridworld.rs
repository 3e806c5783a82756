//! The Gridworld Lab's form: a map with its rules, and up to eight learners.

use super::{
    Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, TypeForm, VERSION, int, num, pos,
};
use crate::scenario::gridworld::{
    MAX_EPISODE_CAP, MAX_EPISODES, MAX_GRID_RUNS, MAX_GRID_SIDE, MAX_LEARNERS, MAX_N, MIN_TOLERANCE,
};

pub const KIND: KindForm = KindForm {
    kind: "gridworld",
    title: "Gridworld Lab",
    help: "A gridworld drawn as a map. Planners (policy evaluation, value and policy \
           iteration) read its model; learners (Q-learning, SARSA, Monte Carlo, PSRL, …) \
           play `episodes` episodes in each of `runs` runs. Values, greedy policies and \
           returns are checked against exact solutions.",
    sections: &[
        Section::Fields {
            path: "",
            title: "Run",
            fields: &[
                VERSION,
                SEED,
                int(
                    "episodes",
                    "episodes",
                    "episodes per run for learners that learn from experience \
                     (runs × episodes × env.episode_cap ≤ 50,000,000)",
                    1,
                    MAX_EPISODES as u64,
                    Omitted::Is("500"),
                ),
                int(
                    "runs",
                    "runs",
                    "independent runs averaged in every curve",
                    1,
                    MAX_GRID_RUNS as u64,
                    Omitted::Is("10"),
                ),
            ],
        },
        Section::Fields {
            path: "env",
            title: "Map",
            fields: ENV_FIELDS,
        },
        Section::ListOf {
            path: "learners",
            title: "Learners",
            types: LEARNER_FORMS,
            common: &[LABEL],
            max: MAX_LEARNERS,
        },
    ],
    example: "kind = \"gridworld\"\nseed = 1\n[env]\nmap = \"\"\"\nS...\n.#..\n...G\n\"\"\"\n\
              gamma = 0.9\nstep_reward = -1.0\n[[learners]]\ntype = \"value-iteration\"\n\
              [[learners]]\ntype = \"q-learning\"\n",
};

const REWARD_RANGE: (f64, f64) = (-1000.0, 1000.0);

/// The map's fields, shared with every kind that runs on a gridworld map.
pub const ENV_FIELDS: &[Field] = &[
    Field {
        name: "map",
        label: "map",
        help: "rows of cells, top row first: '.' floor, '#' wall, 'S' start, 'G' goal (ends the \
               episode, pays 1 unless cells.G says otherwise); any other letter is a cell \
               described under cells, or the target of a teleport; at most 32 × 32",
        kind: FieldKind::Map,
        omitted: Omitted::Required,
        rule: None,
    },
    num(
        "gamma",
        "discount γ",
        "discount factor of future rewards",
        0.0,
        1.0,
        0.01,
        Omitted::Is("0.95"),
    )
    .with_rule(
        "below 1 on a map without terminal cells; 1 needs a terminal cell reachable from \
         every cell and, for learners that optimise, a negative reward on every move that \
         does not end the episode",
    ),
    num(
        "step_reward",
        "step reward",
        "reward of a move that no cell, edge or teleport pays for",
        REWARD_RANGE.0,
        REWARD_RANGE.1,
        0.1,
        Omitted::Is("0.0"),
    ),
    Field {
        name: "edge_reward",
        label: "edge reward",
        help: "reward of a move into the edge or a wall (the agent stays put)",
        kind: FieldKind::Number {
            min: REWARD_RANGE.0,
            max: REWARD_RANGE.1,
            exclusive_min: false,
            step: 0.1,
        },
        omitted: Omitted::Means("the step reward"),
        rule: None,
    },
    num(
        "slip",
        "slip",
        "probability that a move goes to one of the two perpendicular directions instead \
         (half each), unless dynamics says otherwise for that direction",
        0.0,
        1.0,
        0.05,
        Omitted::Is("0.0"),
    ),
    Field {
        name: "wind",
        label: "wind",
        help: "per column, how many cells the wind pushes the agent up (negative: down) after \
               a move from that column; it stops at the edge and at walls",
        kind: FieldKind::List {
            min: -(MAX_GRID_SIDE as f64),
            max: MAX_GRID_SIDE as f64,
            exclusive_min: false,
        },
        omitted: Omitted::Means("no wind"),
        rule: Some("whole numbers, one per map column"),
    },
    Field {
        name: "moves",
        label: "moves",
        help: "the actions, in the order they are numbered (two for a chain)",
        kind: FieldKind::Subset {
            options: &["left", "up", "right", "down"],
        },
        omitted: Omitted::Is(r#"["left","up","right","down"]"#),
        rule: None,
    },
    int(
        "episode_cap",
        "episode cap",
        "steps after which an episode is cut off (learners still bootstrap from where it \
         stopped); maps without a terminal cell need it",
        1,
        MAX_EPISODE_CAP as u64,
        Omitted::Is("200"),
    ),
    Field {
        name: "cells",
        label: "named cells",
        help: "what each letter of the map does",
        kind: FieldKind::Entries {
            key: "letter used in the map",
            fields: CELL_FIELDS,
        },
        omitted: Omitted::Means("no named cells"),
        rule: None,
    },
    Field {
        name: "dynamics",
        label: "dynamics",
        help: "where a move in each direction really goes, overriding slip (a river's current)",
        kind: FieldKind::Entries {
            key: "direction (left, up, right, down)",
            fields: MOVE_OUTCOME_FIELDS,
        },
        omitted: Omitted::Means("every direction follows slip"),
        rule: None,
    },
];

const fn flag(name: &'static str, label: &'static str, help: &'static str) -> Field {
    Field {
        name,
        label,
        help,
        kind: FieldKind::Bool,
        omitted: Omitted::Means("false"),
        rule: None,
    }
}

pub const CELL_FIELDS: &[Field] = &[
    Field {
        name: "reward",
        label: "reward",
        help: "paid on arriving here; in a teleport cell, paid by every action taken here",
        kind: FieldKind::Number {
            min: REWARD_RANGE.0,
            max: REWARD_RANGE.1,
            exclusive_min: false,
            step: 0.1,
        },
        omitted: Omitted::Means("1 for G; otherwise this cell pays no reward of its own"),
        rule: None,
    },
    Field {
        name: "reward_sd",
        label: "reward noise sd",
        help: "standard deviation of Gaussian noise added to this cell's reward",
        kind: FieldKind::Number {
            min: 0.0,
            max: 100.0,
            exclusive_min: false,
            step: 0.1,
        },
        omitted: Omitted::Means("no noise"),
        rule: Some("0 unless reward is given"),
    },
    Field {
        name: "teleport",
        label: "teleport to",
        help: "every action taken here moves the agent to the cell of this letter",
        kind: FieldKind::Text { max_chars: 1 },
        omitted: Omitted::Means("no teleport"),
        rule: Some("a letter that appears exactly once in the map"),
    },
    flag("terminal", "terminal", "arriving here ends the episode"),
    flag("start", "start", "episodes may start here"),
    flag(
        "to_start",
        "back to start",
        "arriving here sends the agent to a start cell within the same step (Cliff \
         Walking's cliff)",
    ),
    flag(
        "mirror",
        "mirror",
        "moves are mirrored here: left and right swap, as do up and down",
    ),
    Field {
        name: "edge_reward",
        label: "edge reward",
        help: "this cell's own reward for a move into the edge or a wall",
        kind: FieldKind::Number {
            min: REWARD_RANGE.0,
            max: REWARD_RANGE.1,
            exclusive_min: false,
            step: 0.1,
        },
        omitted: Omitted::Means("env.edge_reward"),
        rule: Some("left out on teleport, terminal and to_start cells"),
    },
];

const fn share(name: &'static str, label: &'static str, help: &'static str) -> Field {
    num(name, label, help, 0.0, 1.0, 0.05, Omitted::Is("0.0"))
        .with_rule("forward + sideways + back + stay = 1")
}

pub const MOVE_OUTCOME_FIELDS: &[Field] = &[
    share(
        "forward",
        "forward",
        "probability of going the intended way",
    ),
    share(
        "sideways",
        "sideways",
        "probability of going to one of the two perpendicular directions (half each)",
    ),
    share("back", "back", "probability of going the opposite way"),
    share("stay", "stay", "probability of not moving (and of no bump)"),
];

const fn alpha() -> Field {
    pos(
        "alpha",
        "step size α",
        "how far each update moves Q toward its target",
        1.0,
        0.01,
        Omitted::Is("0.1"),
    )
}

/// The exploration settings every learner from experience has, after its step size.
const EPSILON: Field = num(
    "epsilon",
    "ε",
    "probability of a uniformly random action (ε-greedy)",
    0.0,
    1.0,
    0.01,
    Omitted::Is("0.1"),
);
const TEMPERATURE: Field = num(
    "temperature",
    "temperature τ",
    "above 0: Boltzmann (softmax) selection ∝ exp(Q/τ) instead of ε-greedy",
    0.0,
    1000.0,
    0.05,
    Omitted::Is("0.0"),
);
const INITIAL: Field = num(
    "initial",
    "initial Q₀",
    "every action value's starting point (high: optimistic)",
    -1e6,
    1e6,
    0.5,
    Omitted::Is("0.0"),
);
const BONUS: Field = num(
    "bonus",
    "count bonus β",
    "β/√N(s, a) added to each reward",
    0.0,
    1000.0,
    0.05,
    Omitted::Is("0.0"),
);
const SHIFT: Field = num(
    "reward_shift",
    "reward shift c",
    "a constant added to every reward (c < 0 acts like Q₀ raised by −c/(1 − γ))",
    -1000.0,
    1000.0,
    0.1,
    Omitted::Is("0.0"),
);
const INFO_GAIN: Field = num(
    "info_gain",
    "information gain weight",
    "weight of an intrinsic reward: the information gain of the Dirichlet belief about \
     where (s, a) leads (MaxInfoRL)",
    0.0,
    1000.0,
    0.05,
    Omitted::Is("0.0"),
);

/// SOFE's episodic form, for the one-step TD learners.
const NOVELTY: Field = Field {
    name: "novelty",
    label: "novelty bonus β",
    help: "β added to the reward of the first visit to a cell within an episode (the \
           visited set starts as the start cell; the environment's return excludes it)",
    kind: FieldKind::Number {
        min: 0.0,
        max: 1000.0,
        exclusive_min: false,
        step: 0.1,
    },
    omitted: Omitted::Means("no novelty bonus"),
    rule: None,
};
const NOVELTY_STATE: Field = Field {
    name: "novelty_state",
    label: "visited set in the state",
    help: "index the table by (cell, set of cells visited this episode): what the novelty \
           bonus depends on, so the objective is stationary (SOFE); adds a coverage curve",
    kind: FieldKind::Bool,
    omitted: Omitted::Means("false"),
    rule: Some(
        "false on maps of more than 16 free cells, and unless runs × min(states × \
         2^(states − 1), episodes × (episode_cap + 1)) ≤ 1,000,000 table rows",
    ),
};

const TD_FIELDS: &[Field] = &[
    alpha(),
    EPSILON,
    TEMPERATURE,
    INITIAL,
    BONUS,
    SHIFT,
    INFO_GAIN,
    NOVELTY,
    NOVELTY_STATE,
];

const TOLERANCE: Field = num(
    "tolerance",
    "tolerance",
    "sweeping stops once no value changes by more than this",
    MIN_TOLERANCE,
    1.0,
    1e-10,
    Omitted::Is("1e-10"),
);

pub const LEARNER_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "policy-evaluation",
        title: "Policy evaluation",
        fields: &[
            Field {
                name: "policy",
                label: "policy",
                help: "rows of arrows (← ↑ → ↓, or < ^ > v) over the map, one in every cell \
                       where the agent acts; other cells hold any other character",
                kind: FieldKind::Map,
                omitted: Omitted::Means("the equiprobable random policy"),
                rule: None,
            },
            Field {
                name: "method",
                label: "method",
                help: "sweeps: one Bellman sweep per step; linear: one exact solve of \
                       (I − γP_π)v = r_π",
                kind: FieldKind::Choice {
                    options: &["sweeps", "linear"],
                },
                omitted: Omitted::Is("\"sweeps\""),
                rule: None,
            },
            Field {
                name: "in_place",
                label: "in place",
                help: "each sweep uses new values as soon as they are computed (Gauss–Seidel)",
                kind: FieldKind::Bool,
                omitted: Omitted::Is("false"),
                rule: Some("false with method = \"linear\""),
            },
            TOLERANCE,
        ],
        default: r#"{"type":"policy-evaluation"}"#,
    },
    TypeForm {
        type_name: "value-iteration",
        title: "Value iteration",
        fields: &[TOLERANCE],
        default: r#"{"type":"value-iteration"}"#,
    },
    TypeForm {
        type_name: "policy-iteration",
        title: "Policy iteration (exact evaluation)",
        fields: &[],
        default: r#"{"type":"policy-iteration"}"#,
    },
    TypeForm {
        type_name: "q-learning",
        title: "Q-learning",
        fields: TD_FIELDS,
        default: r#"{"type":"q-learning"}"#,
    },
    TypeForm {
        type_name: "sarsa",
        title: "SARSA",
        fields: TD_FIELDS,
        default: r#"{"type":"sarsa"}"#,
    },
    TypeForm {
        type_name: "expected-sarsa",
        title: "Expected SARSA",
        fields: TD_FIELDS,
        default: r#"{"type":"expected-sarsa"}"#,
    },
    TypeForm {
        type_name: "double-q-learning",
        title: "Double Q-learning",
        fields: TD_FIELDS,
        default: r#"{"type":"double-q-learning"}"#,
    },
    TypeForm {
        type_name: "n-step-sarsa",
        title: "n-step SARSA",
        fields: &[
            int(
                "n",
                "n",
                "rewards summed before bootstrapping",
                1,
                MAX_N as u64,
                Omitted::Is("4"),
            ),
            alpha(),
            EPSILON,
            TEMPERATURE,
            INITIAL,
            BONUS,
            SHIFT,
            INFO_GAIN,
        ],
        default: r#"{"type":"n-step-sarsa","n":4}"#,
    },
    TypeForm {
        type_name: "monte-carlo",
        title: "Monte Carlo control (first visit)",
        fields: &[
            Field {
                name: "alpha",
                label: "step size α",
                help: "a constant step size toward each return; left out, sample averages",
                kind: FieldKind::Optional {
                    min: 0.0,
                    max: 1.0,
                    step: 0.01,
                    empty_means: "sample averages",
                },
                omitted: Omitted::Means("sample averages (step 1/N)"),
                rule: None,
            },
            EPSILON,
            TEMPERATURE,
            INITIAL,
            BONUS,
            SHIFT,
            INFO_GAIN,
        ],
        default: r#"{"type":"monte-carlo"}"#,
    },
    TypeForm {
        type_name: "mixed-backup",
        title: "Mixed backup (optimality → Bellman operator)",
        fields: &[
            num(
                "kappa_start",
                "κ at start",
                "weight of max Q(s′, ·) in the target in the first episode (1: Q-learning)",
                0.0,
                1.0,
                0.05,
                Omitted::Is("1.0"),
            ),
            num(
                "kappa_end",
                "κ at end",
                "weight of max Q(s′, ·) in the last episode (0: expected SARSA), linear in between",
                0.0,
                1.0,
                0.05,
                Omitted::Is("0.0"),
            ),
            alpha(),
            EPSILON,
            TEMPERATURE,
            INITIAL,
            BONUS,
            SHIFT,
            INFO_GAIN,
        ],
        default: r#"{"type":"mixed-backup","kappa_start":1.0,"kappa_end":0.0}"#,
    },
    TypeForm {
        type_name: "psrl",
        title: "Posterior sampling (PSRL; maps of at most 100 free cells)",
        fields: &[pos(
            "prior",
            "Dirichlet prior α₀",
            "prior pseudo-count of every next state, for every (s, a)",
            1000.0,
            0.1,
            Omitted::Is("1.0"),
        )],
        default: r#"{"type":"psrl"}"#,
    },
];
