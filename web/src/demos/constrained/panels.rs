//! The Constrained Alignment Lab's panels: the dual D(λ) with every learner's current
//! price, and one learner's policy beside the optimum π* and π_ref.

use leptos::prelude::*;
use playground_constrained::ConstrainedExperiment;
use playground_figure::{BarFigure, BarSeries, Figure, PALETTE};

use super::{ConstrainedLab, ConstrainedView};
use crate::components::plot::Plot;
use crate::shell::{Shell, ViewOption, setting_index, view_control, view_drawing};

const LEARNER: ViewOption = ViewOption::Learner {
    key: "learner",
    label: "Learner",
};

/// The panels' figures for the run now: computed where the run is.
pub fn view(e: &ConstrainedExperiment, settings: &[(String, String)]) -> ConstrainedView {
    let prices: Vec<(String, f64)> = (0..e.labels().len())
        .map(|i| (e.labels()[i].clone(), e.lambda(i)))
        .collect();
    let learner = setting_index(settings, "learner", e.labels().len());
    let label = e.labels()[learner].clone();
    let bars = |label: String, color, values: Vec<f64>| BarSeries {
        label,
        color,
        values,
    };
    let policy = BarFigure {
        title: format!("{label}: π over the responses"),
        x_label: "response (reward r, cost c)".into(),
        y_label: "probability".into(),
        groups: (0..e.problem().responses())
            .map(|k| {
                let p = e.problem();
                format!("y{k} ({}, {})", p.reward[k], p.cost[k])
            })
            .collect(),
        series: vec![
            bars("π_ref".into(), PALETTE[7], e.problem().reference.clone()),
            bars(label, PALETTE[0], e.policy(learner).probs),
            bars(
                "optimum π*".into(),
                PALETTE[2],
                e.optimum().policy.probs.clone(),
            ),
        ],
    };
    ConstrainedView {
        dual: Some(playground_figure::constrained::dual_figure(
            e.problem(),
            e.optimum(),
            &prices,
        )),
        policy: Some(policy),
    }
}

pub fn dual(shell: Shell<ConstrainedLab>) -> impl IntoView {
    let draw = view_drawing(shell, |v| v.dual.clone().map(Figure::Lines));
    view! {
        <section class="card figure" aria-label="The dual">
            <Plot label="The dual D(λ) with every learner's price" class="main" draw=draw/>
            <p class="caption muted">
                "D(λ) = β·ln E"<sub>"π_ref"</sub>" e"<sup>"(r − λc)/β"</sup>" + λb is convex: \
                 its slope b − E"<sub>"π_λ"</sub>"c is the budget left over at price λ, so \
                 its minimum λ* (the grey line) is the price at which the tilted policy spends \
                 exactly the budget. Crosses mark where each learner's price is now."
            </p>
        </section>
    }
}

pub fn policy(shell: Shell<ConstrainedLab>) -> impl IntoView {
    let draw = view_drawing(shell, |v| v.policy.clone().map(Figure::Bars));
    view! {
        <section class="card figure" aria-label="Policy">
            <div class="figure-bar">{view_control(shell.page, LEARNER)}</div>
            <Plot label="One learner's policy beside the optimum" class="main" draw=draw/>
            <p class="caption muted">
                "The learner's policy now, beside π_ref and the constrained optimum π*. Each \
                 response is labelled with its reward and cost."
            </p>
        </section>
    }
}
