//! What the lab's presets teach, asserted on small tasks: baselines and λ cut gradient
//! variance, TRPO's KL stays within δ, PPO's clip zeroes gradients but lets the ratio
//! drift over many epochs while SPO keeps it in the band, information-gain turn rewards
//! cure GRPO's advantage collapse on twenty questions.

use playground_core::experiment::Experiment;
use playground_core::scenario::{PgLearner, TwentyQuestionsEnv};
use playground_pg::experiment::Plan;
use playground_pg::learners::surrogate::Objective;
use playground_pg::{PgExperiment, Task, questions};

use crate::tasks;

/// Mean over steps of a learner's metric.
fn average(e: &PgExperiment, learner: usize, metric: &str) -> f64 {
    average_from(e, learner, metric, 0)
}

/// Mean of a learner's metric over steps `from..`.
fn average_from(e: &PgExperiment, learner: usize, metric: &str, from: usize) -> f64 {
    let m = e.series().learners[learner].metric(metric).unwrap();
    m.mean[from..].iter().sum::<f64>() / (m.mean.len() - from) as f64
}

/// With a learning rate so small that the policy stays (nearly) uniform, every learner
/// estimates the gradient of the same policy from the same episodes (common random
/// numbers), and only the baseline differs. After 10 updates the critic has learned V.
#[test]
fn baselines_cut_the_gradient_variance() {
    let frozen = |spec: &str| format!("{spec}\nlearning_rate = 1e-6");
    let specs = [
        frozen("type = 'reinforce'"),
        frozen("type = 'reinforce'\nbaseline = 'constant'"),
        frozen("type = 'reinforce'\nbaseline = 'value'"),
    ];
    let refs: Vec<&str> = specs.iter().map(String::as_str).collect();
    let mut e = tasks::experiment(tasks::short_corridor(), 1, 30, 4, &refs);
    e.run_to_end();
    let v: Vec<f64> = (0..3)
        .map(|l| average_from(&e, l, "grad_variance", 10))
        .collect();
    println!(
        "gradient variance: none {:.4}, constant {:.4}, value {:.4}",
        v[0], v[1], v[2]
    );
    assert!(v[1] < 0.9 * v[0] && v[2] < 0.5 * v[0], "{v:?}");
    // Lower variance, same mean: the batch's estimate points closer to the exact ∇J.
    let c: Vec<f64> = (0..3)
        .map(|l| average_from(&e, l, "grad_cosine", 10))
        .collect();
    println!("cosine with the exact gradient: {c:?}");
    assert!(c[2] > c[0] + 0.1 && c[1] > c[0], "{c:?}");
}

/// The same frozen policy: GAE's advantage variance grows with λ (λ = 0 is the TD error,
/// λ = 1 the Monte Carlo advantage).
#[test]
fn smaller_lambda_means_smaller_gradient_variance() {
    let lambdas = [0.0, 0.5, 0.95, 1.0];
    let specs: Vec<String> = lambdas
        .iter()
        .map(|l| format!("type = 'gae'\nlambda = {l}\ncritic_lambda = 1.0\nlearning_rate = 1e-6"))
        .collect();
    let refs: Vec<&str> = specs.iter().map(String::as_str).collect();
    let mut e = tasks::experiment(tasks::slippery_room(), 2, 30, 4, &refs);
    e.run_to_end();
    let v: Vec<f64> = (0..4)
        .map(|l| average_from(&e, l, "grad_variance", 10))
        .collect();
    println!("gradient variance by λ {lambdas:?}: {v:?}");
    assert!(v.windows(2).all(|w| w[0] < w[1]), "{v:?}");
}

#[test]
fn trpo_keeps_every_update_within_its_trust_region() {
    let delta = 0.01;
    let mut e = tasks::experiment(
        tasks::slippery_room(),
        4,
        40,
        3,
        &[&format!("type = 'trpo'\ndelta = {delta}")],
    );
    let (mut accepted, mut near) = (0, 0);
    while !e.is_done() {
        e.step();
        for r in 0..3 {
            let o = e.learner(0, r).unwrap().last().trpo.unwrap();
            assert!(o.kl <= delta, "KL {} > δ", o.kl);
            if o.accepted {
                accepted += 1;
                assert!(o.improvement > 0.0);
                near += usize::from(o.kl > 0.5 * delta);
            }
        }
    }
    // The step is scaled to the trust region's edge: most accepted steps use much of it.
    assert!(
        accepted >= 60 && near * 2 >= accepted,
        "{accepted} accepted, {near} near δ"
    );
    assert!(e.checks().iter().all(|c| c.passed), "{:#?}", e.checks());
}

