//! "Watch a transformer learn": a healthy run, one that diverges, and the fix.

use super::Preset;

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "transformer",
        name: "tiny-transformer",
        title: "A tiny transformer learns a language",
        summary: "2 layers, 4 heads, width 64, trained with Adam on text from a 16-token Markov chain.",
        notice: "The loss starts near ln 16 ≈ 2.77 nats (a uniform guess) and falls toward the \
                 dashed floor, the chain's entropy rate: the best any predictor can do. It never \
                 goes below it. Watch the model's samples start to look like the chain's, and the \
                 attention map settle on the previous token: that is all a Markov chain needs.",
        papers: &[],
        background: &[],
        view: "metric=loss",
        toml: include_str!("../../presets/tiny-transformer.toml"),
    },
    Preset {
        kind: "transformer",
        name: "transformer-exploding",
        title: "Learning rate too high, no clipping",
        summary: "SGD with momentum at learning rate 1.0 and no gradient clipping.",
        notice: "After a few steps the loss shoots up by orders of magnitude and the model's \
                 samples turn to noise: each update overshoots and the next gradient is larger \
                 still. Some 250 steps in, the loss is no longer a finite number; training stops \
                 and says why. Compare the clipped preset.",
        papers: &[],
        background: &[],
        view: "metric=loss",
        toml: include_str!("../../presets/transformer-exploding.toml"),
    },
    Preset {
        kind: "transformer",
        name: "transformer-clipped",
        title: "The same learning rate, gradients clipped",
        summary: "SGD with momentum at learning rate 1.0, global gradient norm clipped to 1.",
        notice: "Clipping caps the length of each update, so the same learning rate no longer \
                 blows up. The loss is noisy but heads for the floor.",
        papers: &[],
        background: &[],
        view: "metric=loss",
        toml: include_str!("../../presets/transformer-clipped.toml"),
    },
];
