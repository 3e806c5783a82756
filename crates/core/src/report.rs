//! The report of a finished (or paused) run, as the CLI prints it and the page exports it:
//! `{"scenario": …, "series": {label: {metric: [...], metric_ci95: [...]}},
//! "final": {label: {name: value}}, "checks": [...]}`; and the same series as one CSV
//! table. These are the only writers of both formats.

use serde_json::{Map, Value, json};

use crate::{Check, Experiment, Scenario, Series};

/// The JSON report of an experiment's current state.
pub fn report(scenario: &Scenario, exp: &dyn Experiment) -> Value {
    json_report(scenario, exp.series(), &exp.finals(), &exp.checks())
}

pub fn json_report(
    scenario: &Scenario,
    series: &Series,
    finals: &Map<String, Value>,
    checks: &[Check],
) -> Value {
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
        "final": finals,
        "checks": checks,
    })
}

/// Every learner's metrics as one CSV table, `learner,t,metric,metric_ci95,…`, one row per
/// learner and step. The columns are every metric any learner has, in order of first
/// appearance; a learner without a metric, or with a shorter series (episodes end at
/// different times), leaves those cells empty.
pub fn csv_table(series: &Series) -> String {
    let mut names: Vec<&str> = Vec::new();
    for m in series.learners.iter().flat_map(|l| &l.metrics) {
        if !names.contains(&m.name.as_str()) {
            names.push(&m.name);
        }
    }
    let mut text = String::from("learner,t");
    for n in &names {
        text += &format!(",{n},{n}_ci95");
    }
    text.push('\n');
    for l in &series.learners {
        let steps = l.metrics.iter().map(|m| m.mean.len()).max().unwrap_or(0);
        for t in 0..steps {
            text += &format!("{},{}", csv_field(&l.label), t + 1);
            for n in &names {
                match l.metric(n).filter(|m| t < m.mean.len()) {
                    Some(m) => text += &format!(",{},{}", m.mean[t], m.ci95[t]),
                    None => text += ",,",
                }
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

    #[test]
    fn csv_columns_are_the_union_and_gaps_stay_empty() {
        let mut a = LearnerSeries::new("a", &["x"]);
        a.metrics[0].mean = vec![1.0];
        a.metrics[0].ci95 = vec![0.0];
        let mut b = LearnerSeries::new("b", &["y", "x"]);
        b.metrics[0].mean = vec![5.0, 6.0];
        b.metrics[0].ci95 = vec![0.5, 0.6];
        b.metrics[1].mean = vec![7.0];
        b.metrics[1].ci95 = vec![0.7];
        let text = csv_table(&Series {
            learners: vec![a, b],
        });
        assert_eq!(
            text,
            "learner,t,x,x_ci95,y,y_ci95\na,1,1,0,,\nb,1,7,0.7,5,0.5\nb,2,,,6,0.6\n"
        );
    }
}