#[test]
fn ppos_clip_zeroes_gradients_but_spo_keeps_the_ratio_in_the_band() {
    let many_epochs = |t: &str| {
        format!(
            "type = '{t}'\nepochs = 30\nminibatches = 1\nlearning_rate = 0.5\nentropy_coef = 0.0"
        )
    };
    let (ppo, spo) = (many_epochs("ppo"), many_epochs("spo"));
    let mut e = tasks::experiment(tasks::slippery_room(), 5, 5, 4, &[&ppo, &spo]);
    e.run_to_end();
    let (out_ppo, out_spo) = (
        average(&e, 0, "outside_band"),
        average(&e, 1, "outside_band"),
    );
    println!("share of ratios outside [0.8, 1.2]: PPO {out_ppo:.3}, SPO {out_spo:.3}");
    assert!(
        out_ppo > 0.1 && out_spo < 0.25 * out_ppo,
        "PPO {out_ppo}, SPO {out_spo}"
    );
    assert!(average(&e, 0, "clip_fraction") > 0.05);
    // The last update clipped some samples, and their gradient is exactly zero.
    let learner = e.learner(0, 0).unwrap();
    let clip = Objective::Clip { eps: 0.2 };
    let clipped = learner
        .last()
        .samples
        .iter()
        .filter(|x| {
            let p = learner.policy().probs().prob(x.state, x.action);
            clip.clipped(p / x.old_prob, x.advantage)
        })
        .count();
    assert!(clipped > 0);
    let failed: Vec<_> = e.checks().into_iter().filter(|c| !c.passed).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    let names: Vec<String> = e.checks().into_iter().map(|c| c.name).collect();
    assert!(
        names
            .iter()
            .any(|n| n.contains("zero gradient on clipped samples")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.contains("per-sample optimum at ρ = 1 ± ε")),
        "{names:?}"
    );
}

#[test]
fn grpo_groups_with_equal_rewards_give_no_gradient() {
    // Deterministic rewards in {0, 1}: with P(success) = 1/3 under the uniform policy,
    // a group of 4 is all-equal with probability (1/3)⁴ + (2/3)⁴ = 17/81.
    let mut m = tasks::three_arms(0.0);
    for (a, o) in m.outcomes[..3].iter_mut().enumerate() {
        o[0].reward = if a == 2 { 1.0 } else { 0.0 };
    }
    let mut e = tasks::experiment(m, 6, 1, 200, &["type = 'grpo'\ngroup = 4\nbatch = 40"]);
    e.run_to_end();
    let (zero, ci) = e.series_of(0, "zero_groups").unwrap();
    let want = 17.0 / 81.0;
    assert!(
        (zero - want).abs() < ci.max(0.01) * 1.5,
        "{zero} ± {ci} vs {want}"
    );
}

/// VC-PPO's point: with λ < 1 for the critic too, a terminal reward reaches the start of
/// a long episode only as (γλ)^T, so the critic's value there stays wrong for many
/// updates and the actor's advantages with it; a critic fitted with λ = 1 (Monte Carlo
/// targets) is right at once, and the actor learns faster with the same actor λ.
#[test]
fn a_decoupled_critic_lambda_carries_a_terminal_reward_over_a_long_horizon() {
    let coupled = "type = 'ppo'\nlambda = 0.95\nlearning_rate = 1.0";
    let decoupled = "type = 'ppo'\nlambda = 0.95\ncritic_lambda = 1.0\nlearning_rate = 1.0";
    let mut e = tasks::experiment(tasks::pit_corridor(24, 8), 1, 10, 4, &[coupled, decoupled]);
    e.run_to_end();
    let at = |l: usize, m: &str| {
        *e.series().learners[l]
            .metric(m)
            .unwrap()
            .mean
            .last()
            .unwrap()
    };
    let (err_c, err_d) = (at(0, "value_error"), at(1, "value_error"));
    let (j_c, j_d) = (at(0, "exact_return"), at(1, "exact_return"));
    println!("after 10 updates: critic error {err_c:.3} vs {err_d:.3}, J {j_c:.3} vs {j_d:.3}");
    assert!(
        err_d < 0.5 * err_c,
        "critic error coupled {err_c}, decoupled {err_d}"
    );
    assert!(j_d > j_c, "J coupled {j_c}, decoupled {j_d}");
    let (actor, critic) = e.credit_decay(0, 100).unwrap();
    assert!((actor[0] - 0.95f64.powi(99)).abs() < 1e-15 && critic == actor);
    let (_, critic) = e.credit_decay(1, 100).unwrap();
    assert!(critic.iter().all(|&c| c == 1.0));
}

