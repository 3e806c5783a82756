//! A scenario's runs split over several workers give the numbers of one worker stepping
//! them all, bit for bit, however many shares and in whatever order the parts arrive.

use playground_core::bandit::BanditExperiment;
use playground_core::gridworld::GridExperiment;
use playground_core::split::{self, Role, Shard};
use playground_core::{Experiment, Scenario, presets};

/// Every bandit preset, shortened, with runs enough for several blocks (the last one
/// partial).
fn scenarios() -> Vec<Scenario> {
    presets::for_kind("bandit")
        .map(|p| {
            let Scenario::Bandit(mut b) = p.scenario() else {
                unreachable!("bandit presets hold bandit scenarios")
            };
            b.steps = 40;
            b.runs = 3 * split::BLOCK + 5;
            Scenario::Bandit(b)
        })
        .collect()
}

/// Step `workers` shares like a crew of workers: the helpers run ahead by different
/// amounts, and their parts reach the head late and out of order. `head` builds the
/// head's experiment for its share.
fn crewed<E: Shard>(scenario: &Scenario, workers: usize, head: impl Fn(Role) -> E) -> E {
    let blocks = split::blocks_of(scenario).expect("the scenario's runs split");
    let shares = split::shares(blocks, workers);
    let mut head = head(Role::Head(shares[0].clone()));
    let mut helpers: Vec<Box<dyn Shard>> = shares[1..]
        .iter()
        .map(|s| split::share(scenario, Role::Helper(s.clone())).unwrap())
        .collect();
    let mut round = 0;
    while !head.is_done() {
        round += 1;
        let mut parts = Vec::new();
        for (k, helper) in helpers.iter_mut().enumerate().rev() {
            // Helper k does k + 1 steps every other round.
            if (round + k) % 2 == 0 {
                for _ in 0..=k {
                    helper.step();
                }
            }
            parts.extend(helper.take_parts());
        }
        parts.reverse();
        head.accept_parts(parts);
        head.work(usize::MAX);
        // The head never closes a step its helpers have not finished (once they have
        // finished every step theirs, a gridworld's planners may go on in the head).
        let slowest = helpers.iter().map(|h| h.t()).min().unwrap_or(usize::MAX);
        assert!(head.t() <= slowest || helpers.iter().all(|h| h.is_done()));
    }
    head
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
    for scenario in scenarios() {
        let Scenario::Bandit(b) = &scenario else {
            unreachable!()
        };
        let mut whole = BanditExperiment::new(b.clone());
        whole.run_to_end();
        for workers in [2, 3, 4] {
            let head = crewed(&scenario, workers, |role| {
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
            let head = crewed(&scenario, workers, |role| {
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
fn a_head_waits_for_its_helpers_and_a_whole_run_never_does() {
    let scenario = scenarios().remove(0);
    let mut head = split::share(&scenario, Role::Head(0..1)).unwrap();
    head.work(usize::MAX);
    assert!(head.waiting());
    assert_eq!(head.t(), 0);
    assert_eq!(head.work(usize::MAX), 0, "no work while waiting");
    let mut whole = split::share(&scenario, Role::Whole).unwrap();
    whole.work(usize::MAX);
    assert!(!whole.waiting());
    assert_eq!(whole.t(), 1);
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
