//! Exact answers: the objectives' optima, the GP against a dense solve, EI and PI
//! against their integrals, the marginal likelihood's gradient against finite
//! differences, the Pareto front, Thompson samples' moments and the one-duel posterior.
#![cfg(not(target_arch = "wasm32"))]

use playground_bayesopt::acquisition as acq;
use playground_bayesopt::dense::gauss_solve;
use playground_bayesopt::fit;
use playground_bayesopt::gp::Posterior;
use playground_bayesopt::kernel::{self, Hyper};
use playground_bayesopt::objective::{self, Function, Problem};
use playground_bayesopt::preferential::{Model, Outcome, exact_repeat_probability};
use playground_bayesopt::thompson::{AxisFactor, posterior_sample, prior_sample};
use playground_core::rng::Rng;
use playground_core::scenario::{BAYESOPT_GRID_1D, Kernel};
use proptest::prelude::*;

#[test]
fn published_optima() {
    let (x, f) = objective::golden_min(objective::forrester, 0.7, 0.8, 1e-12);
    assert!((f - (-6.020_740_055_767_083)).abs() < 1e-9, "{f}");
    assert!((x - 0.757_248_757_841_856).abs() < 1e-6, "{x}");
    let (x, f) = objective::golden_min(objective::gramacy_lee, 0.5, 0.6, 1e-12);
    assert!((f - (-0.869_011_134_989_500)).abs() < 1e-9 && (x - 0.548_563_444).abs() < 1e-6);
    for p in objective::BRANIN_ARGMINS {
        assert!((objective::branin(p[0], p[1]) - 0.397_887_357_729_738).abs() < 1e-5);
    }
    // Every grid value is at least the true minimum, and the grid gets close to it.
    for f in [Function::Forrester, Function::GramacyLee, Function::Branin] {
        let p = Problem::new(&f);
        assert!(p.values.iter().all(|v| *v >= p.f_star));
        assert!(
            p.grid_min() - p.f_star < 0.05,
            "{f:?}: {}",
            p.grid_min() - p.f_star
        );
    }
    let drawn = Function::Drawn(vec![[0.0, 0.8], [0.3, 0.2], [1.0, 0.6]]);
    assert_eq!(objective::eval(&drawn, &[0.15]), 0.5);
    assert_eq!(Problem::new(&drawn).f_star, 0.2);
}

