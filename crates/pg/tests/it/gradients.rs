//! Every policy's log-probability gradient against central finite differences, and the
//! surrogate objectives' gradients against the objectives themselves.

use playground_core::rng::Rng;
use playground_pg::learners::SurrogateSample;
use playground_pg::learners::surrogate::{self, Objective};
use playground_pg::policy::{MlpPolicy, Policy, SoftmaxTable, Term};
use playground_pg::task::one_hot;

/// Σ w ln π(a|s) at the policy's parameters.
fn weighted_log_prob(policy: &Policy, terms: &[Term]) -> f64 {
    let states: Vec<usize> = terms.iter().map(|t| t.state).collect();
    let a = policy.actions();
    let p = policy.probs_at(&states);
    terms
        .iter()
        .enumerate()
        .map(|(k, t)| t.weight * playground_core::math::ln(p[k * a + t.action]))
        .sum()
}

fn random_terms(states: usize, actions: usize, n: usize, rng: &mut Rng) -> Vec<Term> {
    (0..n)
        .map(|_| Term::new(rng.below(states), rng.below(actions), rng.normal()))
        .collect()
}

/// Directional central differences along random directions (every component for small
/// parameter vectors), with a tolerance relative to the directional derivative.
fn check_gradient(
    name: &str,
    policy: &Policy,
    f: impl Fn(&Policy) -> f64,
    g: &[f64],
    rng: &mut Rng,
) {
    let n = policy.n_params();
    let directions: Vec<Vec<f64>> = if n <= 16 {
        (0..n)
            .map(|k| (0..n).map(|i| if i == k { 1.0 } else { 0.0 }).collect())
            .collect()
    } else {
        (0..8)
            .map(|_| (0..n).map(|_| rng.normal()).collect())
            .collect()
    };
    let h = 1e-5;
    for u in directions {
        let (mut up, mut down) = (policy.clone(), policy.clone());
        up.ascend(&u, h);
        down.ascend(&u, -h);
        let fd = (f(&up) - f(&down)) / (2.0 * h);
        let analytic: f64 = g.iter().zip(&u).map(|(x, y)| x * y).sum();
        assert!(
            (fd - analytic).abs() <= 1e-7 * (1.0 + analytic.abs()),
            "{name}: finite difference {fd} vs gradient {analytic}"
        );
    }
}

fn policies(rng: &mut Rng) -> Vec<(&'static str, Policy)> {
    let (states, actions) = (5, 3);
    let mut tabular = Policy::Table(SoftmaxTable::tabular(states, actions));
    let mut blind = Policy::Table(SoftmaxTable::blind(states, actions));
    for p in [&mut tabular, &mut blind] {
        let theta: Vec<f64> = (0..p.n_params()).map(|_| rng.normal()).collect();
        p.set_params(&theta);
    }
    let one_hot_mlp = Policy::Mlp(MlpPolicy::new(one_hot(states), actions, 6, 3));
    let coords: Vec<Vec<f64>> = (0..states)
        .map(|s| vec![s as f64 / 4.0, 1.0 - s as f64 / 4.0])
        .collect();
    let mut coord_mlp = Policy::Mlp(MlpPolicy::new(coords, actions, 4, 4));
    // Away from the near-uniform start, so the output layer matters.
    let theta: Vec<f64> = (0..coord_mlp.n_params()).map(|_| rng.normal()).collect();
    coord_mlp.set_params(&theta);
    vec![
        ("tabular", tabular),
        ("blind", blind),
        ("mlp (one-hot)", one_hot_mlp),
        ("mlp (coordinates)", coord_mlp),
    ]
}

#[test]
fn every_policys_log_prob_gradient_matches_finite_differences() {
    let mut rng = Rng::new(11);
    for (name, policy) in policies(&mut rng) {
        let terms = random_terms(5, 3, 12, &mut rng);
        let g = policy.grad(&terms);
        assert_eq!(g.len(), policy.n_params());
        check_gradient(
            name,
            &policy,
            |p| weighted_log_prob(p, &terms),
            &g,
            &mut rng,
        );
    }
}

