//! `playground`: run any Scenario headless, print JSON, write CSV and PNG/SVG figures.
//!
//! Exit status: 0 on success, 2 when the input is bad (unreadable file, invalid scenario,
//! unknown preset, unwritable output), with a message that names the problem.

mod gpu;
mod lm;
mod output;
mod render;
mod run;
mod threads;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "playground",
    version,
    about = "Policy Playground from the command line: run a Scenario to the end, print its series and checks as JSON, write CSV and figures."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a Scenario file (TOML or JSON) or a preset to the end.
    Run(run::RunArgs),
    /// List the presets.
    Presets,
    /// Every field of every kind of Scenario (or of one): meaning, default, allowed range.
    Schema {
        /// Only this kind (bandit, transformer, …).
        kind: Option<String>,
        /// Print the Markdown reference page (docs/scenarios.md) instead.
        #[arg(long, conflicts_with = "kind")]
        markdown: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Presets => output::print_presets(),
        Command::Schema { kind, markdown } => output::print_schema(kind.as_deref(), markdown),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Where the scenario comes from.
pub(crate) enum Source {
    File(PathBuf),
    Preset(String),
}
