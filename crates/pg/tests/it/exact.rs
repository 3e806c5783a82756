//! The exact answers, against brute-force enumeration, closed forms and finite
//! differences.

use playground_pg::exact;
use playground_pg::policy::{Policy, SoftmaxTable};
use playground_pg::{ProbTable, Task};

use crate::tasks;

/// An acyclic MDP (every episode ends within 3 steps), so every trajectory can be listed:
/// 0 → {1, 2} → {3} → terminal 4, with stochastic outcomes and rewards.
fn layered() -> playground_core::mdp::Mdp {
    tasks::mdp(5, 2, 0.9, 10, &[4], &[(0, 0.7), (1, 0.3)], |s, a| {
        match (s, a) {
            (0, 0) => vec![(1, 0.6, 1.0), (2, 0.4, -1.0)],
            (0, _) => vec![(2, 0.9, 0.5), (4, 0.1, 3.0)],
            (1, 0) => vec![(3, 1.0, 2.0)],
            (1, _) => vec![(4, 0.5, -2.0), (3, 0.5, 0.0)],
            (2, 0) => vec![(3, 0.3, 1.0), (4, 0.7, 0.0)],
            (2, _) => vec![(4, 1.0, 1.5)],
            (_, 0) => vec![(4, 1.0, 4.0)],
            _ => vec![(4, 1.0, -1.0)],
        }
    })
}

/// Σ over every trajectory τ of P(τ)·R(τ) and of P(τ)·R(τ)·∇ln P(τ) (the likelihood-
/// ratio form of ∇J), by depth-first enumeration.
fn brute_force(m: &playground_core::mdp::Mdp, policy: &Policy) -> (f64, Vec<f64>) {
    let pi = policy.probs();
    let mut j = 0.0;
    let mut g = vec![0.0; policy.n_params()];
    #[allow(clippy::too_many_arguments)]
    fn walk(
        m: &playground_core::mdp::Mdp,
        policy: &Policy,
        pi: &ProbTable,
        s: usize,
        p: f64,
        ret: f64,
        disc: f64,
        path: &mut Vec<(usize, usize)>,
        j: &mut f64,
        g: &mut [f64],
    ) {
        if m.terminal[s] {
            *j += p * ret;
            let terms: Vec<_> = path
                .iter()
                .map(|&(s, a)| playground_pg::policy::Term::new(s, a, p * ret))
                .collect();
            for (gi, x) in g.iter_mut().zip(policy.grad(&terms)) {
                *gi += x;
            }
            return;
        }
        for a in 0..m.actions {
            for o in m.outcomes(s, a) {
                path.push((s, a));
                let q = p * pi.prob(s, a) * o.prob;
                walk(
                    m,
                    policy,
                    pi,
                    o.next,
                    q,
                    ret + disc * o.reward,
                    disc * m.gamma,
                    path,
                    j,
                    g,
                );
                path.pop();
            }
        }
    }
    for s in 0..m.states {
        if m.start[s] > 0.0 {
            walk(
                m,
                policy,
                &pi,
                s,
                m.start[s],
                0.0,
                1.0,
                &mut Vec::new(),
                &mut j,
                &mut g,
            );
        }
    }
    (j, g)
}

fn random_table(states: usize, actions: usize, seed: u64) -> Policy {
    let mut p = Policy::Table(SoftmaxTable::tabular(states, actions));
    let mut rng = playground_core::rng::Rng::new(seed);
    let theta: Vec<f64> = (0..p.n_params()).map(|_| rng.normal()).collect();
    p.set_params(&theta);
    p
}

#[test]
fn exact_return_and_gradient_match_enumerating_every_trajectory() {
    let m = layered();
    for seed in 0..5 {
        let policy = random_table(m.states, m.actions, seed);
        let (j, g) = brute_force(&m, &policy);
        let e = exact::evaluate(&m, &policy.probs()).unwrap();
        assert!((e.j - j).abs() < 1e-12, "J {} vs {j}", e.j);
        let exact_g = exact::policy_gradient(&m, &policy).unwrap();
        for (a, b) in exact_g.iter().zip(&g) {
            assert!((a - b).abs() < 1e-12, "{exact_g:?} vs {g:?}");
        }
    }
}

#[test]
fn visitation_counts_the_expected_discounted_visits() {
    // In the layered MDP, state 3 is reached at step 1 (from the start mass at 1) or 2.
    let m = layered();
    let policy = random_table(m.states, m.actions, 9);
    let pi = policy.probs();
    let e = exact::evaluate(&m, &pi).unwrap();
    let p = |s: usize, a: usize| pi.prob(s, a);
    let d1 = 0.3 + 0.7 * 0.9 * p(0, 0) * 0.6;
    let d2 = 0.9 * 0.7 * (p(0, 0) * 0.4 + p(0, 1) * 0.9);
    assert!((e.d[1] - d1).abs() < 1e-14 && (e.d[2] - d2).abs() < 1e-14);
    let to3 = |s: usize| match s {
        1 => p(1, 0) + 0.5 * p(1, 1),
        _ => 0.3 * p(2, 0),
    };
    let d3 = 0.9 * (d1 * to3(1) + d2 * to3(2));
    assert!((e.d[3] - d3).abs() < 1e-14, "{} vs {d3}", e.d[3]);
    assert_eq!(e.d[4], 0.0);
}

