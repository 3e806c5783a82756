//! The experiment: determinism across work slicing, series and finals.

use playground_core::experiment::Experiment;

use crate::tasks;

const LEARNERS: [&str; 4] = [
    "type = 'reinforce'\nbaseline = 'value'",
    "type = 'ppo'",
    "type = 'trpo'",
    "type = 'mc-evaluation'\nbudget = 50\ntruncate = 10",
];

#[test]
fn numbers_do_not_depend_on_how_work_is_sliced() {
    let make = || tasks::experiment(tasks::slippery_room(), 3, 12, 3, &LEARNERS);
    let mut whole = make();
    whole.run_to_end();
    for budget in [1, 2, 5] {
        let mut sliced = make();
        while !sliced.is_done() {
            let done = sliced.work(budget);
            assert!(done >= 1 && done <= budget);
        }
        assert_eq!(sliced.series(), whole.series(), "budget {budget}");
        assert_eq!(sliced.finals(), whole.finals(), "budget {budget}");
    }
    // A step never crosses its boundary: one step is 4 learners × 3 runs of work.
    let mut e = make();
    assert_eq!(e.work(usize::MAX), 12);
    assert_eq!(e.t(), 1);
}
