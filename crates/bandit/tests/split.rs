//! A bandit scenario's runs split over several workers give the numbers of one worker
//! stepping them all, bit for bit, however many shares and in whatever order the parts
//! arrive.

use playground_bandit::BanditExperiment;
use playground_core::split::{self, Role, Shard};
use playground_core::{Experiment, Scenario, presets};

/// Every bandit preset, shortened, with runs enough for several blocks (the last one
/// partial).
fn scenarios() -> Vec<playground_core::scenario::BanditScenario> {
    presets::for_kind("bandit")
        .map(|p| {
            let Scenario::Bandit(mut b) = p.scenario() else {
                unreachable!("bandit presets hold bandit scenarios")
            };
            b.steps = 40;
            b.runs = 3 * split::BLOCK + 5;
            b
        })
        .collect()
}

/// What a run's checks say, in order.
fn checks(e: &dyn Experiment) -> Vec<(bool, String)> {
    e.checks()
        .into_iter()
        .map(|c| (c.passed, c.detail))
        .collect()
}

#[test]
fn split_runs_give_the_whole_runs_numbers_bit_for_bit() {
    for b in scenarios() {
        let mut whole = BanditExperiment::new(b.clone());
        whole.run_to_end();
        for workers in [2, 3, 4] {
            let blocks = split::blocks(b.runs);
            let head = split::step_as_crew(blocks, workers, |role| {
                BanditExperiment::share(b.clone(), role)
            });
            assert_eq!(
                head.series().fingerprint(),
                whole.series().fingerprint(),
                "{} over {workers} workers",
                b.agents.len()
            );
            assert_eq!(checks(&head), checks(&whole));
            for agent in 0..b.agents.len() {
                assert_eq!(head.mean_pulls(agent), whole.mean_pulls(agent));
            }
        }
    }
}

#[test]
fn a_head_waits_for_its_helpers_and_a_whole_run_never_does() {
    let scenario = scenarios().remove(0);
    let mut head = BanditExperiment::share(scenario.clone(), Role::Head(0..1));
    head.work(usize::MAX);
    assert!(head.waiting());
    assert_eq!(head.t(), 0);
    assert_eq!(head.work(usize::MAX), 0, "no work while waiting");
    let mut whole = BanditExperiment::share(scenario, Role::Whole);
    whole.work(usize::MAX);
    assert!(!whole.waiting());
    assert_eq!(whole.t(), 1);
}
