//! Helpers shared by the tests: presets by name, scenarios from TOML, runs.

#![allow(dead_code)]

use playground_core::scenario::ParetoScenario;
use playground_core::{Experiment, Scenario, presets};
use playground_pareto::ParetoExperiment;

pub fn scenario(text: &str) -> ParetoScenario {
    match Scenario::from_toml(text).unwrap() {
        Scenario::Pareto(s) => s,
        other => panic!("not a pareto scenario: {}", other.kind()),
    }
}

pub fn preset(name: &str) -> ParetoScenario {
    scenario(presets::find(name).unwrap().toml)
}

pub fn run(s: &ParetoScenario) -> ParetoExperiment {
    let mut e = ParetoExperiment::new(s).unwrap();
    e.run_to_end();
    e
}

/// A learner's final value of a metric.
pub fn last(e: &ParetoExperiment, label: &str, metric: &str) -> f64 {
    let m = e.series().learner(label).unwrap().metric(metric).unwrap();
    *m.mean.last().unwrap()
}

/// A learner's final points.
pub fn points(e: &ParetoExperiment, label: &str) -> Vec<[f64; 2]> {
    let l = e.plan().labels().iter().position(|x| x == label).unwrap();
    e.points(l)
}