fn random_data(seed: u64, n: usize, dims: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut rng = Rng::new(seed);
    let xs: Vec<Vec<f64>> = (0..n)
        .map(|_| (0..dims).map(|_| rng.uniform()).collect())
        .collect();
    let ys = (0..n).map(|_| 3.0 * rng.normal() + 1.0).collect();
    (xs, ys)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn gp_posterior_matches_a_dense_solve(seed in 0u64..1000, n in 1usize..25, dims in 1usize..3,
                                          rbf in any::<bool>(), l in 0.05f64..1.0) {
        let kern = if rbf { Kernel::Rbf } else { Kernel::Matern52 };
        let h = Hyper { lengthscale: l, signal: 1.5, noise: 1e-3 };
        let (xs, raw) = random_data(seed, n, dims);
        let post = Posterior::new(kern, h, &xs, &raw).unwrap();
        let x: Vec<f64> = (0..dims).map(|d| 0.37 + 0.1 * d as f64).collect();
        let mut a = kernel::matrix(kern, &h, &xs);
        for i in 0..n { a[i * n + i] += h.noise; }
        let k: Vec<f64> = xs.iter().map(|xi| kernel::cov(kern, &h, &x, xi)).collect();
        let b: Vec<f64> = (0..n).flat_map(|i| [post.ys[i], k[i]]).collect();
        let sol = gauss_solve(&a, n, &b, 2).unwrap();
        let mean: f64 = (0..n).map(|i| k[i] * sol[2 * i]).sum();
        let var = kernel::cov(kern, &h, &x, &x) - (0..n).map(|i| k[i] * sol[2 * i + 1]).sum::<f64>();
        let (m, v) = post.predict(&x);
        prop_assert!((m - mean).abs() < 1e-9 && (v - var.max(0.0)).abs() < 1e-9, "{m} {mean} {v} {var}");
    }

    #[test]
    fn ei_and_pi_rise_with_uncertainty_and_fall_with_the_mean(mu in -3.0f64..3.0, s in 0.01f64..3.0,
                                                             best in -3.0f64..3.0, d in 0.001f64..1.0) {
        let ei = acq::expected_improvement(mu, s, best, 0.0);
        prop_assert!(ei >= 0.0 && ei >= best - mu - 1e-12);
        let higher = acq::expected_improvement(mu + d, s, best, 0.0);
        prop_assert!(higher <= ei + 1e-12 && ((best - mu) / s < -6.0 || higher < ei));
        // Strictly, where φ(z) is not lost to underflow.
        let wider = acq::expected_improvement(mu, s + d, best, 0.0);
        // Far in the tail Φ(z) rounds to 1 a few ulps apart: allow rounding there.
        prop_assert!(wider >= ei - 1e-12 && ((best - mu).abs() / s > 6.0 || wider > ei));
        let pi = acq::probability_of_improvement(mu, s, best, 0.0);
        prop_assert!(acq::probability_of_improvement(mu + d, s, best, 0.0) <= pi);
        prop_assert!((0.0..=1.0).contains(&pi));
    }

    #[test]
    fn the_pareto_front_is_exactly_the_undominated_points(seed in 0u64..1000, n in 1usize..60) {
        let mut rng = Rng::new(seed);
        // Coarse values, so ties and duplicates happen.
        let mu: Vec<f64> = (0..n).map(|_| (rng.below(8)) as f64).collect();
        let s: Vec<f64> = (0..n).map(|_| (rng.below(8)) as f64).collect();
        let front = acq::pareto_front(&mu, &s);
        for i in 0..n {
            let dominated = acq::dominated(&mu, &s, i);
            let duplicate_of_earlier = (0..i).any(|j| mu[j] == mu[i] && s[j] == s[i]);
            prop_assert_eq!(front.contains(&i), !dominated && !duplicate_of_earlier, "point {}", i);
        }
    }

    #[test]
    fn the_likelihood_gradient_matches_finite_differences(seed in 0u64..1000, n in 2usize..12,
                                                          rbf in any::<bool>()) {
        let kern = if rbf { Kernel::Rbf } else { Kernel::Matern52 };
        let (xs, raw) = random_data(seed, n, 1);
        let ys: Vec<f64> = raw.iter().map(|y| (y - 1.0) / 3.0).collect();
        let h = Hyper { lengthscale: 0.3, signal: 0.8, noise: 0.05 };
        let (_, g) = fit::log_likelihood(kern, &h, &xs, &ys).unwrap();
        let eps = 1e-6;
        let at = |j: usize, e: f64| {
            let mut t = [h.lengthscale.ln(), h.signal.ln(), h.noise.ln()];
            t[j] += e;
            let hh = Hyper { lengthscale: t[0].exp(), signal: t[1].exp(), noise: t[2].exp() };
            fit::log_likelihood(kern, &hh, &xs, &ys).unwrap().0
        };
        for (j, gj) in g.iter().enumerate() {
            let fd = (at(j, eps) - at(j, -eps)) / (2.0 * eps);
            prop_assert!((fd - gj).abs() < 1e-5 * (1.0 + gj.abs()), "θ{}: {} vs {}", j, fd, gj);
        }
    }
}

#[test]
fn fitted_hyperparameters_are_a_stationary_point_that_beats_the_start() {
    for seed in 0..10 {
        let p = Problem::new(&Function::Forrester);
        let mut rng = Rng::new(seed);
        let idx: Vec<usize> = (0..12).map(|_| rng.below(p.grid.len())).collect();
        let xs: Vec<Vec<f64>> = idx.iter().map(|&i| p.grid[i].clone()).collect();
        let raw: Vec<f64> = idx
            .iter()
            .map(|&i| p.values[i] + 0.1 * rng.normal())
            .collect();
        let sc = playground_bayesopt::gp::Standardise::of(&raw);
        let ys: Vec<f64> = raw.iter().map(|y| sc.apply(*y)).collect();
        let start = Hyper {
            lengthscale: 0.2,
            signal: 1.0,
            noise: 1e-4,
        };
        let f = fit::fit(Kernel::Matern52, &[start], &xs, &ys).unwrap();
        let worst = f.gradient.iter().fold(0.0f64, |a, g| a.max(g.abs()));
        // Below 1e-5: near the optimum a step changes the likelihood by less than its
        // rounding noise, which is where the line search stops.
        assert!(worst < 1e-5, "seed {seed}: gradient {:?}", f.gradient);
        let (l0, _) = fit::log_likelihood(Kernel::Matern52, &start, &xs, &ys).unwrap();
        assert!(f.log_likelihood >= l0, "seed {seed}");
    }
}

