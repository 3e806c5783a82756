//! The rewards-from-preferences presets (`kind = "reward-learning"`, the Rewards from
//! Preferences lab). The numbers in the notices are those the runs produce (tested in
//! `crates/pref/tests/reward_learning.rs`).

use super::Preset;

const CHRISTIANO: &str = "Deep reinforcement learning from human preferences";
const KNOX_MODELS: &str = "Models of human preference for learning reward functions";
const KNOX_ADVANTAGE: &str =
    "Learning Optimal Advantage from Preferences and Mistaking it for Reward";
const PCRM: &str =
    "Prior Constraints-based Reward Model Training for Aligning Large Language Models";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "reward-learning",
        name: "rlhp-disagreement-queries",
        title: "Ask where the models disagree: a reward from 120 labels",
        summary: "A 6×6 room with treasure and lava. A labeller compares the returns of pairs of \
                  4-step segments (10% of answers at random); two ensembles of three \
                  Bradley–Terry reward models learn from its labels, one asking about random \
                  pairs, one about the pair its members disagree on most.",
        notice: "Watch the true return of the policy each learned reward implies. Asking where the \
                 ensemble disagrees reaches the optimal return (3.32) in every run after 120 \
                 labels; asking at random is at 1.56 there and at 2.44 after 200. Random pairs are \
                 often two dull walks across the floor, which the labeller calls \"equal\"; the \
                 disagreement learner asks about pairs that touch the treasure or the lava.",
        papers: &[CHRISTIANO],
        background: &[],
        view: "",
        toml: include_str!("../../presets/rlhp-disagreement-queries.toml"),
    },
    Preset {
        kind: "reward-learning",
        name: "regret-labels-learn-advantage",
        title: "Labels from regret, fitted as partial return: the model learns A*, not r",
        summary: "The labeller prefers the segment whose moves lose less value (higher Σ A*), but \
                  the reward models assume it compared partial returns. One learns a reward per \
                  cell and move, one a reward per cell.",
        notice: "The per-move model's learned reward correlates 0.94 with the optimal advantage A* \
                 but only 0.41 with the true reward: it learned A* and called it reward. Acting \
                 greedily on it is still optimal (true return 3.71 from 160 labels on), because A* \
                 is 0 on optimal moves and negative elsewhere. The per-cell model cannot express \
                 A* and stays worse.",
        papers: &[KNOX_MODELS, KNOX_ADVANTAGE],
        background: &[],
        view: "",
        toml: include_str!("../../presets/regret-labels-learn-advantage.toml"),
    },
    Preset {
        kind: "reward-learning",
        name: "bt-reward-scale-separable",
        title: "Separable labels: the unpenalised reward's scale runs away",
        summary: "Every label is decided by the sign of the return difference, so the labels are \
                  separable; one reward model has no penalty, one an L2 penalty.",
        notice: "Switch the figure to the reward scale. Without a penalty the Bradley–Terry \
                 likelihood keeps rising as the reward grows, and the scale (max − min of r̂) \
                 ends near 245; with λ = 1 it stays near 3. Both imply the same optimal policy: \
                 the runaway scale says nothing about the world, only about the loss.",
        papers: &[PCRM],
        background: &[],
        view: "metric=reward_scale",
        toml: include_str!("../../presets/bt-reward-scale-separable.toml"),
    },
    Preset {
        kind: "reward-learning",
        name: "reward-model-mlp-vs-table",
        title: "A reward model that sees what cells look like needs fewer labels",
        summary: "The same labels fitted two ways: a table with one reward per cell, and a small \
                  MLP (16 ReLU units, on playground-nn) from a cell's letter to its reward.",
        notice: "After 10 labels the MLP's reward correlates 0.96 with the truth and its policy \
                 is optimal in 91% of cells; the table's correlates 0.35 (46% optimal), because \
                 each cell learns only from segments that passed it. The MLP's scale keeps \
                 growing on the treasure afterwards, so its return wobbles below the optimum: \
                 generalising is not the same as being right.",
        papers: &[CHRISTIANO],
        background: &[],
        view: "metric=reward_correlation",
        toml: include_str!("../../presets/reward-model-mlp-vs-table.toml"),
    },
];
