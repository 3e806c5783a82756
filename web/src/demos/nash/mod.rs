//! Intransitive preferences: a few responses whose preferences may run in a cycle, and
//! learners that look for the Minimax Winner, drawn on the probability simplex. The maths
//! is `playground_pref::nash`; this module adds one panel: a learner's policy now beside
//! the Minimax Winner and π_ref.

mod explain;
mod panels;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::BarFigure;
use playground_pref::nash::NashExperiment;
use playground_pref::nash::experiment::{
    AVERAGE_DUALITY_GAP, DISTANCE_TO_MINIMAX, DUALITY_GAP, KL, WIN_RATE_VS_MINIMAX,
};

use crate::components::verify::Reference;
use crate::runner::Live;
use crate::shell::{Demo, Lab, Shell, ViewOption};

pub const DEMO: Demo = Demo {
    kind: "nash",
    path: "/nash",
    title: "Intransitive preferences",
    nav: "Nash",
    lede: "When A beats B, B beats C and C beats A, no reward ranks them. Three to five \
           responses, a preference matrix that may run in a cycle, and learners that look for \
           the Minimax Winner: the policy no other policy beats more often than not.",
    blurb: "Rock, paper, scissors for alignment: RLHF's Bradley–Terry fit, self-play, \
            multiplicative weights, extragradient and Nash-MD on the simplex, with the Minimax \
            Winner from linear programming.",
    highlights: &[
        "a Bradley–Terry reward cannot express a cycle",
        "multiplicative weights circles; extragradient converges",
        "the duality gap, exactly",
    ],
    default_preset: "nash-unequal-cycle",
    panels: &[("policy", "policy bars")],
    file_stem: "nash",
    view_options: &[
        ViewOption::Choice {
            key: "metric",
            label: "Figure",
            options: &[
                ("simplex", "simplex"),
                (DUALITY_GAP, "duality gap"),
                (AVERAGE_DUALITY_GAP, "average's gap"),
                (DISTANCE_TO_MINIMAX, "distance to the winner"),
                (WIN_RATE_VS_MINIMAX, "win rate vs the winner"),
                (KL, "KL(π ‖ π_ref)"),
            ],
        },
        ViewOption::Toggle {
            key: "logx",
            label: "log x axis",
        },
    ],
};

impl Live for NashExperiment {
    fn experiment(&self) -> &dyn playground_core::Experiment {
        self
    }
    fn experiment_mut(&mut self) -> &mut dyn playground_core::Experiment {
        self
    }
}

#[derive(Debug)]
pub struct NashLab;

impl Lab for NashLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = NashExperiment;
    type Command = ();
    type Reply = ();
    /// The chosen learner's policy beside π_ref and the Minimax Winner.
    type View = Option<BarFigure>;

    fn view(
        exp: &NashExperiment,
        scenario: &Scenario,
        settings: &[(String, String)],
    ) -> Option<BarFigure> {
        panels::policy_figure(exp, scenario, settings)
    }

    fn build(scenario: &Scenario) -> Result<NashExperiment, String> {
        match scenario {
            Scenario::Nash(n) => NashExperiment::new(n),
            other => Err(format!(
                "a {} scenario is not a preference-matrix scenario",
                other.kind()
            )),
        }
    }

    fn caption(_shell: Shell<Self>) -> AnyView {
        view! {
            <p class="caption muted">
                "Each point is a policy over the responses: a corner puts all its probability on \
                 one response, the centre spreads it evenly. Solid paths are the learners' policies \
                 step by step, dashed ones the averages of what they played; the cross is the \
                 Minimax Winner."
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

    fn references(exp: &NashExperiment) -> Vec<Reference> {
        let winner: Vec<String> = exp
            .minimax_winner()
            .iter()
            .map(|p| format!("{p:.3}"))
            .collect();
        vec![Reference {
            name: "Minimax Winner".into(),
            detail: format!(
                "({}): the policy p maximising min_q pᵀPq, solved by linear programming; no \
                 response beats it more than half the time",
                winner.join(", ")
            ),
        }]
    }
}
