//! The Verify panel: the GP posterior against a dense solve written separately, EI and
//! PI against quadrature and EI against Monte Carlo, the fitted hyperparameters at a
//! stationary point of the marginal likelihood, the acquisitions' maximisers on the
//! (μ, s) Pareto front, the objective's published minimum, and preferential BO's MCMC
//! against the exact duel probability.

use playground_core::Experiment;
use playground_core::check::Check;
use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::BayesoptLearner;

use crate::acquisition as acq;
use crate::dense;
use crate::experiment::BayesoptExperiment;
use crate::fit;
use crate::gp::Posterior;
use crate::kernel;
use crate::learner::one_duel_exact;
use crate::objective::{self, Function, golden_min};
use crate::preferential::{Model, Outcome};

/// Samples of the Monte Carlo estimate of EI.
pub const MC_SAMPLES: usize = 200_000;

pub fn all(e: &BayesoptExperiment) -> Vec<Check> {
    let mut out = objective_checks(&e.problem.objective);
    let gp_learner = e
        .plan
        .learners
        .iter()
        .position(|l| !matches!(l, BayesoptLearner::Preferential { .. }));
    if let Some(l) = gp_learner
        && let Ok(d) = e.decision(l, 0)
        && let Some(post) = &d.posterior
    {
        let grid = &e.problem.grid;
        let n = grid.len();
        // EI's maximiser on the grid: where EI is largest, so its Monte Carlo is tightest.
        let ei: Vec<f64> = (0..n)
            .map(|i| acq::expected_improvement(d.mean[i], d.sd[i], post.best(), 0.0))
            .collect();
        let top = acq::argmax(&ei);
        let mut at = vec![top, 0, n / 3, 2 * n / 3, n - 1];
        at.dedup();
        out.push(posterior_check(post, grid, &at));
        let (mu, var) = post.predict(&grid[top]);
        out.extend(acquisition_checks(mu, var.sqrt(), post.best(), e.plan.seed));
        if let Some(f) = &d.fit {
            out.push(stationary_check(f, post));
        }
    }
    for (l, rule) in e.plan.learners.iter().enumerate() {
        if matches!(
            rule,
            BayesoptLearner::ExpectedImprovement { .. } | BayesoptLearner::Ucb { .. }
        ) && let Ok(d) = e.decision(l, 0)
        {
            let i = d.queries[0];
            let off = acq::dominated(&d.mean, &d.sd, i);
            out.push(Check::new(
                format!("{}: next query on the (μ, s) Pareto front", e.labels()[l]),
                !off,
                format!(
                    "run 0's next query (grid point {i}: μ = {:.4}, s = {:.4}) is {} by another \
                     grid point; EI and UCB rise as μ falls and as s rises, so their maximiser \
                     is never dominated",
                    d.mean[i],
                    d.sd[i],
                    if off { "dominated" } else { "not dominated" }
                ),
            ));
        }
    }
    out.push(regret_check(e));
    if let Some(l) = e
        .plan
        .learners
        .iter()
        .position(|l| matches!(l, BayesoptLearner::Preferential { .. }))
    {
        out.push(duel_check(e, l));
    }
    out
}

fn objective_checks(objective: &Function) -> Vec<Check> {
    match objective {
        Function::Forrester => {
            let (x, f) = golden_min(objective::forrester, 0.7, 0.8, 1e-12);
            vec![
                Check::close(
                    "Forrester minimum (published −6.0207)",
                    f,
                    objective::FORRESTER_MIN,
                    1e-4,
                ),
                Check::close(
                    "Forrester minimiser (published 0.7572)",
                    x,
                    objective::FORRESTER_ARGMIN,
                    1e-4,
                ),
            ]
        }
        Function::GramacyLee => {
            let (x, f) = golden_min(objective::gramacy_lee, 0.5, 0.6, 1e-12);
            vec![
                Check::close(
                    "Gramacy–Lee minimum (published −0.869011)",
                    f,
                    objective::GRAMACY_LEE_MIN,
                    1e-6,
                ),
                Check::close(
                    "Gramacy–Lee minimiser (published 0.548563)",
                    x,
                    objective::GRAMACY_LEE_ARGMIN,
                    1e-6,
                ),
            ]
        }
        Function::Branin => objective::BRANIN_ARGMINS
            .iter()
            .map(|p| {
                Check::close(
                    format!("Branin at ({:.5}, {:.3}) (published 0.397887)", p[0], p[1]),
                    objective::branin(p[0], p[1]),
                    objective::BRANIN_MIN,
                    1e-5,
                )
            })
            .collect(),
        Function::Drawn(points) => {
            // A dense scan of the curve finds no value below its lowest knot.
            let scan = (0..=100_000)
                .map(|k| objective::drawn(points, k as f64 / 100_000.0))
                .fold(f64::INFINITY, f64::min);
            vec![Check::close(
                "drawn curve: minimum over 100,001 points = lowest knot",
                scan,
                objective::true_minimum(objective),
                1e-12,
            )]
        }
    }
}

