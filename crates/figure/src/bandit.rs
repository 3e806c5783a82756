//! The Bandit Arena's figures, built from an experiment: the same on the page and in files.

use playground_bandit::{AVG_REWARD, BanditExperiment, PCT_OPTIMAL, Posterior, REGRET, bounds};
use playground_core::scenario::BanditScenario;
use playground_core::{Experiment, Series, math};

use serde::{Deserialize, Serialize};

use crate::{BarFigure, BarSeries, Line, LineFigure, PALETTE, VLine};

/// A metric's title and axis label, in words.
pub fn metric_title(metric: &str) -> &'static str {
    match metric {
        AVG_REWARD => "Average reward",
        PCT_OPTIMAL => "% optimal action",
        REGRET => "Cumulative regret",
        _ => "Value",
    }
}

/// The metric the regret view shows, and the default when none is named.
pub const REGRET_METRIC: &str = REGRET;

/// One metric for every agent, with 95% bands; on the regret plot, the Lai–Robbins line
/// C·ln t when the environment has fixed means. An unknown metric is an error naming the
/// ones there are.
pub fn metric_figure(
    scenario: &BanditScenario,
    series: &Series,
    metric: &str,
    log_x: bool,
) -> Result<LineFigure, String> {
    if ![AVG_REWARD, PCT_OPTIMAL, REGRET].contains(&metric) {
        return Err(format!(
            "no metric {metric:?} in a bandit run; choose {AVG_REWARD}, {PCT_OPTIMAL} or {REGRET}"
        ));
    }
    let title = metric_title(metric);
    let mut fig = crate::kinds::metric_lines(series, metric, title, "step t");
    let t = series
        .learners
        .first()
        .and_then(|l| l.metrics.first())
        .map_or(0, |m| m.mean.len());
    if metric == REGRET
        && let Some(c) = bounds::lai_robbins_constant(&scenario.env)
    {
        let xs: Vec<f64> = (1..=t.max(2)).map(|t| t as f64).collect();
        fig.lines.push(Line {
            label: format!("Lai–Robbins bound {c:.2}·ln t"),
            color: PALETTE[6],
            ys: xs.iter().map(|&t| c * math::ln(t)).collect(),
            xs,
            band: None,
            dashed: true,
        });
    }
    Ok(LineFigure {
        log_x,
        x_range: Some((1.0, scenario.steps.max(2) as f64)),
        ..fig
    })
}

/// What the arena's panels show of a run beyond its series: small enough to copy out of
/// the experiment many times a second.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArenaView {
    pub t: usize,
    /// Each agent's average pulls of each arm per run.
    pub mean_pulls: Vec<Vec<f64>>,
    /// Each agent's posteriors in the first run (None for agents without one).
    pub posteriors: Vec<Option<Vec<Posterior>>>,
    /// The first run's true arm means now.
    pub true_means: Vec<f64>,
}

impl ArenaView {
    pub fn of(exp: &BanditExperiment) -> Self {
        let agents = exp.scenario().agents.len();
        ArenaView {
            t: exp.t(),
            mean_pulls: (0..agents).map(|i| exp.mean_pulls(i)).collect(),
            posteriors: (0..agents).map(|i| exp.posteriors(i)).collect(),
            true_means: exp.true_means(),
        }
    }
}

/// Average pulls of each arm per run, one bar per agent.
pub fn pulls_figure(labels: &[String], view: &ArenaView) -> BarFigure {
    let arms = view.mean_pulls.first().map_or(0, Vec::len);
    BarFigure {
        title: "Pulls per arm (average over runs)".into(),
        x_label: "arm".into(),
        y_label: "pulls".into(),
        groups: (1..=arms).map(|a| a.to_string()).collect(),
        series: view
            .mean_pulls
            .iter()
            .enumerate()
            .map(|(i, pulls)| BarSeries {
                // One legend per page is enough: the main figure's.
                label: if labels.len() == 1 {
                    labels[0].clone()
                } else {
                    String::new()
                },
                color: PALETTE[i % PALETTE.len()],
                values: pulls.clone(),
            })
            .collect(),
    }
}

/// A Thompson agent's posterior over each arm's mean in the first run, with the true means
/// as dashed markers. None for agents without a posterior.
pub fn posterior_figure(label: &str, view: &ArenaView, agent: usize) -> Option<LineFigure> {
    let posts = view.posteriors.get(agent)?.as_ref()?;
    let truth = &view.true_means;
    let (lo, hi) = posts
        .iter()
        .map(|p| p.support_hint())
        .chain(truth.iter().map(|&m| (m, m)))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |a, b| {
            (a.0.min(b.0), a.1.max(b.1))
        });
    let xs: Vec<f64> = (0..=300)
        .map(|i| lo + (hi - lo) * i as f64 / 300.0)
        .collect();
    let lines = posts
        .iter()
        .enumerate()
        .map(|(arm, p)| Line {
            // A legend of many arms would cover the curves.
            label: if posts.len() <= 5 {
                format!("arm {}", arm + 1)
            } else {
                String::new()
            },
            color: PALETTE[arm % PALETTE.len()],
            ys: xs.iter().map(|&x| p.density(x)).collect(),
            xs: xs.clone(),
            band: None,
            dashed: false,
        })
        .collect();
    let vlines = truth
        .iter()
        .enumerate()
        .map(|(arm, &x)| VLine {
            x,
            color: PALETTE[arm % PALETTE.len()],
        })
        .collect();
    Some(LineFigure {
        title: format!(
            "{label}: posterior of each arm's mean (run 1, t = {})",
            view.t
        ),
        x_label: "arm mean".into(),
        y_label: "density".into(),
        lines,
        vlines,
        x_range: Some((lo, hi)),
        ..LineFigure::default()
    })
}
