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

/// Finals are laid out on the map; the page's accessors have what the panels draw.
#[test]
fn finals_and_accessors_have_the_shapes_the_page_draws() {
    let mut s = match playground_core::presets::find("pg-ppo-vs-spo")
        .unwrap()
        .scenario()
    {
        playground_core::Scenario::PolicyGradient(s) => s,
        _ => unreachable!(),
    };
    s.iterations = 3;
    s.runs = 2;
    let mut e = playground_pg::build(&s).unwrap();
    e.run_to_end();
    let finals = e.finals();
    let first = &finals[&e.plan().labels[0]];
    // The map is 3 × 5 with walls at row 2, columns 2 and 3, and the goal at the end.
    let probs = first["action_probs"].as_array().unwrap();
    assert_eq!(probs.len(), 3);
    assert!(probs.iter().all(|row| row.as_array().unwrap().len() == 5));
    assert!(probs[1][1].is_null() && probs[1][2].is_null(), "walls");
    assert!(probs[2][4].is_null(), "the goal has no policy");
    let row: Vec<f64> = probs[0][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(row.len(), 4);
    assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let values = first["values"].as_array().unwrap();
    assert!(values[1][1].is_null() && values[2][4].as_f64() == Some(0.0));
    assert!(first["optimal_return"].as_f64().is_some() && first["exact_return"].as_f64().is_some());

    let start = e.task().start_states()[0];
    let history = e.action_prob_history(0, start).unwrap();
    assert_eq!(history.len(), 3);
    assert!(
        history
            .iter()
            .all(|p| (p.iter().sum::<f64>() - 1.0).abs() < 1e-12)
    );
    assert_eq!(e.clip_band(0), Some(0.2));
    assert!(!e.ratio_samples(0).is_empty());
    let (actor, critic) = e.credit_decay(0, 50).unwrap();
    assert_eq!((actor.len(), critic.len()), (50, 50));
    assert!(
        (actor[0] - (0.95f64 * 0.95).powi(49)).abs() < 1e-15,
        "γλ = 0.95 × 0.95"
    );
}