/// "Truncating Trajectories in Monte Carlo Reinforcement Learning": with γ < 1, the same
/// budget of transitions spread over more, shorter trajectories gives a narrower
/// confidence interval for J, at the price of a small, bounded bias.
#[test]
fn truncated_trajectories_narrow_the_monte_carlo_interval() {
    let mut e = tasks::experiment(
        tasks::noisy_ring(),
        3,
        20,
        20,
        &[
            "type = 'mc-evaluation'\nbudget = 200",
            "type = 'mc-evaluation'\nbudget = 200\ntruncate = 30",
        ],
    );
    e.run_to_end();
    let (full, cut) = (
        e.series_of(0, "ci_width").unwrap().0,
        e.series_of(1, "ci_width").unwrap().0,
    );
    let (err_full, err_cut) = (
        e.series_of(0, "abs_error").unwrap().0,
        e.series_of(1, "abs_error").unwrap().0,
    );
    println!("CI width {full:.4} vs {cut:.4}; |error| {err_full:.4} vs {err_cut:.4}");
    assert!(cut < 0.6 * full, "{cut} vs {full}");
    let checks = e.checks();
    let failed: Vec<_> = checks.iter().filter(|c| !c.passed).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert!(
        checks
            .iter()
            .filter(|c| c.name.contains("centred on J_H"))
            .count()
            == 2
    );
}

#[test]
fn a_budget_buys_budget_over_horizon_trajectories_on_a_task_without_end() {
    use playground_pg::learners::estimator::McEstimator;
    let ring = tasks::noisy_ring();
    for (horizon, want) in [(100, 2), (40, 5), (20, 10), (30, 7)] {
        let mut e = McEstimator::new(200, horizon, &ring, 1, 0);
        // 200 = 6 × 30 + 20: the seventh trajectory is cut by what is left of the budget.
        assert_eq!(e.iterate(&ring).trajectories, want, "horizon {horizon}");
    }
}

/// An experiment on any task (the `tasks` helpers take bare MDPs).
fn experiment(
    task: Task,
    seed: u64,
    iterations: usize,
    runs: usize,
    specs: &[&str],
) -> PgExperiment {
    let learners: Vec<PgLearner> = specs.iter().map(|l| tasks::learner(l)).collect();
    let labels = (0..learners.len()).map(|i| format!("{i}")).collect();
    let plan = Plan {
        seed,
        iterations,
        runs,
        learners,
        labels,
    };
    PgExperiment::new(task, plan).unwrap()
}

/// IGPO's claim on twenty questions: with the outcome reward alone most GRPO groups are
/// all lost at first (every advantage zero, no gradient) and the policy stays near the
/// random guesser's J = 1/16; paid each question's information gain, no group is ever
/// all-equal and the policy learns to ask and then to name the number. Over three seeds
/// (three runs each, 150 updates): outcome GRPO's groups are all-equal at least 40% of
/// the time and its final J stays below 0.1; IGPO's are all-equal under 2% of the time,
/// and its final J is above 0.25 and at least three times outcome GRPO's.
#[test]
fn information_gain_turn_rewards_cure_grpos_advantage_collapse() {
    let game = TwentyQuestionsEnv::default();
    let grpo = "type = 'grpo'\ngroup = 8\nbatch = 32\nlearning_rate = 5.0";
    let igpo = format!("{grpo}\nsupervision = 'process'");
    for seed in 1..=3 {
        let mut e = experiment(
            questions::task(&game).unwrap(),
            seed,
            150,
            3,
            &[grpo, &igpo],
        );
        e.run_to_end();
        let collapse = [0, 1].map(|l| average(&e, l, "zero_groups"));
        let last = |l: usize| average_from(&e, l, "exact_return", 140);
        let (outcome, turns) = (last(0), last(1));
        println!(
            "seed {seed}: all-equal groups {collapse:?}; final J outcome {outcome:.3}, IGPO \
             {turns:.3}"
        );
        assert!(collapse[0] >= 0.4 && collapse[1] < 0.02, "{collapse:?}");
        assert!(outcome < 0.1, "{outcome}");
        assert!(
            turns > 0.25 && turns >= 3.0 * outcome,
            "{turns} vs {outcome}"
        );
        assert_eq!(e.optimal_return(), Some(1.0));
    }
}