/// Mean and variance at `at` from Gaussian elimination on the full system
/// (K + σ_n²I)[α | W] = [y | k(X, x*)].
fn posterior_check(post: &Posterior, grid: &[Vec<f64>], at: &[usize]) -> Check {
    let n = post.len();
    let m = at.len() + 1;
    let mut a = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            a[i * n + j] = kernel::cov(post.kernel, &post.hyper, &post.xs[i], &post.xs[j]);
        }
        a[i * n + i] += post.hyper.noise;
    }
    let mut b = vec![0.0; n * m];
    for i in 0..n {
        b[i * m] = post.ys[i];
        for (c, &g) in at.iter().enumerate() {
            b[i * m + c + 1] = kernel::cov(post.kernel, &post.hyper, &post.xs[i], &grid[g]);
        }
    }
    let Some(x) = dense::gauss_solve(&a, n, &b, m) else {
        return Check::new(
            "GP posterior vs dense solve",
            false,
            "the dense system is singular",
        );
    };
    let mut worst: f64 = 0.0;
    for (c, &g) in at.iter().enumerate() {
        let (mu, var) = post.predict(&grid[g]);
        let kx: Vec<f64> = (0..n).map(|i| b[i * m + c + 1]).collect();
        let mu_dense: f64 = (0..n).map(|i| kx[i] * x[i * m]).sum();
        let kxx = kernel::cov(post.kernel, &post.hyper, &grid[g], &grid[g]);
        let var_dense = (kxx - (0..n).map(|i| kx[i] * x[i * m + c + 1]).sum::<f64>()).max(0.0);
        worst = worst
            .max((mu - mu_dense).abs())
            .max((var - var_dense).abs());
    }
    Check::new(
        "GP posterior (mean and variance) vs a dense solve",
        worst <= 1e-9,
        format!(
            "Cholesky posterior vs Gaussian elimination on the full {n}-point system at {} grid \
             points: largest |Δ| = {worst:.2e} ≤ 1e-9 (standardised units)",
            at.len()
        ),
    )
}

/// ∫ g(y) N(y; μ, s²) dy over (μ − 12s, upper) by Simpson's rule on 20,000 intervals.
fn quadrature(mu: f64, s: f64, upper: f64, g: impl Fn(f64) -> f64) -> f64 {
    let lo = mu - 12.0 * s;
    if upper <= lo {
        return 0.0;
    }
    let n = 20_000;
    let h = (upper - lo) / n as f64;
    let f = |y: f64| g(y) * math::normal_pdf((y - mu) / s) / s;
    let mut sum = f(lo) + f(upper);
    for k in 1..n {
        sum += f(lo + k as f64 * h) * if k % 2 == 1 { 4.0 } else { 2.0 };
    }
    sum * h / 3.0
}

