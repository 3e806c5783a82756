//! A scenario's runs split over several workers give the numbers of one worker stepping
//! them all, bit for bit, however many shares and in whatever order the parts arrive.

use playground_core::bandit::BanditExperiment;
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
/// amounts, and their parts reach the head late and out of order.
fn crewed(scenario: &Scenario, workers: usize) -> BanditExperiment {
    let Scenario::Bandit(b) = scenario else {
        unreachable!("bandit scenarios only")
    };
    let blocks = split::blocks_of(scenario).expect("bandit runs split");
    let shares = split::shares(blocks, workers);
    let mut head = BanditExperiment::share(b.clone(), Role::Head(shares[0].clone()));
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
        assert!(head.t() <= helpers.iter().map(|h| h.t()).min().unwrap_or(usize::MAX));
    }
    head
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
            let head = crewed(&scenario, workers);
            assert_eq!(
                head.series().fingerprint(),
                whole.series().fingerprint(),
                "{} over {workers} workers",
                b.agents.len()
            );
            let checks = |e: &dyn Experiment| -> Vec<(bool, String)> {
                e.checks()
                    .into_iter()
                    .map(|c| (c.passed, c.detail))
                    .collect()
            };
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