#[test]
fn thompson_samples_have_the_posterior_mean_and_variance() {
    let p = Problem::new(&Function::Forrester);
    let idx = [20usize, 90, 150];
    let xs: Vec<Vec<f64>> = idx.iter().map(|&i| p.grid[i].clone()).collect();
    let raw: Vec<f64> = idx.iter().map(|&i| p.values[i]).collect();
    let h = Hyper {
        lengthscale: 0.15,
        signal: 1.0,
        noise: 1e-4,
    };
    let post = Posterior::new(Kernel::Rbf, h, &xs, &raw).unwrap();
    let f = AxisFactor::new(Kernel::Rbf, 0.15, BAYESOPT_GRID_1D).unwrap();
    let mut rng = Rng::new(1);
    let draws = 4000;
    let probe = [0usize, 55, 120, 200];
    let mut sums = [0.0; 4];
    let mut sq = [0.0; 4];
    for _ in 0..draws {
        let prior = prior_sample(&f, 1, h.signal, &mut rng);
        let s = posterior_sample(&post, &p.grid, &idx, &prior, &mut rng);
        for (k, &i) in probe.iter().enumerate() {
            sums[k] += s[i];
            sq[k] += s[i] * s[i];
        }
    }
    for (k, &i) in probe.iter().enumerate() {
        let (m, v) = post.predict(&p.grid[i]);
        let mean = sums[k] / draws as f64;
        let var = sq[k] / draws as f64 - mean * mean;
        // 4000 draws: the sample mean is within 5 standard errors, the variance within 15%.
        assert!(
            (mean - m).abs() < 5.0 * (v / draws as f64).sqrt() + 1e-3,
            "{i}: {mean} vs {m}"
        );
        assert!((var - v).abs() < 0.15 * v + 1e-4, "{i}: {var} vs {v}");
    }
}

#[test]
fn two_dimensional_prior_samples_have_the_kronecker_covariance() {
    let f = AxisFactor::new(Kernel::Matern52, 0.3, 41).unwrap();
    let mut rng = Rng::new(2);
    let (a, b) = (5 * 41 + 7, 9 * 41 + 12);
    let want = kernel::corr(
        Kernel::Matern52,
        0.3,
        &[5.0 / 40.0, 7.0 / 40.0],
        &[9.0 / 40.0, 12.0 / 40.0],
    );
    let draws = 4000;
    let (mut cab, mut caa) = (0.0, 0.0);
    for _ in 0..draws {
        let s = prior_sample(&f, 2, 1.0, &mut rng);
        cab += s[a] * s[b];
        caa += s[a] * s[a];
    }
    assert!(
        (caa / draws as f64 - 1.0).abs() < 0.08,
        "{}",
        caa / draws as f64
    );
    assert!(
        (cab / draws as f64 - want).abs() < 0.08,
        "{} vs {want}",
        cab / draws as f64
    );
}

#[test]
fn one_duel_posterior_mcmc_matches_the_closed_form() {
    let h = Hyper {
        lengthscale: 0.2,
        signal: 1.0,
        noise: 1e-4,
    };
    for (xa, xb, sigma) in [(0.2, 0.7, 0.1), (0.4, 0.5, 0.3), (0.1, 0.9, 1.0)] {
        let xs = vec![vec![xa], vec![xb]];
        let m = Model::new(
            Kernel::Rbf,
            h,
            sigma,
            xs,
            vec![Outcome {
                winner: 0,
                loser: 1,
            }],
        )
        .unwrap();
        let k = |x: f64, y: f64| kernel::cov(Kernel::Rbf, &h, &[x], &[y]);
        let exact = exact_repeat_probability(k(xa, xa) + k(xb, xb) - 2.0 * k(xa, xb), sigma);
        let mut rng = Rng::new(5);
        let post = m.mcmc(20_000, 1000, &mut rng);
        let p = m.duel_probability(&post, &[xa], &[xb]);
        assert!(
            (p - exact).abs() < 0.01,
            "{xa} {xb} {sigma}: MCMC {p} vs exact {exact}"
        );
    }
}
