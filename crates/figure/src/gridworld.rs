//! The Gridworld Lab's curves, built from an experiment: the same on the page and in files.

use playground_core::Experiment;
use playground_core::gridworld::{GridExperiment, RESIDUAL, RETURN, START_VALUE};

use crate::{Line, LineFigure, PALETTE};

/// A metric's title, in words.
pub fn metric_title(metric: &str) -> &'static str {
    match metric {
        RETURN => "Return per episode",
        START_VALUE => "Estimated value of the start, max Q",
        RESIDUAL => "Largest value change per sweep",
        _ => "Value",
    }
}

/// One metric for every learner that has it, with 95% bands; the start-value plot also
/// shows the optimum V*(start) as a dashed line (above it is over-estimation).
pub fn metric_figure(exp: &GridExperiment, metric: &str, log_x: bool) -> LineFigure {
    let mut lines: Vec<Line> = exp
        .series()
        .learners
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let m = l.metric(metric)?;
            Some(Line {
                label: l.label.clone(),
                color: PALETTE[i % PALETTE.len()],
                xs: (1..=m.mean.len()).map(|t| t as f64).collect(),
                ys: m.mean.clone(),
                band: Some(m.ci95.clone()),
                dashed: false,
            })
        })
        .collect();
    let end = exp.horizon().max(2) as f64;
    if metric == START_VALUE
        && let Some(v) = exp.optimal_start_value()
    {
        lines.push(Line {
            label: format!("optimum V*(start) = {v:.3}"),
            color: PALETTE[6],
            xs: vec![1.0, end],
            ys: vec![v, v],
            band: None,
            dashed: true,
        });
    }
    let x_label = if metric == RESIDUAL {
        "sweep"
    } else {
        "episode"
    };
    LineFigure {
        title: metric_title(metric).to_string(),
        x_label: x_label.into(),
        y_label: metric_title(metric).to_string(),
        log_x,
        lines,
        x_range: Some((1.0, end)),
        ..LineFigure::default()
    }
}
