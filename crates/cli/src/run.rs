//! `playground run`: load, run with progress, report.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Args;
use playground_bandit::BanditExperiment;
use playground_core::gridworld::GridExperiment;
use playground_core::split::{self, Role, Shard};
use playground_core::{Experiment, Scenario, presets};
use playground_figure::{FigureInput, default_figure};

use crate::{Source, output, render, threads};

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
    /// start_value, residual, coverage instead of the value map).
    #[arg(long)]
    metric: Option<String>,
    /// Draw the x axis on a log scale.
    #[arg(long)]
    log_x: bool,
    /// A view setting of the figure, as on the page's link (`learner=1`, `show=q`);
    /// repeat for several.
    #[arg(long = "view", value_name = "KEY=VALUE")]
    view: Vec<String>,
    /// Print compact JSON instead of indented JSON.
    #[arg(long)]
    compact: bool,
    /// Where a transformer trains (transformer and lm-alignment scenarios): cpu, gpu, or
    /// auto (the scenario's choice; a hardware GPU when there is one, else the CPU).
    #[arg(long, value_parser = ["auto", "cpu", "gpu"])]
    pub(crate) backend: Option<String>,
    /// Threads that step a bandit or gridworld scenario's runs (default: one per core, at
    /// most 8). The numbers are the same for any number.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
    threads: Option<u16>,
}

impl RunArgs {
    fn threads(&self) -> usize {
        match self.threads {
            Some(n) => usize::from(n),
            None => std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
        }
    }

    fn source(&self) -> Source {
        match (&self.file, &self.preset) {
            (_, Some(p)) => Source::Preset(p.clone()),
            (Some(f), None) => Source::File(f.clone()),
            (None, None) => unreachable!("clap requires one"),
        }
    }

    /// The figure's view: the preset's, then the flags given here.
    fn view(&self) -> Result<Vec<(String, String)>, String> {
        let mut view: Vec<(String, String)> = Vec::new();
        let mut set = |k: &str, v: &str| {
            view.retain(|(key, _)| key != k);
            view.push((k.to_string(), v.to_string()));
        };
        if let Some(p) = self.preset.as_deref().and_then(presets::find) {
            for (k, v) in p.view.split('&').filter_map(|kv| kv.split_once('=')) {
                set(k, v);
            }
        }
        for kv in &self.view {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| format!("--view {kv:?}: write it as KEY=VALUE"))?;
            set(k, v);
        }
        if let Some(m) = &self.metric {
            set("metric", m);
            // A gridworld draws its value map unless curves are asked for.
            set("curves", "1");
        }
        if self.log_x {
            set("logx", "1");
        }
        Ok(view)
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
    let scenario = load(&args.source())?;
    check_outputs(args)?;
    match &scenario {
        Scenario::Bandit(b) => execute_split(args, &scenario, |role| {
            Ok(BanditExperiment::share(b.clone(), role))
        }),
        Scenario::Gridworld(g) => execute_split(args, &scenario, |role| {
            GridExperiment::share(g.clone(), role).map_err(|e| e.to_string())
        }),
        Scenario::PolicyGradient(pg) => {
            let mut exp = playground_pg::build(pg).map_err(|e| e.to_string())?;
            execute(args, &scenario, &mut exp)
        }
        Scenario::Transformer(lm) => crate::lm::run(&scenario, lm, args),
        Scenario::Dpo(d) => execute(
            args,
            &scenario,
            &mut playground_pref::DpoExperiment::new(d)?,
        ),
        Scenario::Nash(n) => execute(
            args,
            &scenario,
            &mut playground_pref::nash::NashExperiment::new(n)?,
        ),
        Scenario::Overoptimization(o) => execute(
            args,
            &scenario,
            &mut playground_pref::overopt::OveroptExperiment::new(o)?,
        ),
        Scenario::RewardLearning(r) => execute(
            args,
            &scenario,
            &mut playground_pref::reward_learning::RewardExperiment::new(r)?,
        ),
        Scenario::LmAlignment(a) => crate::lm::run_alignment(&scenario, a, args),
        Scenario::Pareto(p) => execute(
            args,
            &scenario,
            &mut playground_pareto::ParetoExperiment::new(p)?,
        ),
        Scenario::Bayesopt(b) => execute(
            args,
            &scenario,
            &mut playground_bayesopt::BayesoptExperiment::new(b)?,
        ),
        Scenario::Constrained(c) => execute(
            args,
            &scenario,
            &mut playground_constrained::ConstrainedExperiment::new(c)?,
        ),
    }
}

