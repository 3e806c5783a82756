//! One test per paper claim, on the presets that name the papers. Each asserts the effect
//! with the numbers the run produces (printed with `--nocapture`), and each could fail.

use playground_bayesopt::acquisition as acq;
use playground_bayesopt::learner::{Context, one_duel_exact};
use playground_bayesopt::preferential::{Model, Outcome};
use playground_bayesopt::{BayesoptExperiment, SIMPLE_REGRET};
use playground_core::rng::Rng;
use playground_core::scenario::{BayesoptLearner, BayesoptScenario};
use playground_core::{Experiment, Scenario, presets};

fn preset(name: &str) -> BayesoptScenario {
    match presets::find(name).unwrap().scenario() {
        Scenario::Bayesopt(s) => s,
        _ => unreachable!(),
    }
}

/// Mean simple regret of `label` after step `t` (1-based).
fn regret(e: &BayesoptExperiment, label: &str, t: usize) -> f64 {
    e.series()
        .learner(label)
        .unwrap()
        .metric(SIMPLE_REGRET)
        .unwrap()
        .mean[t - 1]
}

/// Greed is Good: EI's and UCB's maximisers lie on the (μ, s) Pareto front, PI's need
/// not; ε-greedy over the posterior mean is competitive at small budgets.
#[test]
fn greed_is_good_pareto_front_and_epsilon_greedy() {
    let s = preset("bayesopt-greed-is-good");
    let mut e = BayesoptExperiment::new(&s).unwrap();
    let labels = e.labels();
    let (mut ei_off, mut ucb_off, mut pi_off, mut seen) = (0, 0, 0, 0);
    while !e.is_done() {
        for r in 0..4 {
            for (l, rule) in s.learners.iter().enumerate() {
                let counter = match rule {
                    BayesoptLearner::ExpectedImprovement { .. } => &mut ei_off,
                    BayesoptLearner::Ucb { .. } => &mut ucb_off,
                    BayesoptLearner::ProbabilityOfImprovement { .. } => &mut pi_off,
                    _ => continue,
                };
                let d = e.decision(l, r).unwrap();
                if acq::dominated(&d.mean, &d.sd, d.queries[0]) {
                    *counter += 1;
                }
            }
            seen += 1;
        }
        e.step();
    }
    println!("of {seen} decisions each: EI off the front {ei_off}, UCB {ucb_off}, PI {pi_off}");
    assert_eq!((ei_off, ucb_off), (0, 0));
    assert!(pi_off >= 5, "PI left the front {pi_off} times");

    let at = |label: &str, t: usize| regret(&e, label, t);
    let (ei, ucb, pf, rs, random) = (&labels[0], &labels[1], &labels[3], &labels[4], &labels[5]);
    for t in [5, 10, 20] {
        println!(
            "step {t}: EI {:.3}, UCB {:.3}, ε-PF {:.3}, ε-RS {:.3}, random {:.3}",
            at(ei, t),
            at(ucb, t),
            at(pf, t),
            at(rs, t),
            at(random, t)
        );
    }
    // ε-RS is ahead of EI and UCB by step 10, ε-PF by step 20, and both beat random search.
    assert!(at(rs, 10) < at(ei, 10) && at(rs, 10) < at(ucb, 10));
    assert!(at(pf, 20) < at(ei, 20) && at(pf, 20) < at(ucb, 20));
    assert!(at(pf, 20) < at(random, 20) && at(rs, 20) < at(random, 20));
}

/// A General Framework for User-Guided BO: a right belief about x* speeds BO, a wrong
/// one costs a few steps and then nothing (πBO's weight decays as γ/t).
#[test]
fn user_prior_right_speeds_wrong_costs_little() {
    let s = preset("bayesopt-user-prior");
    let mut e = BayesoptExperiment::new(&s).unwrap();
    e.run_to_end();
    let labels = e.labels();
    let (ei, right, wrong) = (&labels[0], &labels[1], &labels[2]);
    let at = |label: &str, t: usize| regret(&e, label, t);
    for t in [1, 5, 10, 25] {
        println!(
            "step {t}: EI {:.4}, right {:.4}, wrong {:.4}",
            at(ei, t),
            at(right, t),
            at(wrong, t)
        );
    }
    assert!(at(right, 5) < 0.1 * at(ei, 5), "a right belief speeds BO");
    assert!(at(wrong, 5) > at(ei, 5), "a wrong belief costs at first");
    assert!(at(wrong, 25) <= at(ei, 25) + 1e-3, "and little by the end");
}

