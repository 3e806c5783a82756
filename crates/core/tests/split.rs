//! A gridworld's runs split over several workers give the numbers of one worker stepping
//! them all, bit for bit, however many shares and in whatever order the parts arrive (the
//! bandit engine's: `crates/bandit/tests/split.rs`).

use playground_core::gridworld::GridExperiment;
use playground_core::split;
use playground_core::{Experiment, Scenario, presets};

/// What a run's checks say, in order.
fn checks(e: &dyn Experiment) -> Vec<(bool, String)> {
    e.checks()
        .into_iter()
        .map(|c| (c.passed, c.detail))
        .collect()
}

/// Every gridworld preset with learners from episodes, shortened, with runs enough for
/// several blocks (the last one partial).
fn gridworld_scenarios() -> Vec<Scenario> {
    presets::for_kind("gridworld")
        .filter_map(|p| {
            let Scenario::Gridworld(mut g) = p.scenario() else {
                unreachable!("gridworld presets hold gridworld scenarios")
            };
            g.episodes = 20;
            g.runs = 2 * split::BLOCK + 7;
            let s = Scenario::Gridworld(g);
            split::blocks_of(&s).is_some().then_some(s)
        })
        .collect()
}

#[test]
fn split_gridworld_runs_give_the_whole_runs_numbers_bit_for_bit() {
    let scenarios = gridworld_scenarios();
    assert!(
        scenarios.len() >= 8,
        "most gridworld presets learn from episodes"
    );
    for scenario in scenarios {
        let Scenario::Gridworld(g) = &scenario else {
            unreachable!()
        };
        let mut whole = GridExperiment::new(g.clone()).unwrap();
        whole.run_to_end();
        for workers in [2, 3] {
            let blocks = split::blocks_of(&scenario).expect("the scenario's runs split");
            let head = split::step_as_crew(blocks, workers, |role| {
                GridExperiment::share(g.clone(), role).unwrap()
            });
            let name = format!("{} over {workers} workers", g.env.map.lines().count());
            assert_eq!(
                head.series().fingerprint(),
                whole.series().fingerprint(),
                "{name}"
            );
            // Finals hold every learner's run-averaged Q table, values and policy.
            assert_eq!(head.finals(), whole.finals(), "{name}");
            assert_eq!(checks(&head), checks(&whole), "{name}");
            for learner in 0..g.learners.len() {
                assert_eq!(head.visits(learner), whole.visits(learner), "{name}");
            }
        }
    }
}

#[test]
fn blocks_are_summed_in_block_order() {
    // With one block the fold is the plain run-order sum, so short scenarios (the
    // fingerprints' 8 runs) keep their numbers; past one block the sums are grouped.
    let mut m = playground_core::series::Moments::default();
    let xs = [0.1, 0.2, 0.3];
    xs.iter().for_each(|&x| m.push(x));
    let mut block = playground_core::series::Moments::default();
    xs.iter().for_each(|&x| block.push(x));
    assert_eq!(
        split::fold(1, [std::slice::from_ref(&block)].into_iter()),
        vec![m]
    );
}
