//! The demos, and the gallery's list of them.

pub mod bandit;
pub mod transformer;

/// A gallery entry.
#[derive(Clone, Copy, Debug)]
pub struct DemoInfo {
    pub title: &'static str,
    pub path: &'static str,
    pub blurb: &'static str,
    /// What a visitor will see, in a few words each.
    pub highlights: &'static [&'static str],
}

pub const DEMOS: &[DemoInfo] = &[
    DemoInfo {
        title: "Bandit Arena",
        path: "/bandits",
        blurb: "Up to eight bandit algorithms compete live on the same arms: ε-greedy, UCB, \
            KL-UCB, Thompson sampling, gradient bandits and EXP3, averaged over thousands of \
            runs, checked against regret bounds and exact posteriors.",
        highlights: &[
            "Sutton & Barto's chapter 2, reproduced",
            "regret on a log-t axis against the Lai–Robbins bound",
            "Thompson sampling's posteriors, animated",
            "an adversary that beats UCB",
        ],
    },
    DemoInfo {
        title: "Watch a transformer learn",
        path: "/transformer",
        blurb: "A tiny transformer trains live on text from a known Markov chain, on your GPU \
                through WebGPU or on the CPU, and its loss falls toward the exact floor: the \
                chain's entropy rate.",
        highlights: &[
            "loss against the entropy-rate floor",
            "samples from the model beside the true chain",
            "the attention pattern of one head",
            "switch between WebGPU and CPU mid-run",
        ],
    },
];
