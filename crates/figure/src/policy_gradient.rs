//! The Policy-Gradient Lab's curves, from its series: the same on the page and in files.
//! The metric names and titles come from the engine (`playground_pg::experiment`); the
//! reference lines (J*, the best blind policy, the exact J an estimate aims at) from the
//! report's finals, so a report alone draws the figure.

use playground_core::Finals;
use playground_core::scenario::PgScenario;
use playground_core::series::Series;
use playground_pg::experiment::{ESTIMATE, EXACT_RETURN, RETURN, metric_title};
use serde_json::Value;

use crate::kinds::FigureInput;
use crate::{Line, LineFigure, PALETTE, metric_lines};

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
    let mut fig = metric_lines(series, metric, title, "policy update");
    let end = horizon.max(2) as f64;
    for (k, r) in references.into_iter().enumerate() {
        fig.lines.push(Line {
            label: r.label,
            color: PALETTE[(6 + k) % PALETTE.len()],
            xs: vec![1.0, end],
            ys: vec![r.value, r.value],
            band: None,
            dashed: true,
        });
    }
    LineFigure {
        x_range: Some((1.0, end)),
        ..fig
    }
}

/// The metric shown when the view names none: the exact return when the run has it.
pub fn default_metric(series: &Series) -> &'static str {
    let has = |m: &str| series.learners.iter().any(|l| l.metric(m).is_some());
    if has(EXACT_RETURN) {
        EXACT_RETURN
    } else {
        RETURN
    }
}

/// The dashed lines of a metric, from the finals of any learner that has them.
pub fn references(finals: &Finals, metric: &str) -> Vec<Reference> {
    let first = |name: &str| {
        finals
            .values()
            .find_map(|f| f.get(name).and_then(Value::as_f64))
    };
    let line = |name: &str, words: &str| {
        first(name).map(|v| Reference {
            label: format!("{words} = {v:.4}"),
            value: v,
        })
    };
    match metric {
        RETURN | EXACT_RETURN => [
            line("optimal_return", "optimum J*"),
            line("blind_optimal_return", "best blind policy J"),
        ]
        .into_iter()
        .flatten()
        .collect(),
        ESTIMATE => line("uniform_return", "exact J of the random policy")
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// The lab's figure from a report: the view's metric (or the default) for every learner,
/// with its reference lines. A metric no learner reports is an error naming those there are.
pub fn report_figure(pg: &PgScenario, input: &FigureInput<'_>) -> Result<LineFigure, String> {
    let metric = input.flag("metric").unwrap_or(default_metric(input.series));
    let known: Vec<&str> = input
        .series
        .learners
        .iter()
        .flat_map(|l| l.metrics.iter().map(|m| m.name.as_str()))
        .collect();
    if !known.contains(&metric) {
        return Err(format!(
            "no metric {metric:?} in this policy-gradient run; its learners report {}",
            known.join(", ")
        ));
    }
    let fig = metric_figure(
        input.series,
        metric,
        metric_title(metric),
        pg.iterations,
        references(input.finals, metric),
    );
    Ok(LineFigure {
        log_x: input.flag("logx") == Some("1"),
        ..fig
    })
}
