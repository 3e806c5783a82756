//! Rewards from Preferences: a gridworld with a hidden reward, pairs of segments labelled
//! by an automatic labeller (the run) or by the visitor (the labeller panel), and the
//! Bradley–Terry reward each set of labels implies, beside the true one. The maths is
//! `playground_pref::reward_learning`; this module adds the maps and the visitor's
//! labelling.

mod explain;
mod labeller;
mod maps;
mod store;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::gridworld::MapData;
use playground_pref::reward_learning::RewardExperiment;
use playground_pref::reward_learning::experiment::{
    LOSS, OPTIMAL_ACTIONS, REWARD_CORRELATION, REWARD_SCALE, TRUE_RETURN,
};

use crate::runner::Live;
use crate::shell::{Demo, Lab, Shell, ViewOption};

pub const DEMO: Demo = Demo {
    kind: "reward-learning",
    path: "/reward-learning",
    title: "Rewards from Preferences",
    nav: "Rewards",
    lede: "You are the labeller. A gridworld hides its reward; you see two short walks and say \
           which is better. A Bradley–Terry reward model learns from your clicks, value \
           iteration turns it into a policy, and the true reward says how good that policy is. \
           Automatic labellers run the same experiment hands-free, asking at random or where \
           an ensemble of models disagrees.",
    blurb: "Label pairs of gridworld walks yourself, watch a Bradley–Terry reward model and its \
            policy learn from your clicks, and compare random with disagreement queries.",
    highlights: &[
        "label segments by clicking",
        "learned vs true reward maps",
        "disagreement vs random queries",
    ],
    default_preset: "rlhp-disagreement-queries",
    panels: &[("maps", "reward maps"), ("labeller", "your labels")],
    file_stem: "reward-learning",
    view_options: &[ViewOption::Choice {
        key: "metric",
        label: "Figure",
        options: &[
            (TRUE_RETURN, "true return"),
            (OPTIMAL_ACTIONS, "optimal moves"),
            (REWARD_CORRELATION, "correlation"),
            (REWARD_SCALE, "reward scale"),
            (LOSS, "loss"),
        ],
    }],
};

impl Live for RewardExperiment {
    fn experiment(&self) -> &dyn playground_core::Experiment {
        self
    }
    fn experiment_mut(&mut self) -> &mut dyn playground_core::Experiment {
        self
    }
    /// Verify refits every model with a dense solver: it waits for a pause.
    fn checks_while_running(&self) -> bool {
        false
    }
}

#[derive(Debug)]
pub struct RewardLab;

impl Lab for RewardLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = RewardExperiment;
    type Command = ();
    type Reply = ();
    /// The chosen learner's learned reward map.
    type View = Option<MapData>;

    fn view(
        exp: &RewardExperiment,
        scenario: &Scenario,
        settings: &[(String, String)],
    ) -> Option<MapData> {
        maps::chosen_learned_map(exp, scenario, settings)
    }

    fn build(scenario: &Scenario) -> Result<RewardExperiment, String> {
        match scenario {
            Scenario::RewardLearning(r) => RewardExperiment::new(r),
            other => Err(format!(
                "a {} scenario is not a reward-learning scenario",
                other.kind()
            )),
        }
    }

    fn caption(_shell: Shell<Self>) -> AnyView {
        view! {
            <p class="caption muted">
                "Each learner's reward model after each label, turned into a policy by value \
                 iteration and scored by the reward it never saw (mean over runs, 95% band); the \
                 dashed line is the optimal return."
            </p>
        }
        .into_any()
    }

    fn panels(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        let setting = labeller::setting(shell);
        view! {
            <Show when=move || !ui.hides("labeller")>{labeller::panel(setting)}</Show>
            <Show when=move || !ui.hides("maps")>{maps::panel(shell, setting)}</Show>
        }
        .into_any()
    }

    fn explanation(shell: Shell<Self>) -> AnyView {
        explain::explanation(shell).into_any()
    }
}