#[test]
fn exact_gradient_matches_finite_differences_of_exact_j_on_a_cyclic_task() {
    for (m, seed) in [(tasks::short_corridor(), 1), (tasks::slippery_room(), 2)] {
        let policy = random_table(m.states, m.actions, seed);
        let g = exact::policy_gradient(&m, &policy).unwrap();
        let theta = policy.params();
        let h = 1e-6;
        for k in 0..theta.len() {
            let mut p = policy.clone();
            let mut t = theta.clone();
            t[k] += h;
            p.set_params(&t);
            let up = exact::return_of(&m, &p.probs()).unwrap();
            t[k] -= 2.0 * h;
            p.set_params(&t);
            let down = exact::return_of(&m, &p.probs()).unwrap();
            let fd = (up - down) / (2.0 * h);
            assert!(
                (fd - g[k]).abs() < 1e-6 * (1.0 + g[k].abs()),
                "θ[{k}]: {fd} vs {}",
                g[k]
            );
        }
    }
}

#[test]
fn the_short_corridor_matches_its_closed_form() {
    let m = tasks::short_corridor();
    // J(p) for the blind policy P(right) = p, over a grid of p.
    for i in 1..20 {
        let p = i as f64 / 20.0;
        let pi = ProbTable::from_rows(2, [1.0 - p, p].repeat(4));
        let j = exact::return_of(&m, &pi).unwrap();
        let want = tasks::short_corridor_return(p);
        assert!(
            (j - want).abs() < 1e-10 * want.abs(),
            "p = {p}: {j} vs {want}"
        );
    }
    // The best blind policy: dJ/dp = 0 at p² − 4p + 2 = 0, p = 2 − √2 ≈ 0.586, J ≈ −11.657.
    let p_star = 2.0 - 2f64.sqrt();
    let best = tasks::short_corridor_return(p_star);
    assert!((best - (-11.656854)).abs() < 1e-6, "{best}");
    let grid_best = (1..10_000)
        .map(|i| tasks::short_corridor_return(i as f64 / 10_000.0))
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(grid_best <= best && best - grid_best < 1e-6);
    // A policy that sees the states does far better: 3 steps, straight to the goal.
    let o = exact::optimum(&m).unwrap();
    assert_eq!(o.j, -3.0);
    assert_eq!(o.policy[..3], [1, 0, 1]);
}

#[test]
fn the_exact_gradient_of_a_blind_policy_sums_over_the_states_it_cannot_tell_apart() {
    let m = tasks::short_corridor();
    let mut blind = Policy::Table(SoftmaxTable::blind(4, 2));
    blind.set_params(&[0.0, 0.3]);
    let p = playground_core::math::sigmoid(0.3);
    let g = exact::policy_gradient(&m, &blind).unwrap();
    // dJ/dθ_right = J′(p)·p(1 − p), and the two logits' gradients sum to 0.
    let h = 1e-7;
    let dj =
        (tasks::short_corridor_return(p + h) - tasks::short_corridor_return(p - h)) / (2.0 * h);
    assert!((g[1] - dj * p * (1.0 - p)).abs() < 1e-6, "{g:?}");
    assert!((g[0] + g[1]).abs() < 1e-12);
}

#[test]
fn a_policy_that_never_finishes_has_no_return() {
    let m = tasks::chain(4, 1.0, -1.0, -1.0, 100);
    let always_left = ProbTable::from_rows(2, [1.0, 0.0].repeat(4));
    assert!(exact::evaluate(&m, &always_left).is_none());
}

#[test]
fn truncated_returns_and_the_running_probability_are_exact() {
    // Chain of 3 (goal at 2), always right: 2 steps of −1, so J_1 = −1, J_2 = J = −2,
    // and the episode is still running after 1 step but not after 2.
    let m = tasks::chain(3, 1.0, -1.0, -1.0, 100);
    let right = ProbTable::from_rows(2, [0.0, 1.0].repeat(3));
    assert_eq!(exact::truncated_return(&m, &right, 1), -1.0);
    assert_eq!(exact::truncated_return(&m, &right, 5), -2.0);
    assert_eq!(exact::still_running(&m, &right, 1), 1.0);
    assert_eq!(exact::still_running(&m, &right, 2), 0.0);
    // Uniform on the short corridor: J_H → J as H grows.
    let c = tasks::short_corridor();
    let u = ProbTable::uniform(4, 2);
    let j = exact::return_of(&c, &u).unwrap();
    assert!((exact::truncated_return(&c, &u, 2000) - j).abs() < 1e-9);
    assert!(Task::from_mdp(c).is_ok());
}

#[test]
fn the_best_blind_policy_of_the_short_corridor_is_2_minus_root_2() {
    let (p, j) = exact::best_blind(&tasks::short_corridor()).unwrap();
    let p_star = 2.0 - 2f64.sqrt();
    assert!((p[1] - p_star).abs() < 1e-6, "{p:?}");
    assert!(
        (j - tasks::short_corridor_return(p_star)).abs() < 1e-9,
        "{j}"
    );
}
