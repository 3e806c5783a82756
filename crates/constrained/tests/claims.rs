//! Each preset's claim, with the numbers its notice quotes.

use playground_constrained::ConstrainedExperiment;
use playground_constrained::experiment::{COST, DISTANCE, LAMBDA, REWARD};
use playground_core::{Experiment, Scenario, presets};

fn run(name: &str) -> ConstrainedExperiment {
    let Scenario::Constrained(c) = presets::find(name).expect("preset").scenario() else {
        panic!("{name} is not a constrained preset");
    };
    let mut e = ConstrainedExperiment::new(&c).expect("valid");
    e.run_to_end();
    e
}

fn metric(e: &ConstrainedExperiment, learner: usize, name: &str) -> Vec<f64> {
    e.series().learners[learner]
        .metric(name)
        .expect("metric")
        .mean
        .clone()
}

fn range(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(*x), b.max(*x))
        })
}

/// ReLOAD: descent–ascent alternates between safe and unsafe policies for ever; the
/// optimistic version's last iterate converges.
#[test]
fn descent_ascent_cycles_and_the_optimistic_version_converges() {
    let e = run("reload-last-iterate");
    let b = e.problem().budget;
    let late = |name| metric(&e, 0, name)[500..].to_vec();
    let (cost_lo, cost_hi) = range(&late(COST));
    let (lambda_lo, lambda_hi) = range(&late(LAMBDA));
    let (reward_lo, reward_hi) = range(&late(REWARD));
    let gda_end = *metric(&e, 0, DISTANCE).last().unwrap();
    let ogda = metric(&e, 1, DISTANCE);
    let settled = ogda.iter().rposition(|d| *d > 1e-9).map_or(0, |k| k + 1) + 1;
    println!(
        "λ* = {:.4}; GDA after step 500: cost {cost_lo:.3}..{cost_hi:.3}, reward \
         {reward_lo:.3}..{reward_hi:.3}, λ {lambda_lo:.3}..{lambda_hi:.3}, final distance \
         {gda_end:.3}; optimistic within 1e-9 from step {settled}, final reward {:.4}, cost {:.4}",
        e.optimum().lambda,
        metric(&e, 1, REWARD).last().unwrap(),
        metric(&e, 1, COST).last().unwrap()
    );
    // Both sides of the budget, again and again, and far from the optimum at the end.
    assert!(cost_lo < b - 0.05 && cost_hi > b + 0.05);
    assert!(lambda_hi - lambda_lo > 2.0);
    assert!(gda_end > 0.1);
    assert!(settled < 1000, "optimistic settled at step {settled}");
}

/// One-shot dualization and SACPO reach the optimum without a loop over λ; the
/// primal–dual loop overshoots first.
#[test]
fn dualization_and_stepwise_reach_the_optimum_without_a_price_loop() {
    let e = run("one-shot-dualization");
    let b = e.problem().budget;
    let star = e.optimum().lambda;
    let (pd_lo, pd_hi) = range(&metric(&e, 0, COST)[5..]);
    let dual_lambda = metric(&e, 1, LAMBDA);
    let stepwise_cost = metric(&e, 2, COST);
    let half = stepwise_cost.len() / 2;
    println!(
        "λ* = {star:.4}, optimum reward {:.4} cost {:.4}; primal–dual cost {pd_lo:.3}..{pd_hi:.3}; \
         stepwise cost at step {half}: {:.3}; final distances {:.1e} {:.1e} {:.1e}",
        e.optimum().reward,
        e.optimum().cost,
        stepwise_cost[half - 1],
        metric(&e, 0, DISTANCE).last().unwrap(),
        metric(&e, 1, DISTANCE).last().unwrap(),
        metric(&e, 2, DISTANCE).last().unwrap(),
    );
    assert!(dual_lambda.iter().all(|l| *l == star), "λ never moves");
    assert!(*metric(&e, 1, DISTANCE).last().unwrap() < 1e-9);
    assert!(*metric(&e, 2, DISTANCE).last().unwrap() < 1e-9);
    // Stepwise ignores the budget in its first phase.
    assert!(stepwise_cost[half - 1] > b + 0.5);
    assert!(pd_lo < b - 0.05 && pd_hi > b + 0.02);
}

/// A fixed price misses the budget one way or the other.
#[test]
fn a_fixed_penalty_misses_the_budget_both_ways() {
    let e = run("penalty-vs-budget");
    let b = e.problem().budget;
    let last = |i, name| *metric(&e, i, name).last().unwrap();
    println!(
        "penalty 1: cost {:.3} reward {:.3}; penalty 5: cost {:.3} reward {:.3}; primal–dual \
         cost {:.4} λ {:.4}; optimum reward {:.3}",
        last(0, COST),
        last(0, REWARD),
        last(1, COST),
        last(1, REWARD),
        last(2, COST),
        last(2, LAMBDA),
        e.optimum().reward
    );
    assert!(last(0, COST) > 3.0 * b);
    assert!(last(1, COST) < b - 0.1 && last(1, REWARD) < 0.5 * e.optimum().reward);
    assert!((last(2, COST) - b).abs() < 1e-6);
}
