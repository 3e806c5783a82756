//! The Tiny-LM Alignment Lab's form (`kind = "lm-alignment"`): the world (response length,
//! gold reward, preference pairs, π_ref) and up to six learners, offline and online.

use super::{
    Field, FieldKind, KindForm, LABEL, Omitted, SEED, Section, TypeForm, VERSION, int, num, pos,
};
use crate::scenario::{
    ALIGN_MAX_BATCH, ALIGN_MAX_BETA, ALIGN_MAX_BONUS, ALIGN_MAX_EPOCHS, ALIGN_MAX_GROUP,
    ALIGN_MAX_LEARNERS, ALIGN_MAX_LEARNING_RATE, ALIGN_MAX_LENGTH, ALIGN_MAX_PAIRS,
    ALIGN_MAX_PRETRAIN_STEPS, ALIGN_MAX_SHIFT, ALIGN_MAX_STEPS, ALIGN_MAX_WEIGHT, ALIGN_MIN_LENGTH,
    ALIGN_WORDS,
};

pub const KIND: KindForm = KindForm {
    kind: "lm-alignment",
    title: "Tiny-LM alignment",
    help: "A tiny causal transformer, pretrained on text from a known Markov chain over eight \
           words, writes responses of a few tokens after a fixed prompt. Learners align copies \
           of it to a gold reward (the words' sentiment, a format bonus, or a verifiable 0/1 \
           reward): offline DPO, IPO, SimPO and KTO on preference pairs sampled from π_ref, and \
           online DPO, RLOO, GRPO and PPO on fresh samples. Every response can be listed, so \
           KL(π‖π_ref) and the expected gold reward are exact, and so is the best any policy \
           can do at each KL (the frontier).",
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
                    "optimisation steps of every learner",
                    1,
                    ALIGN_MAX_STEPS as u64,
                    Omitted::Is("150"),
                ),
                Field {
                    name: "backend",
                    label: "backend",
                    help: "where the transformer runs: auto picks WebGPU on a hardware GPU, \
                           else the CPU",
                    kind: FieldKind::Choice {
                        options: &["auto", "cpu", "gpu"],
                    },
                    omitted: Omitted::Is("\"auto\""),
                    rule: None,
                },
            ],
        },
        Section::Fields {
            path: "world",
            title: "Responses, rewards and π_ref",
            fields: WORLD_FIELDS,
        },
        Section::ListOf {
            path: "learners",
            title: "Learners",
            types: LEARNER_FORMS,
            common: &[LABEL],
            max: ALIGN_MAX_LEARNERS,
        },
    ],
    example: "kind = \"lm-alignment\"\nseed = 1\nsteps = 20\n[world]\nlength = 3\npairs = 64\n[[learners]]\ntype = \"dpo\"\n",
};

const WORLD_FIELDS: &[Field] = &[
    int(
        "length",
        "response length",
        "tokens per response, after the prompt token: 8^length responses, all scored at \
         every step",
        ALIGN_MIN_LENGTH as u64,
        ALIGN_MAX_LENGTH as u64,
        Omitted::Is("4"),
    ),
    Field {
        name: "reward",
        label: "gold reward",
        help: "sentiment: the sum of the words' sentiments (+1 good, great; −1 bad, awful); \
               sentiment-format: plus format_bonus when the response ends with \".\"; \
               verifiable: 1 when target appears at an even position, else 0",
        kind: FieldKind::Choice {
            options: &["sentiment", "sentiment-format", "verifiable"],
        },
        omitted: Omitted::Is("\"sentiment\""),
        rule: None,
    },
    num(
        "format_bonus",
        "format bonus",
        "added to the sentiment when the response ends with \".\" (sentiment-format)",
        0.0,
        ALIGN_MAX_BONUS,
        0.5,
        Omitted::Is("2"),
    ),
    Field {
        name: "target",
        label: "target word",
        help: "the verifiable reward's word",
        kind: FieldKind::Choice {
            options: &ALIGN_WORDS,
        },
        omitted: Omitted::Is("\"great\""),
        rule: None,
    },
    int(
        "pairs",
        "preference pairs",
        "pairs of responses sampled from π_ref, the first preferred with probability \
         σ(r*₁ − r*₂): the offline learners' data and the proxy reward model's",
        1,
        ALIGN_MAX_PAIRS as u64,
        Omitted::Is("512"),
    ),
    Field {
        name: "reference",
        label: "π_ref",
        help: "pretrained: the weights shipped with the site; pretrain: trained live on the \
               chain's text first, its loss drawn against the entropy rate",
        kind: FieldKind::Choice {
            options: &["pretrained", "pretrain"],
        },
        omitted: Omitted::Is("\"pretrained\""),
        rule: None,
    },
    int(
        "pretrain_steps",
        "pretraining steps",
        "steps of live pretraining (reference = \"pretrain\")",
        1,
        ALIGN_MAX_PRETRAIN_STEPS as u64,
        Omitted::Is("600"),
    ),
];

