//! Rewards from preferences: the presets show what their papers claim (ALGORITHMS.md §3,
//! claims 27, 28 and 30), Verify passes on each, and the visitor's label file round-trips
//! and refuses junk.

use playground_core::presets;
use playground_core::rng::Rng;
use playground_core::{Experiment, Scenario};
use playground_pref::reward_learning::RewardExperiment;
use playground_pref::reward_learning::experiment::{
    OPTIMAL_ACTIONS, REWARD_CORRELATION, REWARD_SCALE, TRUE_RETURN,
};
use playground_pref::reward_learning::labels::{HumanAnswer, LabelFile};
use playground_pref::reward_learning::segment::Segment;

fn run(name: &str) -> RewardExperiment {
    let Scenario::RewardLearning(s) = presets::find(name).expect(name).scenario() else {
        panic!("{name} is not a reward-learning preset")
    };
    let mut e = RewardExperiment::new(&s).unwrap();
    e.run_to_end();
    for c in e.checks() {
        assert!(c.passed, "{name}: {} — {}", c.name, c.detail);
    }
    e
}

fn last(e: &RewardExperiment, l: usize, metric: &str) -> f64 {
    *e.series().learners[l]
        .metric(metric)
        .unwrap()
        .mean
        .last()
        .unwrap()
}

fn at(e: &RewardExperiment, l: usize, metric: &str, step: usize) -> f64 {
    e.series().learners[l].metric(metric).unwrap().mean[step - 1]
}

/// Claim 28 (Deep reinforcement learning from human preferences): queries where the
/// ensemble disagrees reach the optimal policy with fewer labels than random queries.
#[test]
fn disagreement_queries_beat_random_ones() {
    let e = run("rlhp-disagreement-queries");
    let optimal = e.world().optimal_return();
    // After 120 labels every run of the disagreement learner acts optimally from the
    // start; the random learner is still well short.
    assert!((at(&e, 1, TRUE_RETURN, 120) - optimal).abs() < 1e-9);
    assert!(at(&e, 0, TRUE_RETURN, 120) < optimal - 1.0);
    assert!(last(&e, 1, OPTIMAL_ACTIONS) > last(&e, 0, OPTIMAL_ACTIONS) + 0.1);
}

/// Claim 27 (Models of human preference…; Learning Optimal Advantage from Preferences
/// and Mistaking it for Reward): a partial-return fit of regret labels learns A*, not r,
/// and greedy on it is optimal.
#[test]
fn regret_labels_fitted_as_partial_return_learn_the_advantage() {
    let e = run("regret-labels-learn-advantage");
    let finals = e.finals();
    let f = &finals["partial-return fit, r̂(s, a)"];
    let advantage = f["advantage_correlation"].as_f64().unwrap();
    let reward = f["reward_correlation"].as_f64().unwrap();
    assert!(
        advantage > 0.9 && reward < advantage - 0.4,
        "{advantage} vs {reward}"
    );
    assert!((last(&e, 0, TRUE_RETURN) - e.world().optimal_return()).abs() < 1e-9);
}

/// Claim 30 (Prior Constraints-based Reward Model Training…): on separable labels the
/// unpenalised Bradley–Terry reward's scale keeps growing; an L2 penalty holds it.
#[test]
fn separable_labels_run_the_scale_away_without_a_penalty() {
    let e = run("bt-reward-scale-separable");
    let (free, held) = (last(&e, 0, REWARD_SCALE), last(&e, 1, REWARD_SCALE));
    assert!(free > 30.0 * held, "{free} vs {held}");
    assert!(at(&e, 0, REWARD_SCALE, 100) > at(&e, 0, REWARD_SCALE, 20));
}

/// An MLP reward model on the cell's letter generalises across cells: with few labels it
/// is far closer to the truth than a table fitted to the same labels (and Verify checks
/// its gradient against finite differences).
#[test]
fn an_mlp_on_what_cells_look_like_needs_fewer_labels_than_a_table() {
    let e = run("reward-model-mlp-vs-table");
    let (table, mlp) = (0, 1);
    for step in [5, 10, 20] {
        assert!(
            at(&e, mlp, REWARD_CORRELATION, step) > at(&e, table, REWARD_CORRELATION, step) + 0.3,
            "correlation at {step} labels"
        );
        assert!(at(&e, mlp, OPTIMAL_ACTIONS, step) > at(&e, table, OPTIMAL_ACTIONS, step) + 0.2);
    }
    assert!((at(&e, mlp, TRUE_RETURN, 20) - e.world().optimal_return()).abs() < 1e-9);
}

fn world_and_map() -> (RewardExperiment, String) {
    let Scenario::RewardLearning(s) = presets::find("rlhp-disagreement-queries")
        .unwrap()
        .scenario()
    else {
        unreachable!()
    };
    let map = s.env.map.clone();
    (RewardExperiment::new(&s).unwrap(), map)
}

#[test]
fn label_files_round_trip() {
    let (e, map) = world_and_map();
    let mut rng = Rng::new(7);
    let mut file = LabelFile::new(&map);
    let answers = [
        HumanAnswer::First,
        HumanAnswer::Second,
        HumanAnswer::Equal,
        HumanAnswer::CantTell,
    ];
    let mut made = Vec::new();
    for answer in answers {
        let a = Segment::sample(e.world(), 4, &mut rng);
        let b = Segment::sample(e.world(), 4, &mut rng);
        file.push(e.world(), &a, &b, answer);
        made.push((a, b, answer));
    }
    let back = LabelFile::from_json(&file.to_json()).unwrap();
    assert_eq!(back, file);
    let read = back.segments(e.world(), &map, 4).unwrap();
    for (label, (a, b, answer)) in read.iter().zip(&made) {
        assert_eq!((&label.first, &label.second, label.answer), (a, b, *answer));
    }
}

#[test]
fn junk_label_files_are_refused_with_a_message() {
    let (e, map) = world_and_map();
    let mut file = LabelFile::new(&map);
    let mut rng = Rng::new(3);
    let a = Segment::sample(e.world(), 4, &mut rng);
    file.push(e.world(), &a, &a, HumanAnswer::Equal);
    let good = file.to_json();
    let refuse = |text: &str, words: &str| {
        let err = LabelFile::from_json(text)
            .and_then(|f| f.segments(e.world(), &map, 4).map(|_| ()))
            .unwrap_err();
        assert!(err.contains(words), "{err} (wanted {words:?})");
    };
    refuse("not json", "not a JSON file");
    refuse("{\"format\": \"something else\"}", "not a label file");
    refuse(&good.replace("\"version\": 1", "\"version\": 9"), "newer");
    refuse(
        &good.replace("\"answer\": \"equal\"", "\"answer\": \"maybe\""),
        "malformed",
    );
    refuse(
        &good.replace("\"labels\"", "\"extra\": 1, \"labels\""),
        "malformed",
    );
    let mut moved = file.clone();
    moved.map = "S..\n..G".into();
    refuse(&moved.to_json(), "another map");
    let mut impossible = file.clone();
    impossible.labels[0].first.cells[1] = [5, 5];
    refuse(&impossible.to_json(), "impossible move");
    let mut off = file.clone();
    off.labels[0].second.cells[0] = [40, 0];
    refuse(&off.to_json(), "not a free cell");
    refuse(&" ".repeat(5 << 20), "at most");
}
