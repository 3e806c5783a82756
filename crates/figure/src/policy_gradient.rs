//! The Policy-Gradient Lab's curves, from its series: the same on the page and in files.
//! The metric names and titles come from the engine (`playground_pg::experiment`), so
//! this module needs only the series.

use playground_core::series::Series;

use crate::{Line, LineFigure, PALETTE};

/// A dashed horizontal reference line: the optimum J*, or the exact J an estimate aims at.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub label: String,
    pub value: f64,
}

/// One metric for every learner that has it, with 95% bands, against the policy update
/// (1 to `horizon`), and the reference lines.
pub fn metric_figure(
    series: &Series,
    metric: &str,
    title: &str,
    horizon: usize,
    references: Vec<Reference>,
) -> LineFigure {
    let mut lines: Vec<Line> = series
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
    let end = horizon.max(2) as f64;
    for (k, r) in references.into_iter().enumerate() {
        lines.push(Line {
            label: r.label,
            color: PALETTE[(6 + k) % PALETTE.len()],
            xs: vec![1.0, end],
            ys: vec![r.value, r.value],
            band: None,
            dashed: true,
        });
    }
    LineFigure {
        title: title.to_string(),
        x_label: "policy update".into(),
        y_label: title.to_string(),
        lines,
        x_range: Some((1.0, end)),
        ..LineFigure::default()
    }
}
