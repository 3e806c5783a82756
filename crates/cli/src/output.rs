//! JSON, CSV and the presets listing.

use std::path::Path;

use playground_core::report::json_report;
use playground_core::{Check, Scenario, Series, presets};

pub fn print_json(scenario: &Scenario, series: &Series, checks: &[Check], compact: bool) {
    let report = json_report(scenario, series, checks);
    let text = if compact {
        serde_json::to_string(&report)
    } else {
        serde_json::to_string_pretty(&report)
    };
    println!("{}", text.expect("JSON of plain data"));
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

pub fn print_presets() {
    for p in presets::all() {
        println!("{:26} {}", p.name, p.title);
    }
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
