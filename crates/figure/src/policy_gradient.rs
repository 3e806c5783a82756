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
use crate::{BarFigure, BarSeries, Line, LineFigure, PALETTE, metric_lines};

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

/// Width of a ratio histogram's bins; the last bin holds every ratio from `RATIO_TOP` up.
const RATIO_BIN: f64 = 0.1;
const RATIO_TOP: f64 = 2.0;

/// Whether a sample's gradient is zero under PPO's clip: the ratio left the band on the
/// side its advantage pushes toward (the clip is one-sided).
pub fn is_clipped(ratio: f64, advantage: f64, eps: f64) -> bool {
    (advantage > 0.0 && ratio > 1.0 + eps) || (advantage < 0.0 && ratio < 1.0 - eps)
}

/// The last update's ratios π_new/π_old as a histogram, ratios inside 1 ± ε apart from
/// those outside; the title gives the clipped share (with ε) or the spread.
pub fn ratio_histogram(samples: &[(f64, f64)], eps: Option<f64>, label: &str) -> BarFigure {
    let bins = (RATIO_TOP / RATIO_BIN).round() as usize + 1;
    let mut inside = vec![0.0; bins];
    let mut outside = vec![0.0; bins];
    for &(ratio, _) in samples {
        let bin = ((ratio / RATIO_BIN).floor().max(0.0) as usize).min(bins - 1);
        let band = eps.is_none_or(|e| (ratio - 1.0).abs() <= e);
        if band {
            inside[bin] += 1.0
        } else {
            outside[bin] += 1.0
        }
    }
    let groups = (0..bins)
        .map(|b| {
            if b + 1 == bins {
                format!("≥{RATIO_TOP}")
            } else {
                format!("{:.1}", b as f64 * RATIO_BIN)
            }
        })
        .collect();
    let title = match eps {
        Some(e) => {
            let clipped = samples
                .iter()
                .filter(|&&(r, a)| is_clipped(r, a, e))
                .count();
            let share = 100.0 * clipped as f64 / samples.len().max(1) as f64;
            format!("{label}: ratios of the last update, run 1 ({share:.0}% clipped, ε = {e})")
        }
        None => format!("{label}: ratios of the last update, run 1"),
    };
    let band = eps.map_or("ratios".to_string(), |e| format!("within 1 ± {e}"));
    BarFigure {
        title,
        x_label: "π_new / π_old (bins from)".into(),
        y_label: "samples".into(),
        groups,
        series: vec![
            BarSeries {
                label: band,
                color: PALETTE[0],
                values: inside,
            },
            BarSeries {
                label: "outside the band".into(),
                color: PALETTE[1],
                values: outside,
            },
        ],
    }
}

/// π(a | one observation) now, one bar per action: the policy where no map can hold it
/// (twenty questions' first turn).
pub fn prob_bars(probs: &[f64], actions: &[String], title: &str) -> BarFigure {
    BarFigure {
        title: title.to_string(),
        x_label: "action".into(),
        y_label: "probability".into(),
        groups: actions.to_vec(),
        series: vec![BarSeries {
            label: "π, mean over runs".into(),
            color: PALETTE[0],
            values: probs.to_vec(),
        }],
    }
}

/// Lines a probability history draws at most: with more actions, only those that rose
/// highest, so the legend stays readable.
pub const HISTORY_LINES: usize = 8;

/// π(a | state) after every update, one line per action (with more than
/// [`HISTORY_LINES`], those whose probability peaked highest, in action order).
pub fn prob_history(history: &[Vec<f64>], actions: &[String], title: &str) -> LineFigure {
    let xs: Vec<f64> = (1..=history.len()).map(|t| t as f64).collect();
    let peak = |a: usize| {
        history
            .iter()
            .filter_map(|row| row.get(a).copied())
            .fold(0.0, f64::max)
    };
    let mut shown: Vec<usize> = (0..actions.len()).collect();
    shown.sort_by(|&a, &b| peak(b).total_cmp(&peak(a)));
    shown.truncate(HISTORY_LINES);
    shown.sort_unstable();
    let lines = shown
        .into_iter()
        .map(|a| (a, &actions[a]))
        .map(|(a, name)| Line {
            label: format!("π({name})"),
            color: PALETTE[a % PALETTE.len()],
            xs: xs.clone(),
            ys: history
                .iter()
                .map(|row| row.get(a).copied().unwrap_or(f64::NAN))
                .collect(),
            band: None,
            dashed: false,
        })
        .collect();
    LineFigure {
        title: title.to_string(),
        x_label: "policy update".into(),
        y_label: "probability".into(),
        lines,
        y_range: Some((0.0, 1.0)),
        ..LineFigure::default()
    }
}

/// How much of the last step's TD error reaches step t under the actor's and the critic's
/// λ: (γλ)^(T−1−t), as VC-PPO plots it.
pub fn credit_figure(actor: &[f64], critic: &[f64], lambdas: (f64, f64)) -> LineFigure {
    let xs: Vec<f64> = (1..=actor.len()).map(|t| t as f64).collect();
    let line = |label: String, ys: &[f64], i: usize| Line {
        label,
        color: PALETTE[i],
        xs: xs.clone(),
        ys: ys.to_vec(),
        band: None,
        dashed: i == 1,
    };
    LineFigure {
        title: "Credit from the final reward reaching each step, (γλ)^(T−1−t)".into(),
        x_label: "step t of the episode".into(),
        y_label: "share of the final TD error".into(),
        lines: vec![
            line(format!("actor, λ = {}", lambdas.0), actor, 0),
            line(format!("critic, λ = {}", lambdas.1), critic, 1),
        ],
        y_range: Some((0.0, 1.05)),
        ..LineFigure::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_history_keeps_the_actions_that_peaked_highest_in_action_order() {
        let actions: Vec<String> = (0..12).map(|a| format!("a{a}")).collect();
        // At the end action a has probability proportional to (a * 5) mod 12 (its peak:
        // the start is uniform, lower than all but the smallest four): the eight shown
        // are those with the eight largest residues.
        let end: Vec<f64> = (0..12).map(|a| ((a * 5) % 12) as f64 / 66.0).collect();
        let fig = prob_history(&[vec![0.01; 12], end.clone()], &actions, "t");
        let labels: Vec<&str> = fig.lines.iter().map(|l| l.label.as_str()).collect();
        let mut expected: Vec<usize> = (0..12).filter(|&a| (a * 5) % 12 >= 4).collect();
        expected.sort_unstable();
        let expected: Vec<String> = expected.iter().map(|a| format!("π(a{a})")).collect();
        assert_eq!(labels, expected);
        assert_eq!(fig.lines[0].ys.len(), 2);
    }

    #[test]
    fn a_short_history_draws_every_action() {
        let actions: Vec<String> = ["up", "down"].map(String::from).to_vec();
        let fig = prob_history(&[vec![0.5, 0.5], vec![0.9, 0.1]], &actions, "t");
        assert_eq!(fig.lines.len(), 2);
        assert_eq!(fig.lines[1].ys, vec![0.5, 0.1]);
    }
}
