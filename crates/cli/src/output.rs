//! JSON, CSV and the presets listing.

use std::io::{ErrorKind, Write};
use std::path::Path;

use playground_core::report::{csv_table, report};
use playground_core::{Experiment, Scenario, presets};

/// The run's JSON report on standard output.
pub fn print_json(scenario: &Scenario, exp: &dyn Experiment, compact: bool) -> Result<(), String> {
    let report = report(scenario, exp);
    let text = if compact {
        serde_json::to_string(&report)
    } else {
        serde_json::to_string_pretty(&report)
    };
    print_out(&(text.expect("JSON of plain data") + "\n"))
}

/// Write to standard output. A reader that stopped early (`playground … | head`) is not
/// an error: it has what it wanted. (`println!` would panic there.)
fn print_out(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => {
            Err(format!("cannot write to standard output: {e}"))
        }
        _ => Ok(()),
    }
}

/// The run's series as one CSV table (the same as the page's CSV export). A folder
/// given as the path gets `series.csv` inside it.
pub fn write_csv(path: &Path, exp: &dyn Experiment) -> Result<(), String> {
    let file = if path.is_dir() {
        path.join("series.csv")
    } else {
        path.to_path_buf()
    };
    std::fs::write(&file, csv_table(exp.series()))
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// `playground schema`: the field tables as text, or the Markdown reference page.
pub fn print_schema(kind: Option<&str>, markdown: bool) -> Result<(), String> {
    use playground_core::scenario::form::{self, KIND_FORMS};
    if markdown {
        return print_out(&form::markdown(KIND_FORMS));
    }
    let chosen: Vec<_> = match kind {
        None => KIND_FORMS.iter().collect(),
        Some(k) => vec![form::kind_form(k).ok_or_else(|| {
            let kinds: Vec<&str> = KIND_FORMS.iter().map(|f| f.kind).collect();
            format!("no kind {k:?}; kinds: {}", kinds.join(", "))
        })?],
    };
    let text: Vec<String> = chosen.iter().map(|k| form::text(k)).collect();
    print_out(&text.join("\n"))
}

pub fn print_presets() -> Result<(), String> {
    let listing: String = presets::all()
        .map(|p| format!("{:26} {}\n", p.name, p.title))
        .collect();
    print_out(&listing)
}
