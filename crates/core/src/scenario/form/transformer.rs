//! "Watch a transformer learn": the model, the text it reads and how it trains.

use super::{Field, FieldKind, KindForm, Omitted, SEED, Section, VERSION, int, num, pos};
use crate::scenario::lm::{
    LM_MAX_BATCH, LM_MAX_CONTEXT, LM_MAX_HEADS, LM_MAX_LAYERS, LM_MAX_STEPS, LM_MAX_VOCAB,
    LM_MAX_WIDTH,
};

const BACKEND: Field = Field {
    name: "backend",
    label: "compute on",
    help: "auto: a hardware GPU through WebGPU when there is one, else the CPU; cpu or gpu to insist",
    kind: FieldKind::Choice {
        options: &["auto", "cpu", "gpu"],
    },
    omitted: Omitted::Is("\"auto\""),
    rule: None,
};

const OPTIMIZER: Field = Field {
    name: "optimizer",
    label: "optimiser",
    help: "sgd (with momentum 0.9), adam, or adamw (decoupled weight decay)",
    kind: FieldKind::Choice {
        options: &["sgd", "adam", "adamw"],
    },
    omitted: Omitted::Is("\"adam\""),
    rule: None,
};

pub const KIND: KindForm = KindForm {
    kind: "transformer",
    title: "Watch a transformer learn",
    help: "A tiny causal transformer trains on text from a known Markov chain; its loss falls \
           toward the chain's entropy rate, the exact floor.",
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
                    "training steps, one batch each",
                    1,
                    LM_MAX_STEPS as u64,
                    Omitted::Is("600"),
                ),
                BACKEND,
            ],
        },
        Section::Fields {
            path: "model",
            title: "Model",
            fields: &[
                int(
                    "vocab",
                    "vocabulary",
                    "distinct tokens; also the Markov chain's states",
                    2,
                    LM_MAX_VOCAB as u64,
                    Omitted::Is("16"),
                )
                .with_rule("at least corpus.branching"),
                int(
                    "context",
                    "context",
                    "tokens the model reads at once",
                    1,
                    LM_MAX_CONTEXT as u64,
                    Omitted::Is("16"),
                ),
                int(
                    "width",
                    "width",
                    "width of the residual stream",
                    1,
                    LM_MAX_WIDTH as u64,
                    Omitted::Is("64"),
                )
                .with_rule("a multiple of model.heads"),
                int(
                    "heads",
                    "heads",
                    "attention heads per layer",
                    1,
                    LM_MAX_HEADS as u64,
                    Omitted::Is("4"),
                ),
                int(
                    "layers",
                    "layers",
                    "transformer blocks",
                    1,
                    LM_MAX_LAYERS as u64,
                    Omitted::Is("2"),
                ),
            ],
        },
        Section::Fields {
            path: "corpus",
            title: "Text",
            fields: &[
                int(
                    "branching",
                    "likely successors",
                    "how many likely next tokens each token has",
                    1,
                    LM_MAX_VOCAB as u64,
                    Omitted::Is("3"),
                )
                .with_rule("at most model.vocab"),
                num(
                    "smoothing",
                    "smoothing",
                    "probability spread evenly over all tokens (makes every transition possible)",
                    0.0,
                    1.0,
                    0.01,
                    Omitted::Is("0.05"),
                ),
                int(
                    "chain_seed",
                    "language seed",
                    "seeds the transition matrix, apart from `seed`, so reseeding a run keeps the language",
                    0,
                    crate::scenario::MAX_SEED,
                    Omitted::Is("1"),
                ),
            ],
        },
        Section::Fields {
            path: "train",
            title: "Training",
            fields: &[
                int(
                    "batch",
                    "batch",
                    "sequences per step",
                    1,
                    LM_MAX_BATCH as u64,
                    Omitted::Is("32"),
                )
                .with_rule("batch × model.context ≤ 16384"),
                pos(
                    "lr",
                    "learning rate",
                    "the optimiser's step size",
                    1.0,
                    1e-4,
                    Omitted::Is("0.003"),
                ),
                OPTIMIZER,
                num(
                    "weight_decay",
                    "weight decay",
                    "L2 penalty (sgd, adam) or decoupled decay (adamw)",
                    0.0,
                    1.0,
                    1e-4,
                    Omitted::Is("0.0"),
                ),
                num(
                    "clip",
                    "clip",
                    "largest global gradient norm; 0 turns clipping off",
                    0.0,
                    1000.0,
                    0.1,
                    Omitted::Is("1.0"),
                ),
            ],
        },
    ],
    example: "kind = \"transformer\"\nseed = 1\nsteps = 5\n",
};