/// Towards Practical Preferential BO with Skew GPs: the Gaussian (Laplace)
/// approximation mis-states duel probabilities; MCMC of the exact posterior does not.
#[test]
fn laplace_misstates_duel_probabilities_mcmc_does_not() {
    let s = preset("bayesopt-preferential-skew");
    let mut e = BayesoptExperiment::new(&s).unwrap();
    e.run_to_end();
    let ctx = Context {
        problem: e.problem(),
        gp: &e.plan().gp,
        noise: e.plan().env.noise,
    };
    let BayesoptLearner::Preferential { duel_noise, .. } = s.learners[1] else {
        unreachable!()
    };
    let grid = &e.problem().grid;

    // After the first duel alone, against the closed form.
    let first = e.duels(1, 0)[0];
    let (xa, xb) = (&grid[first.a], &grid[first.b]);
    let (w, l) = if first.a_won { (xa, xb) } else { (xb, xa) };
    let one = Model::new(
        s.gp.kernel,
        ctx.start(),
        duel_noise / e.problem().scale,
        vec![w.clone(), l.clone()],
        vec![Outcome {
            winner: 0,
            loser: 1,
        }],
    )
    .unwrap();
    let exact = one_duel_exact(&one, w, l);
    let laplace = one.duel_probability(&one.laplace().unwrap(), w, l);
    let mcmc = one.duel_probability(&one.mcmc(4000, 500, &mut Rng::new(11)), w, l);
    println!("one duel: exact {exact:.4}, Laplace {laplace:.4}, MCMC {mcmc:.4}");
    assert!((laplace - exact).abs() > 0.1);
    assert!((mcmc - exact).abs() < 0.02);

    // After all the duels of run 0: every observed duel's winner winning it again, by
    // each posterior, against a long chain.
    let state = e.state(1, 0);
    let model = state.model(&ctx, duel_noise).unwrap();
    let long = model.mcmc(40_000, 2000, &mut Rng::new(12));
    let lap = model.laplace().unwrap();
    let short = model.mcmc(300, 300, &mut Rng::new(13));
    let (mut worst_laplace, mut worst_short) = (0.0f64, 0.0f64);
    for d in &state.duels {
        let (w, l) = if d.a_won { (d.a, d.b) } else { (d.b, d.a) };
        let p = |post| model.duel_probability(post, &grid[w], &grid[l]);
        let reference = p(&long);
        worst_laplace = worst_laplace.max((p(&lap) - reference).abs());
        worst_short = worst_short.max((p(&short) - reference).abs());
    }
    println!(
        "after {} duels, winners winning again: Laplace off by up to {worst_laplace:.4}, \
         300-sample MCMC by up to {worst_short:.4} (against 40,000 samples)",
        state.duels.len()
    );
    assert!(worst_laplace > 0.05 && worst_laplace > 2.0 * worst_short);
}

/// ε-shotgun: a batch of q points a step (the ε-greedy point and q − 1 around it) cuts
/// the steps BO needs.
#[test]
fn shotgun_batches_cut_the_steps_needed() {
    let s = preset("bayesopt-shotgun-branin");
    let mut e = BayesoptExperiment::new(&s).unwrap();
    e.run_to_end();
    let labels = e.labels();
    let (shotgun, ei, random) = (&labels[0], &labels[1], &labels[3]);
    let at = |label: &str, t: usize| regret(&e, label, t);
    for t in [1, 3, 5, 15] {
        println!(
            "step {t}: ε-shotgun q=4 {:.4}, EI {:.4}, random {:.4}",
            at(shotgun, t),
            at(ei, t),
            at(random, t)
        );
    }
    assert!(at(shotgun, 5) < 0.25 * at(ei, 5));
    assert!(at(shotgun, 15) < at(ei, 15));
    // Even at equal evaluations (3 steps of 4 points against 12 steps of EI).
    println!(
        "12 evaluations: ε-shotgun {:.4}, EI {:.4}",
        at(shotgun, 3),
        at(ei, 12)
    );
    assert!(at(shotgun, 3) < at(ei, 12));
}