fn acquisition_checks(mu: f64, s: f64, best: f64, seed: u64) -> Vec<Check> {
    let xi = 0.0;
    let target = best - xi;
    let ei = acq::expected_improvement(mu, s, best, xi);
    let pi = acq::probability_of_improvement(mu, s, best, xi);
    let close = |name: String, what: &str, got: f64, want: f64| {
        let err = (got - want).abs();
        Check::new(
            name,
            err <= 1e-9,
            format!(
                "closed form {got:.9e}, Simpson quadrature of the normal density \
                 (20,000 intervals) {want:.9e}: |Δ| = {err:.2e} ≤ 1e-9 ({what})"
            ),
        )
    };
    let mut out = vec![
        close(
            format!("EI at its maximiser (μ = {mu:.4}, s = {s:.4}) vs quadrature"),
            "E[max(y_best − f, 0)]",
            ei,
            quadrature(mu, s, target, |y| target - y),
        ),
        close(
            "PI at EI's maximiser vs quadrature".into(),
            "P(f < y_best)",
            pi,
            quadrature(mu, s, target, |_| 1.0),
        ),
    ];
    // Importance-sampled Monte Carlo: Y from N(m', s²) with m' at the improvement
    // threshold when μ is above it, so the improving tail is sampled even when it is thin.
    let m2 = mu.min(target);
    let mut rng = Rng::stream(seed, &[u64::MAX]);
    let mut sum = 0.0;
    for _ in 0..MC_SAMPLES {
        let y = m2 + s * rng.normal();
        if y < target {
            let w = math::exp((-(y - mu) * (y - mu) + (y - m2) * (y - m2)) / (2.0 * s * s));
            sum += (target - y) * w;
        }
    }
    let mc = sum / MC_SAMPLES as f64;
    let rel = if ei > 0.0 {
        (mc - ei).abs() / ei
    } else {
        mc.abs()
    };
    out.push(Check::new(
        "EI vs Monte Carlo",
        rel <= 0.01,
        format!(
            "closed form {ei:.6e}, {MC_SAMPLES} importance-sampled draws {mc:.6e}: relative \
             |Δ| = {rel:.2e} ≤ 1e-2"
        ),
    ));
    out
}

fn stationary_check(f: &fit::Fit, post: &Posterior) -> Check {
    let g = f.gradient;
    let worst = g.iter().fold(0.0f64, |a, x| a.max(x.abs()));
    Check::new(
        "fitted hyperparameters: marginal likelihood stationary",
        worst <= 1e-5,
        format!(
            "ℓ = {:.4}, σ_f² = {:.4}, σ_n² = {:.2e} on {} points: largest projected ∂ log p(y)/∂ ln θ \
             = {worst:.2e} ≤ 1e-5",
            f.hyper.lengthscale,
            f.hyper.signal,
            f.hyper.noise,
            post.len()
        ),
    )
}

fn regret_check(e: &BayesoptExperiment) -> Check {
    let lowest = e
        .series()
        .learners
        .iter()
        .flat_map(|l| l.metrics.iter().flat_map(|m| m.mean.iter()))
        .fold(f64::INFINITY, |a, &b| a.min(b));
    let ok = lowest.is_infinite() || lowest >= 0.0;
    Check::new(
        "regret ≥ 0",
        ok,
        format!(
            "every objective is minimised and f* = {:.6} is its minimum over the whole domain: \
             the lowest regret on any curve is {}",
            e.problem.f_star,
            if lowest.is_infinite() {
                "(no steps yet)".into()
            } else {
                format!("{lowest:.3e}")
            }
        ),
    )
}

/// MCMC's probability that a duel's winner wins again, against the closed form.
fn duel_check(e: &BayesoptExperiment, l: usize) -> Check {
    let BayesoptLearner::Preferential {
        duel_noise,
        samples,
        ..
    } = &e.plan.learners[l]
    else {
        unreachable!("a preferential learner")
    };
    let grid = &e.problem.grid;
    let (a, b) = match e.duels(l, 0).first() {
        Some(d) => (d.a, d.b),
        None => (grid.len() / 4, grid.len() / 2),
    };
    let hyper = e.context().start();
    let xs = vec![grid[a].clone(), grid[b].clone()];
    let duel = vec![Outcome {
        winner: 0,
        loser: 1,
    }];
    let sigma = duel_noise / e.problem.scale;
    let Some(model) = Model::new(e.plan.gp.kernel, hyper, sigma, xs, duel) else {
        return Check::new("duel probability", false, "the kernel matrix has no factor");
    };
    let exact = one_duel_exact(&model, &grid[a], &grid[b]);
    let mut rng = Rng::stream(e.plan.seed, &[u64::MAX, 1]);
    let keep = (*samples).max(4000);
    let mcmc = model.mcmc(keep, 500, &mut rng);
    let p_mcmc = model.duel_probability(&mcmc, &grid[a], &grid[b]);
    let p_laplace = model
        .laplace()
        .map(|lp| model.duel_probability(&lp, &grid[a], &grid[b]))
        .unwrap_or(f64::NAN);
    let err = (p_mcmc - exact).abs();
    Check::new(
        "duel probability after one duel: MCMC vs exact",
        err <= 0.02,
        format!(
            "P(winner wins again): exact ½ + asin(ρ)/π = {exact:.4}, MCMC ({keep} samples) \
             {p_mcmc:.4}, |Δ| = {err:.2e} ≤ 2e-2; the Laplace approximation says {p_laplace:.4}"
        ),
    )
}
