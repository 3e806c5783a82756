//! `playground run` for policy-gradient scenarios.

use playground_core::presets::Preset;
use playground_core::scenario::PgScenario;
use playground_core::{Experiment, Scenario};
use playground_figure::policy_gradient::{Reference, metric_figure};
use playground_pg::experiment::{EXACT_RETURN, RETURN, metric_title};

use crate::run::{RunArgs, finish, run_with_progress};

pub fn run(
    scenario: &Scenario,
    pg: &PgScenario,
    args: &RunArgs,
    hint: Option<&Preset>,
) -> Result<(), String> {
    let mut exp = playground_pg::build(pg).map_err(|e| e.to_string())?;
    let default = if exp.series().learners[0].metric(EXACT_RETURN).is_some() {
        EXACT_RETURN
    } else {
        RETURN
    };
    let metric = args
        .metric
        .clone()
        .or_else(|| hint.and_then(|h| h.view_flag("metric")).map(String::from))
        .unwrap_or_else(|| default.into());
    let known: Vec<&str> = exp
        .series()
        .learners
        .iter()
        .flat_map(|l| l.metrics.iter().map(|m| m.name.as_str()))
        .collect();
    if !known.contains(&metric.as_str()) {
        return Err(format!(
            "no metric {metric:?} in this policy-gradient run; its learners report {}",
            known.join(", ")
        ));
    }
    run_with_progress(&mut exp);
    let references = exp
        .references(&metric)
        .into_iter()
        .map(|(label, value)| Reference { label, value })
        .collect();
    let fig = metric_figure(
        exp.series(),
        &metric,
        metric_title(&metric),
        pg.iterations,
        references,
    );
    let log_x = args.log_x || hint.is_some_and(|h| h.view_flag("logx") == Some("1"));
    finish(
        args,
        scenario,
        &exp,
        playground_figure::LineFigure { log_x, ..fig },
    )
}
