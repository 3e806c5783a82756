//! `playground run`: load, run with progress, report.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Args;
use playground_core::bandit::BanditExperiment;
use playground_core::gridworld::{GridExperiment, RESIDUAL, RETURN, START_VALUE};
use playground_core::scenario::{BanditScenario, GridScenario};
use playground_core::{Experiment, Scenario, presets};
use playground_figure::LineFigure;

use crate::{Source, output, render};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file, TOML or JSON.
    #[arg(required_unless_present = "preset", conflicts_with = "preset")]
    file: Option<PathBuf>,
    /// Run a preset instead of a file (see `playground presets`).
    #[arg(long)]
    preset: Option<String>,
    /// Write the series as one CSV table to this file (or `series.csv` in this folder).
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Draw the figure the web page shows, to a .png (2×) or .svg file.
    #[arg(long, value_name = "FILE")]
    figure: Option<PathBuf>,
    /// Metric to draw (bandits: avg_reward, pct_optimal, regret; gridworlds: return,
    /// start_value, residual; transformers draw their loss).
    #[arg(long)]
    pub(crate) metric: Option<String>,
    /// Draw the x axis on a log scale.
    #[arg(long)]
    pub(crate) log_x: bool,
    /// Print compact JSON instead of indented JSON.
    #[arg(long)]
    compact: bool,
    /// Where a transformer trains: cpu, gpu, or auto (the scenario's choice; GPU when an
    /// adapter exists).
    #[arg(long, value_parser = ["auto", "cpu", "gpu"])]
    pub(crate) backend: Option<String>,
}

impl RunArgs {
    fn source(&self) -> Source {
        match (&self.file, &self.preset) {
            (_, Some(p)) => Source::Preset(p.clone()),
            (Some(f), None) => Source::File(f.clone()),
            (None, None) => unreachable!("clap requires one"),
        }
    }
}

/// Load the scenario: a file (TOML or JSON) or a preset by name.
fn load(source: &Source) -> Result<Scenario, String> {
    match source {
        Source::Preset(name) => presets::find(name).map(|p| p.scenario()).ok_or_else(|| {
            let names: Vec<&str> = presets::all().map(|p| p.name).collect();
            format!("no preset named {name:?}; presets: {}", names.join(", "))
        }),
        Source::File(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let parsed = match path.extension().and_then(|e| e.to_str()) {
                Some("json") => Scenario::from_json(&text),
                Some("toml") => Scenario::from_toml(&text),
                _ => Scenario::from_text(&text),
            };
            parsed.map_err(|e| format!("{}: {e}", path.display()))
        }
    }
}

pub fn run(args: &RunArgs) -> Result<(), String> {
    let source = args.source();
    let scenario = load(&source)?;
    check_outputs(args)?;
    match &scenario {
        Scenario::Bandit(b) => run_bandit(&scenario, b, args, &source),
        Scenario::Gridworld(g) => run_gridworld(&scenario, g, args, &source),
        Scenario::PolicyGradient(pg) => {
            let hint = match &source {
                Source::Preset(name) => presets::find(name),
                Source::File(_) => None,
            };
            crate::pg::run(&scenario, pg, args, hint)
        }
        Scenario::Transformer(lm) => crate::lm::run(&scenario, lm, args),
    }
}

fn run_bandit(
    scenario: &Scenario,
    b: &BanditScenario,
    args: &RunArgs,
    source: &Source,
) -> Result<(), String> {
    let mut exp = BanditExperiment::new(b.clone());
    let hint = match source {
        Source::Preset(name) => presets::find(name),
        Source::File(_) => None,
    };
    let metric = args
        .metric
        .clone()
        .or_else(|| hint.and_then(|h| h.view_flag("metric")).map(String::from))
        .unwrap_or_else(|| "regret".into());
    let log_x = args.log_x || hint.is_some_and(|h| h.view_flag("logx") == Some("1"));
    let fig = render::bandit_figure(&exp, &metric)?; // refuse an unknown metric before running
    drop(fig);
    run_with_progress(&mut exp);
    let fig = render::bandit_figure(&exp, &metric)?;
    finish(args, scenario, &exp, LineFigure { log_x, ..fig })
}

fn run_gridworld(
    scenario: &Scenario,
    g: &GridScenario,
    args: &RunArgs,
    source: &Source,
) -> Result<(), String> {
    let mut exp = GridExperiment::new(g.clone()).map_err(|e| e.to_string())?;
    let hint = match source {
        Source::Preset(name) => presets::find(name),
        Source::File(_) => None,
    };
    let planners_only = g.learners.iter().all(|l| l.is_planner());
    let metric = args
        .metric
        .clone()
        .or_else(|| hint.and_then(|h| h.view_flag("metric")).map(String::from))
        .unwrap_or_else(|| if planners_only { RESIDUAL } else { RETURN }.into());
    if ![RETURN, START_VALUE, RESIDUAL].contains(&metric.as_str()) {
        return Err(format!(
            "no metric {metric:?} in a gridworld run; choose {RETURN}, {START_VALUE} or {RESIDUAL}"
        ));
    }
    let log_x = args.log_x || hint.is_some_and(|h| h.view_flag("logx") == Some("1"));
    run_with_progress(&mut exp);
    let fig = playground_figure::gridworld::metric_figure(&exp, &metric, log_x);
    finish(args, scenario, &exp, fig)
}

/// Write what was asked for: CSV, the figure, then the JSON report on stdout.
pub(crate) fn finish(
    args: &RunArgs,
    scenario: &Scenario,
    exp: &dyn Experiment,
    fig: LineFigure,
) -> Result<(), String> {
    if let Some(dir) = &args.csv {
        output::write_csv(dir, exp)?;
    }
    if let Some(path) = &args.figure {
        render::save_line_figure(&fig, path)?;
    }
    output::print_json(scenario, exp, args.compact)
}

/// Fail before a long run, not after it, when an output cannot be written.
fn check_outputs(args: &RunArgs) -> Result<(), String> {
    if let Some(path) = &args.figure {
        render::format_of(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            ensure_dir(parent)?;
        }
    }
    if let Some(path) = args.csv.as_deref().filter(|p| !p.is_dir())
        && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
    {
        ensure_dir(parent)?;
    }
    Ok(())
}

fn ensure_dir(dir: &Path) -> Result<(), String> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(format!("folder {} does not exist", dir.display()))
    }
}

/// Run to the end; on a terminal, show progress on stderr about twice a second.
pub(crate) fn run_with_progress(exp: &mut dyn Experiment) {
    let show = std::io::stderr().is_terminal();
    let mut last = Instant::now();
    while exp.work(4096) > 0 {
        if show && last.elapsed() > Duration::from_millis(500) {
            eprint!("\r{} / {} steps", exp.t(), exp.horizon());
            last = Instant::now();
        }
    }
    if show {
        eprint!("\r\x1b[K");
    }
}
