//! Every learner improves the exact return J on a small task, toward the exact optimum.

use playground_core::experiment::Experiment;
use playground_pg::PgExperiment;
use playground_pg::exact;

use crate::tasks;

/// Mean exact J over runs of learner 0's current policies.
fn mean_exact_return(e: &PgExperiment) -> f64 {
    let js: Vec<f64> = e.exact_returns(0).into_iter().map(|j| j.unwrap()).collect();
    js.iter().sum::<f64>() / js.len() as f64
}

/// Run `learner` alone and return (J of the uniform start, final mean J, J*).
fn learn(m: playground_core::mdp::Mdp, learner: &str, iterations: usize) -> (f64, f64, f64) {
    let mut e = tasks::experiment(m, 7, iterations, 4, &[learner]);
    let start = e.uniform_return().unwrap();
    let best = e.optimal_return().unwrap();
    e.run_to_end();
    let failed: Vec<_> = e.checks().into_iter().filter(|c| !c.passed).collect();
    assert!(failed.is_empty(), "{learner}: failed checks {failed:#?}");
    (start, mean_exact_return(&e), best)
}

/// Learners on the slippery room (6 states, 4 actions, γ = 0.95): each must close at
/// least 90% of the gap between the uniform policy and the optimum.
#[test]
fn every_learner_closes_most_of_the_gap_to_the_optimum() {
    let cases = [
        ("type = 'reinforce'\nlearning_rate = 0.5", 150),
        (
            "type = 'reinforce'\nbaseline = 'constant'\nlearning_rate = 0.5",
            150,
        ),
        (
            "type = 'reinforce'\nbaseline = 'value'\nlearning_rate = 0.5",
            150,
        ),
        ("type = 'rloo'\nlearning_rate = 0.5", 150),
        ("type = 'actor-critic'\nlearning_rate = 0.5", 150),
        ("type = 'gae'\nlambda = 0.9\nlearning_rate = 0.5", 150),
        ("type = 'trpo'\ndelta = 0.02", 150),
        ("type = 'ppo'\nlearning_rate = 0.2", 100),
        ("type = 'ppo-kl'\nlearning_rate = 0.2", 100),
        ("type = 'spo'\nlearning_rate = 0.2", 100),
        (
            "type = 'ppo'\npolicy = 'mlp'\nhidden = 16\nlearning_rate = 0.5",
            100,
        ),
    ];
    for (learner, iterations) in cases {
        let (start, end, best) = learn(tasks::slippery_room(), learner, iterations);
        let closed = (end - start) / (best - start);
        println!(
            "{learner:?}: J {start:.4} → {end:.4} (J* = {best:.4}), {:.1}% of the gap",
            100.0 * closed
        );
        assert!(
            closed >= 0.9,
            "{learner}: closed only {:.1}% of the gap",
            100.0 * closed
        );
    }
}

/// GRPO on a bandit-like task with noisy rewards: it must put most mass on the best arm.
#[test]
fn grpo_finds_the_best_arm_through_noise() {
    let (start, end, best) = learn(
        tasks::three_arms(0.5),
        "type = 'grpo'\ngroup = 8\nbatch = 32\nlearning_rate = 0.5",
        100,
    );
    assert_eq!((start, best), (0.5, 0.8));
    assert!(end >= 0.78, "J = {end}");
}

/// Sutton & Barto's short corridor: a blind policy cannot be deterministic-optimal; the
/// best it can do is P(right) = 2 − √2, J = −11.66. REINFORCE gets there.
#[test]
fn reinforce_finds_the_short_corridors_stochastic_optimum() {
    let (start, end, _) = learn(
        tasks::short_corridor(),
        "type = 'reinforce'\npolicy = 'blind'\nlearning_rate = 0.002\nbatch = 16",
        300,
    );
    let blind_best = tasks::short_corridor_return(2.0 - 2f64.sqrt());
    assert!((start - tasks::short_corridor_return(0.5)).abs() < 1e-9);
    println!("short corridor: {start} → {end} (best blind {blind_best})");
    assert!(
        end >= blind_best - 0.3,
        "J = {end}, best blind policy {blind_best}"
    );
    let _ = exact::optimum(&tasks::short_corridor());
}
