//! One default figure per kind of Scenario, built from what a run reports (its scenario,
//! series and finals) and the page's view flags (`metric=regret&logx=1`). The page's main
//! plot, its PNG/SVG export and `playground run --figure` all call [`default_figure`], so
//! they draw the same thing.

use playground_core::markov::MarkovChain;
use playground_core::{Finals, Scenario, Series};

use crate::{Figure, Line, LineFigure, PALETTE, bandit, gridworld, lm, policy_gradient};

/// The parts of a report a figure is drawn from, and the view flags.
#[derive(Clone, Copy, Debug)]
pub struct FigureInput<'a> {
    pub scenario: &'a Scenario,
    pub series: &'a Series,
    pub finals: &'a Finals,
    /// `ui.` flags without their prefix, e.g. ("metric", "regret").
    pub view: &'a [(String, String)],
}

impl FigureInput<'_> {
    pub fn flag(&self, name: &str) -> Option<&str> {
        self.view
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn log_x(&self) -> bool {
        self.flag("logx") == Some("1")
    }
}

/// The kind's default figure, or why the view flags ask for something it has not.
pub fn default_figure(input: &FigureInput<'_>) -> Result<Figure, String> {
    match input.scenario {
        Scenario::Bandit(b) => {
            let metric = input.flag("metric").unwrap_or(bandit::REGRET_METRIC);
            bandit::metric_figure(b, input.series, metric, input.log_x()).map(Figure::Lines)
        }
        Scenario::Transformer(t) => {
            let c = &t.corpus;
            let chain =
                MarkovChain::text_like(t.model.vocab, c.branching, c.smoothing, c.chain_seed);
            Ok(Figure::Lines(lm::loss_figure(
                input.series,
                chain.entropy_rate(),
                t.steps,
                input.log_x(),
            )))
        }
        Scenario::PolicyGradient(pg) => {
            policy_gradient::report_figure(pg, input).map(Figure::Lines)
        }
        Scenario::Dpo(d) if input.flag("figure") == Some("frontier") => {
            crate::dpo::frontier_figure(d, input.series).map(Figure::Lines)
        }
        Scenario::Dpo(_) => dpo_figure(input).map(Figure::Lines),
        Scenario::Nash(n) => nash_figure(n, input).map(Figure::Lines),
        Scenario::Overoptimization(_) => overopt_figure(input).map(Figure::Lines),
        Scenario::RewardLearning(_) => crate::reward_learning::figure(input).map(Figure::Lines),
        Scenario::LmAlignment(a) => alignment_figure(a, input).map(Figure::Lines),
        Scenario::Pareto(_) => named_metric(input, "objectives", "step")
            .unwrap_or_else(|| Ok(crate::pareto::objective_figure(input.series, input.finals)))
            .map(Figure::Lines),
        Scenario::Constrained(c) => constrained_figure(c, input).map(Figure::Lines),
        Scenario::Bayesopt(_) => {
            let metric = input
                .flag("metric")
                .unwrap_or(playground_bayesopt::SIMPLE_REGRET);
            if !playground_bayesopt::METRICS.contains(&metric) {
                return Err(format!(
                    "no metric {metric:?} in a Bayesian-optimisation run; it reports {}",
                    playground_bayesopt::METRICS.join(", ")
                ));
            }
            Ok(Figure::Lines(LineFigure {
                log_x: input.log_x(),
                ..metric_lines(input.series, metric, metric, "step")
            }))
        }
        // The value map (the page's main figure) unless curves are asked for (the CLI's
        // --metric; on the page they have a panel of their own).
        Scenario::Gridworld(g) => match input
            .flag("metric")
            .filter(|_| input.flag("curves") == Some("1"))
        {
            None => gridworld::value_figure(&g.env, input).map(Figure::Grid),
            Some(metric) => {
                let horizon = input
                    .series
                    .learners
                    .iter()
                    .flat_map(|l| &l.metrics)
                    .map(|m| m.mean.len())
                    .max()
                    .unwrap_or(0);
                gridworld::metric_figure(input.series, metric, horizon, None, input.log_x())
                    .map(Figure::Lines)
            }
        },
    }
}

