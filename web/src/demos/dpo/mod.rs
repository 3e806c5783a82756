//! The DPO Lab: the DPO family on a handful of responses, where every optimum is known
//! exactly. The maths is `playground_pref`; this module adds the lab's own panels: one
//! learner's policy beside π_ref and π*, and every learner's path under the reward–KL
//! frontier.

mod drag_bars;
mod explain;
mod panels;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::BarFigure;
use playground_pref::DpoExperiment;
use playground_pref::experiment::{FLIPPED_WEIGHT, GOLD_REWARD, KL, LOSS, RANKING_ACCURACY};
use playground_pref::metrics::{
    LOGPS_CHOSEN, LOGPS_REJECTED, REWARDS_ACCURACIES, REWARDS_CHOSEN, REWARDS_MARGINS,
    REWARDS_REJECTED,
};

use crate::components::verify::Reference;
use crate::runner::Live;
use crate::shell::{Demo, Lab, Shell, ViewOption};

pub const DEMO: Demo = Demo {
    kind: "dpo",
    path: "/dpo",
    title: "DPO Lab",
    nav: "DPO",
    lede: "Learning from preferences with nothing hidden: a prompt or a few, a handful of \
           responses, a reference policy and a gold reward. DPO and seventeen cousins learn \
           from pairs labelled by that reward, and on this toy the policy each one should \
           reach is known exactly.",
    blurb: "DPO, IPO, KTO, SimPO, EXO, RLHF and more on a handful of responses, with TRL's \
            training metrics, the exact optimum π_ref·e^(r*/β)/Z, and each learner's path \
            under the reward–KL frontier.",
    highlights: &[
        "DPO reaches π_ref·e^(r*/β)/Z exactly",
        "chosen likelihoods that fall, rankings that do not move",
        "TRL's log names: rewards/margins, logps/chosen, …",
    ],
    default_preset: "dpo-vs-ipo",
    panels: &[("policy", "policy bars"), ("frontier", "reward–KL paths")],
    file_stem: "dpo",
    view_options: &[
        ViewOption::Choice {
            key: "metric",
            label: "Curve",
            options: &[
                (REWARDS_MARGINS, "rewards/margins"),
                (REWARDS_CHOSEN, "rewards/chosen"),
                (REWARDS_REJECTED, "rewards/rejected"),
                (REWARDS_ACCURACIES, "rewards/accuracies"),
                (LOGPS_CHOSEN, "logps/chosen"),
                (LOGPS_REJECTED, "logps/rejected"),
                (LOSS, "loss"),
                (KL, "KL(π ‖ π_ref)"),
                (GOLD_REWARD, "gold reward E_π r*"),
                (RANKING_ACCURACY, "ranking accuracy"),
                (FLIPPED_WEIGHT, "weight on mislabelled pairs"),
            ],
        },
        ViewOption::Toggle {
            key: "logx",
            label: "log x axis",
        },
    ],
};

impl Live for DpoExperiment {
    fn experiment(&self) -> &dyn playground_core::Experiment {
        self
    }
    fn experiment_mut(&mut self) -> &mut dyn playground_core::Experiment {
        self
    }
    /// The finite-difference check evaluates every learner's loss twice per parameter
    /// over all the data: once a second it would stall a large scenario, so it waits for a
    /// pause.
    fn checks_while_running(&self) -> bool {
        false
    }
}

#[derive(Debug)]
pub struct DpoLab;

impl Lab for DpoLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = DpoExperiment;
    type Command = ();
    type Reply = ();
    /// The chosen learner's policy for the chosen prompt.
    type View = Option<BarFigure>;

    fn view(
        exp: &DpoExperiment,
        scenario: &Scenario,
        settings: &[(String, String)],
    ) -> Option<BarFigure> {
        panels::policy_figure(exp, scenario, settings)
    }

    fn build(scenario: &Scenario) -> Result<DpoExperiment, String> {
        match scenario {
            Scenario::Dpo(d) => DpoExperiment::new(d),
            other => Err(format!("a {} scenario is not a DPO scenario", other.kind())),
        }
    }

    fn caption(_shell: Shell<Self>) -> AnyView {
        view! {
            <p class="caption muted">
                "Each learner's training metrics under the names Hugging Face TRL logs them: \
                 the implicit reward of a response is β(ln π − ln π_ref)."
            </p>
        }
        .into_any()
    }

    fn panels(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        view! {
            <Show when=move || !ui.hides("policy")>{panels::policy(shell)}</Show>
            <Show when=move || !ui.hides("frontier")>{panels::frontier(shell)}</Show>
        }
        .into_any()
    }

    fn explanation(shell: Shell<Self>) -> AnyView {
        explain::explanation(shell).into_any()
    }

    fn references(_exp: &DpoExperiment) -> Vec<Reference> {
        vec![Reference {
            name: "KL-regularised optimum".into(),
            detail: "π*(y) = π_ref(y)·e^(r*(y)/β)/Z maximises E_π r* − β KL(π ‖ π_ref); DPO on \
                     the population of Bradley–Terry pairs, GVPO, f-DPG and RLHF with an exact \
                     reward model have exactly this optimum."
                .into(),
        }]
    }
}