#[test]
fn probabilities_are_distributions_and_params_round_trip() {
    let mut rng = Rng::new(12);
    for (name, mut policy) in policies(&mut rng) {
        let p = policy.probs();
        for s in 0..5 {
            let total: f64 = p.row(s).iter().sum();
            assert!(
                (total - 1.0).abs() < 1e-14,
                "{name}: row {s} sums to {total}"
            );
        }
        let theta = policy.params();
        policy.set_params(&theta);
        assert_eq!(policy.probs(), p, "{name}");
        assert_eq!(policy.probs_at(&[3, 1, 3])[..3], p.row(3)[..]);
    }
    // The MLP starts nearly uniform (output layer scaled by 0.01).
    let mlp = Policy::Mlp(MlpPolicy::new(one_hot(5), 3, 16, 1));
    let p = mlp.probs();
    assert!(
        p.as_slice().iter().all(|x| (x - 1.0 / 3.0).abs() < 0.02),
        "{p:?}"
    );
}

#[test]
fn surrogate_gradients_match_their_objectives() {
    let mut rng = Rng::new(13);
    for (name, policy) in policies(&mut rng) {
        let probs = policy.probs();
        // Old probabilities perturbed so ratios spread on both sides of the band.
        let samples: Vec<SurrogateSample> = (0..20)
            .map(|_| {
                let (s, a) = (rng.below(5), rng.below(3));
                SurrogateSample {
                    state: s,
                    action: a,
                    old_prob: probs.prob(s, a) * (0.6 + 0.8 * rng.uniform()),
                    advantage: rng.normal(),
                    coef: 0.05,
                }
            })
            .collect();
        for objective in [
            Objective::Clip { eps: 0.2 },
            Objective::Spo { eps: 0.2 },
            Objective::Plain,
        ] {
            let g = surrogate::objective_gradient(&policy, &samples, objective);
            check_gradient(
                name,
                &policy,
                |p| surrogate::objective_value(p, &samples, objective),
                &g,
                &mut rng,
            );
        }
    }
}

#[test]
fn entropy_bonus_and_kl_penalty_gradients_match_their_values() {
    use playground_pg::learners::surrogate::Penalties;
    let mut rng = Rng::new(14);
    for (name, policy) in policies(&mut rng) {
        let old = policy.probs();
        // Move away from the old policy so the KL and its gradient are not zero.
        let mut now = policy.clone();
        let u: Vec<f64> = (0..now.n_params()).map(|_| rng.normal()).collect();
        now.ascend(&u, 0.3);
        let penalties = Penalties {
            kl_beta: 0.7,
            entropy_coef: 0.2,
        };
        let states = [0usize, 2, 4];
        let value = |p: &Policy| -> f64 {
            let probs = p.probs();
            states
                .iter()
                .map(|&s| penalties.value(probs.row(s), old.row(s)))
                .sum()
        };
        let probs = now.probs();
        let terms: Vec<Term> = states
            .iter()
            .flat_map(|&s| penalties.terms(s, probs.row(s), old.row(s), 1.0))
            .collect();
        let g = now.grad(&terms);
        check_gradient(name, &now, value, &g, &mut rng);
    }
}

#[test]
fn grpo_gradient_matches_its_objective() {
    use playground_pg::learners::grpo;
    let mut rng = Rng::new(15);
    for (name, policy) in policies(&mut rng) {
        let probs = policy.probs();
        let reference = playground_pg::ProbTable::uniform(5, 3);
        let samples: Vec<SurrogateSample> = (0..16)
            .map(|_| {
                let (s, a) = (rng.below(5), rng.below(3));
                SurrogateSample {
                    state: s,
                    action: a,
                    old_prob: probs.prob(s, a) * (0.6 + 0.8 * rng.uniform()),
                    advantage: rng.normal(),
                    coef: 1.0 / 16.0,
                }
            })
            .collect();
        let g = grpo::gradient(&policy, &samples, &reference, 0.2, 0.3);
        check_gradient(
            name,
            &policy,
            |p| grpo::objective_value(p, &samples, &reference, 0.2, 0.3),
            &g,
            &mut rng,
        );
    }
}