/// Every learner's curve of one metric, with its band (a fallback any series can draw).
/// The DPO Lab's curves: one metric (TRL's name; `rewards/margins` unless the view
/// names another) for every learner against the step.
fn dpo_figure(input: &FigureInput<'_>) -> Result<LineFigure, String> {
    let metric = input
        .flag("metric")
        .unwrap_or(playground_pref::metrics::REWARDS_MARGINS);
    if !playground_pref::experiment::METRICS.contains(&metric) {
        return Err(format!(
            "no metric {metric:?} in a DPO run; its learners report {}",
            playground_pref::experiment::METRICS.join(", ")
        ));
    }
    Ok(LineFigure {
        log_x: input.log_x(),
        ..metric_lines(input.series, metric, metric, "step")
    })
}

/// The Overoptimization Lab: gold and proxy reward against √KL, unless the view names a
/// metric to draw against the sweep point.
fn overopt_figure(input: &FigureInput<'_>) -> Result<LineFigure, String> {
    named_metric(input, "goodhart", "point")
        .unwrap_or_else(|| Ok(crate::overopt::overopt_figure(input.series)))
}

/// The Tiny-LM Alignment Lab: the frontier plane, gold and proxy with `metric=proxy`, or
/// a metric against the step.
fn alignment_figure(
    a: &playground_core::scenario::AlignScenario,
    input: &FigureInput<'_>,
) -> Result<LineFigure, String> {
    use crate::lm_alignment::{aligning, frontier_figure, pretraining_figure, proxy_figure};
    let pretraining = || pretraining_figure(input.finals, a.world.pretrain_steps);
    match input.flag("metric") {
        Some("pretraining") => pretraining().ok_or_else(|| {
            "π_ref was not pretrained live in this run (world.reference = \"pretrain\")".into()
        }),
        // While π_ref pretrains live there is nothing else to draw yet.
        _ if !aligning(input.series) && pretraining().is_some() => {
            Ok(pretraining().expect("checked"))
        }
        Some("proxy") => Ok(proxy_figure(input.series)),
        _ => named_metric(input, "frontier", "step")
            .unwrap_or_else(|| Ok(frontier_figure(input.series, input.finals))),
    }
}

/// Constrained alignment: the (cost, reward) plane unless the view names a metric.
fn constrained_figure(
    c: &playground_core::scenario::ConstrainedScenario,
    input: &FigureInput<'_>,
) -> Result<LineFigure, String> {
    match input.flag("metric").filter(|m| *m != "plane") {
        Some(metric) => crate::constrained::metric_figure(c, input.series, metric, input.log_x()),
        None => Ok(crate::constrained::plane_figure(c, input.series)),
    }
}

/// Intransitive preferences: the simplex unless the view names a metric.
fn nash_figure(
    n: &playground_core::scenario::NashScenario,
    input: &FigureInput<'_>,
) -> Result<LineFigure, String> {
    named_metric(input, "simplex", "step").unwrap_or_else(|| {
        let responses = n.env.preferences.len();
        Ok(crate::nash::simplex_figure(
            responses,
            input.series,
            input.finals,
        ))
    })
}

/// Every learner's curve of the metric the view names; None when it names none, or names
/// `own` (the kind's own picture).
fn named_metric(
    input: &FigureInput<'_>,
    own: &str,
    x_label: &str,
) -> Option<Result<LineFigure, String>> {
    let metric = input.flag("metric").filter(|m| *m != own)?;
    if !input
        .series
        .learners
        .iter()
        .any(|l| l.metric(metric).is_some())
    {
        return Some(Err(format!("no metric {metric:?} in this run")));
    }
    Some(Ok(LineFigure {
        log_x: input.log_x(),
        ..metric_lines(input.series, metric, metric, x_label)
    }))
}

pub fn metric_lines(series: &Series, metric: &str, title: &str, x_label: &str) -> LineFigure {
    let lines = series
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
    LineFigure {
        title: title.to_string(),
        x_label: x_label.to_string(),
        y_label: title.to_string(),
        lines,
        ..LineFigure::default()
    }
}