const BETA: Field = pos(
    "beta",
    "β",
    "the strength of the pull back to π_ref (DPO's β; the KL coefficient of the RL learners)",
    ALIGN_MAX_BETA,
    0.05,
    Omitted::Is("0.5"),
);

const LEARNING_RATE: Field = pos(
    "learning_rate",
    "learning rate",
    "Adam's step size",
    ALIGN_MAX_LEARNING_RATE,
    0.001,
    Omitted::Is("0.003"),
);

const BATCH: Field = int(
    "batch",
    "batch",
    "pairs (offline learners, online DPO, XPO, P3O) or responses (RLOO, GRPO, PPO, APA) per \
     step",
    2,
    ALIGN_MAX_BATCH as u64,
    Omitted::Is("32"),
);

/// RLOO's and GRPO's batch is whole groups.
const GROUP_BATCH: Field = BATCH.with_rule("a multiple of group");

const REWARD: Field = Field {
    name: "reward",
    label: "reward",
    help: "what the learner optimises: the gold reward, or the proxy (a Bradley–Terry reward \
           model on word counts fitted to the pairs)",
    kind: FieldKind::Choice {
        options: &["gold", "proxy"],
    },
    omitted: Omitted::Is("\"gold\""),
    rule: None,
};

const GROUP: Field = int(
    "group",
    "group",
    "responses sampled together and compared with each other",
    2,
    ALIGN_MAX_GROUP as u64,
    Omitted::Is("4"),
)
.with_rule("divides batch");

const CLIP: Field = Field {
    name: "clip",
    label: "clip ε",
    help: "the ratio π/π_old is clipped to [1 − ε, 1 + ε]",
    kind: FieldKind::Number {
        min: 0.0,
        max: 1.0,
        exclusive_min: true,
        step: 0.05,
    },
    omitted: Omitted::Is("0.2"),
    rule: None,
};

const EPOCHS: Field = int(
    "epochs",
    "epochs",
    "passes over each batch of samples",
    1,
    ALIGN_MAX_EPOCHS as u64,
    Omitted::Is("2"),
);

const PAIR_FIELDS: &[Field] = &[BETA, LEARNING_RATE, BATCH];

const SHIFT: Field = num(
    "reward_shift",
    "reward shift c",
    "a constant added to every reward (the same for every response): which updates it changes",
    -ALIGN_MAX_SHIFT,
    ALIGN_MAX_SHIFT,
    0.5,
    Omitted::Is("0"),
);

const LAM: Field = num(
    "lam",
    "GAE λ",
    "0: one-step TD advantages; 1: Monte Carlo",
    0.0,
    1.0,
    0.05,
    Omitted::Is("0.95"),
);

const VF_COEF: Field = num(
    "vf_coef",
    "value coefficient",
    "the value head's squared error in the loss",
    0.0,
    ALIGN_MAX_WEIGHT,
    0.1,
    Omitted::Is("0.5"),
);

