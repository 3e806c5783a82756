//! The Policy-Gradient Lab's presets: each builds, runs (shortened) and passes its checks;
//! the short corridor's map compiles to Sutton & Barto's corridor.

use playground_core::experiment::Experiment;
use playground_core::presets;
use playground_core::scenario::{PgScenario, Scenario};
use playground_pg::{ProbTable, exact};

use crate::tasks;

fn scenario(name: &str) -> PgScenario {
    match presets::find(name).unwrap().scenario() {
        Scenario::PolicyGradient(p) => p,
        other => panic!("{name} is a {} preset", other.kind()),
    }
}

#[test]
fn every_preset_runs_shortened_and_passes_its_checks() {
    let names: Vec<&str> = presets::for_kind("policy-gradient")
        .map(|p| p.name)
        .collect();
    assert!(names.len() >= 8, "{names:?}");
    for name in names {
        let mut s = scenario(name);
        s.iterations = s.iterations.min(8);
        s.runs = s.runs.min(3);
        let mut e = playground_pg::build(&s).unwrap();
        e.run_to_end();
        assert_eq!(e.t(), s.iterations);
        let failed: Vec<_> = e.checks().into_iter().filter(|c| !c.passed).collect();
        assert!(failed.is_empty(), "{name}: {failed:#?}");
        let view = presets::find(name).unwrap().view_flag("metric").unwrap();
        assert!(
            e.series().learners.iter().any(|l| l.metric(view).is_some()),
            "{name}: its view shows {view}, which no learner reports"
        );
        assert_eq!(e.finals().len(), s.learners.len());
    }
}

#[test]
fn the_short_corridor_map_is_sutton_and_bartos_corridor() {
    let s = scenario("pg-short-corridor");
    let e = playground_pg::build(&s).unwrap();
    let m = &e.task().mdp;
    assert_eq!((m.states, m.actions), (4, 2));
    for i in 1..10 {
        let p = i as f64 / 10.0;
        let pi = ProbTable::from_rows(2, [1.0 - p, p].repeat(4));
        let j = exact::return_of(m, &pi).unwrap();
        assert!(
            (j - tasks::short_corridor_return(p)).abs() < 1e-9,
            "p = {p}: {j}"
        );
    }
    assert_eq!(e.optimal_return(), Some(-3.0));
    let blind = e.blind_optimal_return().unwrap();
    assert!((blind - tasks::short_corridor_return(2.0 - 2f64.sqrt())).abs() < 1e-9);
    assert_eq!(e.task().action_names, ["left", "right"]);
}

/// The numbers must be bit-identical on every platform: a wasm32 build must reproduce
/// these fingerprints (as `web/tests/determinism.rs` does for the bandit presets).
/// Regenerate after an intended change with `UPDATE_FINGERPRINTS=1 cargo test -p playground-pg`.
#[test]
fn fingerprints_match_the_recorded_ones() {
    let actual = playground_pg::reference_fingerprints();
    assert_eq!(actual.len(), presets::for_kind("policy-gradient").count());
    playground_testkit::assert_recorded(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fingerprints.txt"),
        &playground_testkit::fingerprint_lines(&actual),
    );
}
