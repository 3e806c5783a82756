//! The report of a finished (or paused) run, as the CLI prints it and the page exports it:
//! `{"scenario": …, "series": {label: {metric: [...], metric_ci95: [...]}}, "checks": [...]}`.

use serde_json::{Map, Value, json};

use crate::{Check, Scenario, Series};

pub fn json_report(scenario: &Scenario, series: &Series, checks: &[Check]) -> Value {
    let mut by_label = Map::new();
    for l in &series.learners {
        let mut metrics = Map::new();
        for m in &l.metrics {
            metrics.insert(m.name.clone(), json!(m.mean));
            metrics.insert(format!("{}_ci95", m.name), json!(m.ci95));
        }
        by_label.insert(l.label.clone(), Value::Object(metrics));
    }
    json!({
        "scenario": scenario,
        "series": by_label,
        "checks": checks,
    })
}

/// Every learner's metrics as one CSV table: `learner,t,metric,metric_ci95,…`.
pub fn csv_table(series: &Series) -> String {
    let Some(first) = series.learners.first() else {
        return String::new();
    };
    let mut text = String::from("learner,t");
    for m in &first.metrics {
        text += &format!(",{0},{0}_ci95", m.name);
    }
    text.push('\n');
    for l in &series.learners {
        let steps = l.metrics.first().map_or(0, |m| m.mean.len());
        for t in 0..steps {
            text += &format!("{},{}", csv_field(&l.label), t + 1);
            for m in &l.metrics {
                text += &format!(",{},{}", m.mean[t], m.ci95[t]);
            }
            text.push('\n');
        }
    }
    text
}

/// Quote a CSV field when it holds a comma, a quote or a line break (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::LearnerSeries;

    #[test]
    fn csv_has_a_row_per_learner_and_step_and_quotes_labels() {
        let mut l = LearnerSeries::new("a, \"b\"", &["x"]);
        l.metrics[0].mean = vec![1.0, 2.0];
        l.metrics[0].ci95 = vec![0.1, 0.2];
        let text = csv_table(&Series { learners: vec![l] });
        assert_eq!(
            text,
            "learner,t,x,x_ci95\n\"a, \"\"b\"\"\",1,1,0.1\n\"a, \"\"b\"\"\",2,2,0.2\n"
        );
    }
}
