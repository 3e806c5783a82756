//! The Nash page's panel: one learner's policy now (and the average of what it played),
//! beside the Minimax Winner and π_ref.

use std::rc::Rc;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::{BarFigure, BarSeries, Figure, PALETTE, Style, draw_figure};

use super::NashLab;
use crate::components::plot::{Area, DrawFn, Plot};
use crate::shell::{Shell, ViewOption, view_control};

const LEARNER: ViewOption = ViewOption::Learner {
    key: "learner",
    label: "Learner",
};

pub fn policy(shell: Shell<NashLab>) -> impl IntoView {
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        shell.runner.slow_version.track();
        let Scenario::Nash(n) = shell.scenario.get() else {
            return Ok(());
        };
        let learner = shell
            .flag("learner")
            .and_then(|l| l.parse::<usize>().ok())
            .unwrap_or(0)
            .min(n.learners.len().saturating_sub(1));
        let label = n.labels().get(learner).cloned().unwrap_or_default();
        let fig = shell.runner.with(|e| {
            let bars = |label: String, color, values: Vec<f64>| BarSeries {
                label,
                color,
                values,
            };
            BarFigure {
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
            }
        });
        match fig {
            Some(f) => draw_figure(area, &Figure::Bars(f), style).map_err(|e| e.to_string()),
            None => Ok(()),
        }
    });
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
