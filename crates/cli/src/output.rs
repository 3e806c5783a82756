//! JSON, CSV and the presets listing.

use std::io::{ErrorKind, Write};
use std::path::Path;

use playground_core::report::json_report;
use playground_core::{Check, Scenario, Series, presets};

pub fn print_json(
    scenario: &Scenario,
    series: &Series,
    checks: &[Check],
    compact: bool,
) -> Result<(), String> {
    let report = json_report(scenario, series, checks);
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

/// A file name from a label: letters, digits and dashes.
pub fn slug(label: &str) -> String {
    let mut s: String = label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    s.trim_matches('-').to_string()
}

/// One CSV per learner: `t,metric,metric_ci95,…`.
pub fn write_csv(dir: &Path, series: &Series) -> Result<(), String> {
    for (i, l) in series.learners.iter().enumerate() {
        let mut text = String::from("t");
        for m in &l.metrics {
            text += &format!(",{0},{0}_ci95", m.name);
        }
        text.push('\n');
        let steps = l.metrics.first().map_or(0, |m| m.mean.len());
        for t in 0..steps {
            text += &(t + 1).to_string();
            for m in &l.metrics {
                text += &format!(",{},{}", m.mean[t], m.ci95[t]);
            }
            text.push('\n');
        }
        // Numbered so two labels with the same slug cannot overwrite each other.
        let path = dir.join(format!("{}-{}.csv", i + 1, slug(&l.label)));
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

pub fn print_presets() -> Result<(), String> {
    let listing: String = presets::all()
        .map(|p| format!("{:26} {}\n", p.name, p.title))
        .collect();
    print_out(&listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(slug("ε-greedy ε=0.1"), "ε-greedy-ε-0-1");
        assert_eq!(slug("UCB c=2 #2"), "ucb-c-2-2");
    }
}
