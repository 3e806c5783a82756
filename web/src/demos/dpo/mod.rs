//! The DPO Lab: the DPO family on a handful of responses, where every optimum is known
//! exactly. The maths is `playground_pref`; this module adds the lab's own panel: one
//! learner's policy beside π_ref and π*. (Issue 7 grows it: more learners, several
//! prompts, dragging the bars.)

mod explain;
mod panels;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_pref::DpoExperiment;
use playground_pref::experiment::{GOLD_REWARD, KL, LOSS};
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
    lede: "Learning from preferences with nothing hidden: one prompt, a handful of responses, \
           a reference policy and a gold reward. DPO and its cousins learn from pairs labelled \
           by that reward, and on this toy the policy each one should reach is known exactly.",
    blurb: "DPO, IPO, cDPO and robust DPO on a handful of responses, with TRL's training \
            metrics and the exact optimum π_ref·e^(r*/β)/Z beside every curve.",
    highlights: &[
        "DPO reaches π_ref·e^(r*/β)/Z exactly",
        "IPO's margins stop where DPO's keep climbing",
        "TRL's log names: rewards/margins, logps/chosen, …",
    ],
    default_preset: "dpo-vs-ipo",
    panels: &[("policy", "policy bars")],
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
}

#[derive(Debug)]
pub struct DpoLab;

impl Lab for DpoLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = DpoExperiment;

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
                     the population of Bradley–Terry pairs has exactly this minimiser."
                .into(),
        }]
    }
}
