//! Rewards from preferences: one metric of every reward learner against the number of
//! labels (the true return of the policy its learned reward implies, unless the view
//! names another), with the optimal return as a dashed reference.

use playground_pref::reward_learning::experiment::{METRICS, TRUE_RETURN};

use crate::kinds::{FigureInput, metric_lines};
use crate::{Line, LineFigure, PALETTE};

/// The metric's title in words.
pub fn metric_title(metric: &str) -> &'static str {
    match metric {
        "optimal_actions" => "share of cells where the implied move is optimal",
        "reward_correlation" => "correlation of learned and true reward",
        "reward_scale" => "scale of the learned reward (max − min)",
        "loss" => "Bradley–Terry loss per label",
        _ => "true return of the implied policy",
    }
}

pub fn figure(input: &FigureInput<'_>) -> Result<LineFigure, String> {
    let metric = input.flag("metric").unwrap_or(TRUE_RETURN);
    if !METRICS.contains(&metric) {
        return Err(format!(
            "no metric {metric:?} in a reward-learning run; its learners report {}",
            METRICS.join(", ")
        ));
    }
    let mut fig = LineFigure {
        log_x: input.log_x(),
        ..metric_lines(input.series, metric, metric_title(metric), "labels")
    };
    let optimal = input
        .finals
        .values()
        .find_map(|f| f.get("optimal_return").and_then(|v| v.as_f64()));
    let horizon = fig.lines.iter().map(|l| l.xs.len()).max().unwrap_or(0);
    if let (Some(optimal), true) = (optimal, metric == TRUE_RETURN && horizon > 0) {
        fig.lines.push(Line {
            label: "optimal".into(),
            color: PALETTE[7],
            xs: vec![1.0, horizon as f64],
            ys: vec![optimal; 2],
            band: None,
            dashed: true,
        });
    }
    Ok(fig)
}
