//! The Pareto Lab's panel: a weight w = (x, 1 − x) on a slider, and where each learner
//! stands at that weight — the policy a linear or Chebyshev scalarisation picks, the
//! soup's or conditioned policy's returns, and the exact KL-regularised optimum they
//! converge to.

use leptos::prelude::*;
use playground_figure::{Figure, LineFigure, PALETTE, Points, Rgb};
use playground_pareto::ParetoExperiment;
use playground_pareto::experiment::Learner;

use super::ParetoLab;
use crate::components::plot::Plot;
use crate::shell::{Shell, ViewOption, setting_f64, view_control, view_drawing};

const WEIGHT: ViewOption = ViewOption::Slider {
    key: "weight",
    label: "Weight on the first objective",
    min: 0.0,
    max: 1.0,
    step: 0.01,
    default: 0.5,
};

fn dots(label: String, color: Rgb, point: [f64; 2], hollow: bool, size: f64) -> Points {
    Points {
        label,
        color,
        xs: vec![point[0]],
        ys: vec![point[1]],
        hollow,
        size,
    }
}

/// The objective plane at the slider's weight: computed where the run is.
pub fn at_weight_figure(e: &ParetoExperiment, settings: &[(String, String)]) -> LineFigure {
    let x = setting_f64(settings, "weight", 0.5).clamp(0.0, 1.0);
    let p = e.problem();
    let (fx, fy) = p.front.iter().map(|q| (q[0], q[1])).unzip();
    let mut points = vec![Points {
        label: "Pareto front (exact)".into(),
        color: Rgb(20, 20, 20),
        xs: fx,
        ys: fy,
        hollow: true,
        size: 6.0,
    }];
    let labels = e.plan().labels();
    let n = labels.len();
    for (l, label) in labels.into_iter().enumerate() {
        let color = PALETTE[l % PALETTE.len()];
        let size = 3.0 + 1.5 * (n - 1 - l) as f64;
        if let Some(point) = e.at_weight(l, x) {
            points.push(dots(label.clone(), color, point, false, size));
        }
        if let Learner::Kl(k) = e.learner(l)
            && !k.grid().is_empty()
        {
            let exact = e.optimum_at(x, k.beta);
            points.push(dots(
                format!("{label}: exact optimum"),
                color,
                exact,
                true,
                9.0,
            ));
        }
    }
    LineFigure {
        title: format!("at w = ({x:.2}, {:.2})", 1.0 - x),
        x_label: p.names[0].into(),
        y_label: p.names[1].into(),
        points,
        ..LineFigure::default()
    }
}

pub fn slider(shell: Shell<ParetoLab>) -> impl IntoView {
    let draw = view_drawing(shell, |v| v.clone().map(Figure::Lines));
    view! {
        <section class="card figure" aria-label="Weight slider">
            <div class="figure-bar">{view_control(shell.page, WEIGHT)}</div>
            <Plot label="Each learner at one weight" class="main" draw=draw/>
            <p class="caption muted">
                "Slide the weight w on the first objective. A weighted sum jumps from one \
                 corner of the convex hull to the next and never stops on the front's concave \
                 part; Chebyshev scalarisation does; a soup or a conditioned policy moves \
                 smoothly, and the hollow circle in its colour is the exact KL-regularised \
                 optimum at that weight. Learners with one policy (MaxMin, single reward) \
                 have no point here."
            </p>
        </section>
    }
}