pub const LEARNER_FORMS: &[TypeForm] = &[
    TypeForm {
        type_name: "dpo",
        title: "DPO on the offline pairs: −ln σ(β h), h the implicit reward margin",
        fields: PAIR_FIELDS,
        default: r#"{"type":"dpo"}"#,
    },
    TypeForm {
        type_name: "ipo",
        title: "IPO (ΨPO, A General Theoretical Paradigm…): (h − 1/(2β))²",
        fields: PAIR_FIELDS,
        default: r#"{"type":"ipo"}"#,
    },
    TypeForm {
        type_name: "simpo",
        title: "SimPO: length-normalised log-probabilities and a margin γ, no reference",
        fields: &[
            pos(
                "beta",
                "β",
                "the scale of the length-normalised log-probabilities",
                ALIGN_MAX_BETA,
                0.1,
                Omitted::Is("2"),
            ),
            num(
                "simpo_gamma",
                "margin γ",
                "the target reward margin",
                0.0,
                10.0,
                0.1,
                Omitted::Is("0.5"),
            ),
            LEARNING_RATE,
            BATCH,
        ],
        default: r#"{"type":"simpo"}"#,
    },
    TypeForm {
        type_name: "kto",
        title: "KTO: chosen responses desirable, rejected ones undesirable, each on its own",
        fields: &[
            BETA,
            pos(
                "desirable_weight",
                "λ_D",
                "the weight of desirable responses",
                ALIGN_MAX_WEIGHT,
                0.1,
                Omitted::Is("1"),
            ),
            pos(
                "undesirable_weight",
                "λ_U",
                "the weight of undesirable responses",
                ALIGN_MAX_WEIGHT,
                0.1,
                Omitted::Is("1"),
            ),
            LEARNING_RATE,
            BATCH,
        ],
        default: r#"{"type":"kto"}"#,
    },
    TypeForm {
        type_name: "online-dpo",
        title: "Online DPO: fresh pairs from the current policy each step, labelled by the reward",
        fields: &[BETA, REWARD, LEARNING_RATE, BATCH],
        default: r#"{"type":"online-dpo"}"#,
    },
    TypeForm {
        type_name: "rloo",
        title: "RLOO: REINFORCE with a leave-one-out baseline on r − β ln(π/π_ref)",
        fields: &[BETA, REWARD, GROUP, LEARNING_RATE, GROUP_BATCH],
        default: r#"{"type":"rloo"}"#,
    },
    TypeForm {
        type_name: "grpo",
        title: "GRPO: group-normalised advantages, clipped ratios, the k3 KL estimator",
        fields: &[
            BETA,
            REWARD,
            GROUP,
            CLIP,
            EPOCHS,
            LEARNING_RATE,
            GROUP_BATCH,
        ],
        default: r#"{"type":"grpo"}"#,
    },
    TypeForm {
        type_name: "ppo",
        title: "PPO (RLHF): a value head, GAE and a per-token KL penalty",
        fields: &[
            BETA,
            REWARD,
            CLIP,
            EPOCHS,
            LAM,
            VF_COEF,
            SHIFT,
            LEARNING_RATE,
            BATCH,
        ],
        default: r#"{"type":"ppo"}"#,
    },
    TypeForm {
        type_name: "xpo",
        title: "XPO (Exploratory Preference Optimization): DPO on (policy, π_ref) pairs plus α·ln π on π_ref's side",
        fields: &[
            BETA,
            num(
                "alpha",
                "α",
                "the exploration bonus: α·ln π(ỹ) on responses ỹ from π_ref is minimised, \
                 pushing mass off π_ref's support",
                0.0,
                ALIGN_MAX_WEIGHT,
                0.005,
                Omitted::Is("0.01"),
            ),
            REWARD,
            LEARNING_RATE,
            BATCH,
        ],
        default: r#"{"type":"xpo"}"#,
    },
    TypeForm {
        type_name: "p3o",
        title: "P3O (Pairwise PPO): (s₁ − s₂)(∇ln π(y₁) − ∇ln π(y₂)) on pairs from the policy",
        fields: &[BETA, REWARD, SHIFT, LEARNING_RATE, BATCH],
        default: r#"{"type":"p3o"}"#,
    },
    TypeForm {
        type_name: "apa",
        title: "APA (Advantage-Induced Policy Alignment): (ln π − ln π_ref − Â/β)² per token",
        fields: &[BETA, REWARD, LAM, VF_COEF, LEARNING_RATE, BATCH],
        default: r#"{"type":"apa"}"#,
    },
];
