//! The Nash page's panel: one learner's policy now (and the average of what it played),
//! beside the Minimax Winner and π_ref.

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::{BarFigure, BarSeries, Figure, PALETTE};
use playground_pref::nash::NashExperiment;

use super::NashLab;
use crate::components::plot::Plot;
use crate::shell::{Shell, ViewOption, setting_index, view_control, view_drawing};

const LEARNER: ViewOption = ViewOption::Learner {
    key: "learner",
    label: "Learner",
};

/// The chosen learner's policy now and on average, beside π_ref and the Minimax Winner:
/// the lab's view, computed where the run is.
pub fn policy_figure(
    e: &NashExperiment,
    scenario: &Scenario,
    settings: &[(String, String)],
) -> Option<BarFigure> {
    let Scenario::Nash(n) = scenario else {
        return None;
    };
    let learner = setting_index(settings, "learner", n.learners.len());
    let label = n.labels().get(learner).cloned().unwrap_or_default();
    let bars = |label: String, color, values: Vec<f64>| BarSeries {
        label,
        color,
        values,
    };
    Some(BarFigure {
        title: format!("{label}: π over the responses"),
        x_label: "response".into(),
        y_label: "probability".into(),
        groups: (0..e.reference().len()).map(|k| format!("y{k}")).collect(),
        series: vec![
            bars("π_ref".into(), PALETTE[7], e.reference().to_vec()),
            bars(label.clone(), PALETTE[0], e.probs(learner)),
            bars(format!("{label} (average)"), PALETTE[1], e.average(learner)),
            bars(
                "Minimax Winner".into(),
                PALETTE[2],
                e.minimax_winner().to_vec(),
            ),
        ],
    })
}

pub fn policy(shell: Shell<NashLab>) -> impl IntoView {
    let draw = view_drawing(shell, |v| v.clone().map(Figure::Bars));
    view! {
        <section class="card figure" aria-label="Policy">
            <div class="figure-bar">{view_control(shell.page, LEARNER)}</div>
            <Plot label="One learner's policy beside the Minimax Winner" class="main" draw=draw/>
            <p class="caption muted">
                "The learner's policy now and the average of every policy it has played, beside \
                 the Minimax Winner and π_ref. On a cycle, multiplicative weights' own bars keep \
                 moving while its average settles on the winner's."
            </p>
        </section>
    }
}