/// Run an experiment to the end, then write what was asked for: CSV, the figure, and the
/// JSON report on stdout. A figure the view cannot draw is refused before the run.
pub(crate) fn execute(
    args: &RunArgs,
    scenario: &Scenario,
    exp: &mut dyn Experiment,
) -> Result<(), String> {
    let view = checked_view(args, scenario, exp)?;
    run_with_progress(exp);
    report(args, scenario, exp, &view)
}

/// A run whose runs split over threads (see `threads`), built by `make` for the head's
/// role: the same report for any number of threads.
fn execute_split<E: Shard>(
    args: &RunArgs,
    scenario: &Scenario,
    make: impl FnOnce(Role) -> Result<E, String>,
) -> Result<(), String> {
    let blocks = split::blocks_of(scenario).unwrap_or(1);
    let shares = split::shares(blocks, args.threads());
    let mut exp = make(threads::head_role(&shares))?;
    let view = checked_view(args, scenario, &exp)?;
    let (show, horizon) = (progress_shown(), exp.horizon());
    threads::run(&mut exp, scenario, &shares[1..], |t| {
        show_progress(show, t, horizon)
    });
    show_progress(show, horizon, horizon);
    report(args, scenario, &exp, &view)
}

/// The figure's view, refused before the run if the figure cannot be drawn with it.
fn checked_view(
    args: &RunArgs,
    scenario: &Scenario,
    exp: &dyn Experiment,
) -> Result<Vec<(String, String)>, String> {
    let view = args.view()?;
    figure_of(scenario, exp, &view)?;
    Ok(view)
}

/// Write what was asked for of a finished run: CSV, the figure and the JSON report.
fn report(
    args: &RunArgs,
    scenario: &Scenario,
    exp: &dyn Experiment,
    view: &[(String, String)],
) -> Result<(), String> {
    if let Some(path) = &args.csv {
        output::write_csv(path, exp)?;
    }
    if let Some(path) = &args.figure {
        render::save_figure(&figure_of(scenario, exp, view)?, path)?;
    }
    output::print_json(scenario, exp, args.compact)?;
    // The report up to the divergence is written; the exit status says it stopped.
    match exp.divergence() {
        Some(d) => Err(d.to_string()),
        None => Ok(()),
    }
}

fn figure_of(
    scenario: &Scenario,
    exp: &dyn Experiment,
    view: &[(String, String)],
) -> Result<playground_figure::Figure, String> {
    default_figure(&FigureInput {
        scenario,
        series: exp.series(),
        finals: &exp.finals(),
        view,
    })
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
fn run_with_progress(exp: &mut dyn Experiment) {
    let show = progress_shown();
    let mut last = Instant::now();
    while exp.work(4096) > 0 {
        if last.elapsed() > Duration::from_millis(500) {
            show_progress(show, exp.t(), exp.horizon());
            last = Instant::now();
        }
    }
    show_progress(show, exp.horizon(), exp.horizon());
}

fn progress_shown() -> bool {
    std::io::stderr().is_terminal()
}

/// The progress line; at the end, the line is cleared.
fn show_progress(show: bool, t: usize, horizon: usize) {
    if !show {
        return;
    }
    if t >= horizon {
        eprint!("\r\x1b[K");
    } else {
        eprint!("\r{t} / {horizon} steps");
    }
}
