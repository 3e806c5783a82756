//! The Bandit Arena's Verify panel: live checks of the current state against exact answers.
//!
//! Posterior checks re-derive each Thompson posterior by numerical integration of
//! prior × likelihood, from the same sufficient statistics, and compare with the conjugate
//! update the agent uses. Other checks compare with closed forms and published bounds.

use playground_core::check::Check;
use playground_core::experiment::Experiment;
use playground_core::math;
use playground_core::scenario::{AgentSpec, EnvSpec};

use super::agent::{Agent, kl_ucb_index};
use super::bounds::{expected_max_of_normals, ucb1_regret_bound};
use super::experiment::{ArmStats, BanditExperiment, REGRET};

pub(crate) fn all(exp: &BanditExperiment) -> Vec<Check> {
    let mut out = Vec::new();
    if let Some(c) = testbed_optimum(exp) {
        out.push(c);
    }
    for (i, spec) in exp.scenario().agents.iter().enumerate() {
        let label = &exp.series().learners[i].label;
        let seen = exp.observed(i);
        let check = match (&exp.agent_state(0, i), spec) {
            (Agent::Ucb(..), AgentSpec::Ucb { c, .. }) => ucb1_bound(exp, i, *c),
            (
                Agent::ThompsonBeta { a, b },
                AgentSpec::ThompsonBeta {
                    prior_a, prior_b, ..
                },
            ) => Some(beta_posterior(a, b, (*prior_a, *prior_b), seen)),
            (Agent::ThompsonGaussian(g), _) => Some(gaussian_posterior(g, seen)),
            (Agent::ThompsonNormalGamma(g), _) => Some(normal_gamma_posterior(g, seen)),
            (Agent::Gradient(_), _) => gradient_is_exact(exp, i),
            (Agent::KlUcb(v, c), _) => Some(kl_ucb_consistent(v, *c)),
            _ => None,
        };
        if let Some(mut c) = check {
            c.name = format!("{label}: {}", c.name);
            out.push(c);
        }
    }
    out
}

/// Midpoint-rule mean and variance of an unnormalised log-density on [lo, hi].
fn quadrature_moments(log_density: impl Fn(f64) -> f64, lo: f64, hi: f64) -> (f64, f64) {
    let n = 20_000;
    let h = (hi - lo) / n as f64;
    let xs: Vec<f64> = (0..n).map(|i| lo + (i as f64 + 0.5) * h).collect();
    let logs: Vec<f64> = xs.iter().map(|&x| log_density(x)).collect();
    let max = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let w: Vec<f64> = logs.iter().map(|l| math::exp(l - max)).collect();
    let z: f64 = w.iter().sum();
    let mean = xs.iter().zip(&w).map(|(x, w)| x * w).sum::<f64>() / z;
    let var = xs
        .iter()
        .zip(&w)
        .map(|(x, w)| (x - mean).powi(2) * w)
        .sum::<f64>()
        / z;
    (mean, var)
}

/// The largest |conjugate − quadrature| over arms, for means and variances.
fn compare_moments(name: &str, pairs: Vec<((f64, f64), (f64, f64))>, tol: f64) -> Check {
    let err = pairs
        .iter()
        .map(|((m1, v1), (m2, v2))| (m1 - m2).abs().max((v1 - v2).abs()))
        .fold(0.0, f64::max);
    Check::new(
        name,
        err <= tol,
        format!(
            "run 1, all {} arms: conjugate posterior mean and variance vs numerical \
             integration of prior × likelihood; largest |Δ| = {err:.1e} ≤ {tol:.0e}",
            pairs.len()
        ),
    )
}

/// The agent's Beta(a, b) against prior × the Bernoulli likelihood of the rewards seen.
fn beta_posterior(a: &[f64], b: &[f64], (a0, b0): (f64, f64), seen: &[ArmStats]) -> Check {
    let pairs = a
        .iter()
        .zip(b)
        .zip(seen)
        .map(|((&a, &b), obs)| {
            let (s, f) = (obs.sum(), obs.n as f64 - obs.sum());
            let log_post =
                |x: f64| (a0 - 1.0 + s) * math::ln(x) + (b0 - 1.0 + f) * math::ln(1.0 - x);
            let conj = super::Posterior::Beta { a, b };
            (
                (conj.mean(), conj.variance()),
                quadrature_moments(log_post, 0.0, 1.0),
            )
        })
        .collect();
    compare_moments("Beta posterior = prior × likelihood", pairs, 1e-6)
}

fn gaussian_posterior(g: &super::agent::GaussianTs, seen: &[ArmStats]) -> Check {
    let pairs = (0..g.n.len())
        .map(|arm| {
            let (n, sum) = (seen[arm].n as f64, seen[arm].sum());
            let s2 = g.noise_sd * g.noise_sd;
            let log_post = |mu: f64| {
                let prior = -0.5 * ((mu - g.prior_mean) / g.prior_sd).powi(2);
                prior - (n * mu * mu - 2.0 * mu * sum) / (2.0 * s2)
            };
            // A window wide enough for both prior and likelihood, chosen without the answer.
            let centre = if n > 0.0 { sum / n } else { g.prior_mean };
            let width = 12.0 * g.prior_sd.max(g.noise_sd) + (centre - g.prior_mean).abs();
            let (mean, sd) = g.params(arm);
            (
                (mean, sd * sd),
                quadrature_moments(log_post, centre - width, centre + width),
            )
        })
        .collect();
    compare_moments("Gaussian posterior = prior × likelihood", pairs, 1e-6)
}

/// Normal–Gamma: a two-dimensional integral over (μ, τ). Compares E[μ] and E[τ].
fn normal_gamma_posterior(g: &super::agent::NormalGammaTs, seen: &[ArmStats]) -> Check {
    let mut worst: f64 = 0.0;
    for (arm, obs) in seen.iter().enumerate() {
        let (n, xbar, m2) = (obs.n as f64, obs.mean, obs.m2);
        let log_post = |mu: f64, tau: f64| {
            let prior = (g.alpha0 - 0.5) * math::ln(tau)
                - g.beta0 * tau
                - 0.5 * g.lambda0 * tau * (mu - g.mu0).powi(2);
            prior + 0.5 * n * math::ln(tau) - 0.5 * tau * (m2 + n * (xbar - mu).powi(2))
        };
        // Windows from the data's own scale (a rough precision estimate), not the answer.
        let tau_hat = (g.alpha0 + 0.5 * n) / (g.beta0 + 0.5 * m2);
        let centre = if n > 0.0 { xbar } else { g.mu0 };
        let half = 10.0 / ((g.lambda0 + n) * tau_hat).sqrt() + (centre - g.mu0).abs();
        let (e_mu, e_tau) = grid_2d(
            log_post,
            (centre - half, centre + half),
            (0.0, 8.0 * tau_hat),
        );
        let (mu_n, _, alpha_n, beta_n) = g.params(arm);
        let rel_mu = (e_mu - mu_n).abs() / (1.0 + mu_n.abs());
        let rel_tau = (e_tau - alpha_n / beta_n).abs() / (alpha_n / beta_n);
        worst = worst.max(rel_mu).max(rel_tau);
    }
    let tol = 1e-3;
    Check::new(
        "Normal–Gamma posterior = prior × likelihood",
        worst <= tol,
        format!(
            "run 1, all {} arms: conjugate E[μ] and E[τ] vs a 400×400 integral of \
             prior × likelihood; largest relative |Δ| = {worst:.1e} ≤ {tol:.0e}",
            g.n.len()
        ),
    )
}

/// Midpoint-rule E[μ] and E[τ] under an unnormalised log-density on a rectangle.
fn grid_2d(log_p: impl Fn(f64, f64) -> f64, mu: (f64, f64), tau: (f64, f64)) -> (f64, f64) {
    let n = 400;
    let (hm, ht) = ((mu.1 - mu.0) / n as f64, (tau.1 - tau.0) / n as f64);
    let point = |i: usize, j: usize| (mu.0 + (i as f64 + 0.5) * hm, tau.0 + (j as f64 + 0.5) * ht);
    let mut max = f64::NEG_INFINITY;
    for i in 0..n {
        for j in 0..n {
            let (m, t) = point(i, j);
            max = max.max(log_p(m, t));
        }
    }
    let (mut z, mut sm, mut st) = (0.0, 0.0, 0.0);
    for i in 0..n {
        for j in 0..n {
            let (m, t) = point(i, j);
            let w = math::exp(log_p(m, t) - max);
            z += w;
            sm += w * m;
            st += w * t;
        }
    }
    (sm / z, st / z)
}

/// UCB1 (c = √2) on Bernoulli arms must stay under Auer et al.'s finite-time bound.
fn ucb1_bound(exp: &BanditExperiment, agent: usize, c: f64) -> Option<Check> {
    let EnvSpec::Bernoulli { means } = &exp.scenario().env else {
        return None;
    };
    if (c - std::f64::consts::SQRT_2).abs() > 1e-9 || exp.t() == 0 {
        return None;
    }
    let regret = &exp.series().learners[agent].metric(REGRET)?.mean;
    let (t_worst, ratio) = regret
        .iter()
        .enumerate()
        .map(|(i, r)| (i + 1, r / ucb1_regret_bound(means, (i + 1) as f64)))
        .fold((1, f64::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
    Some(Check::new(
        "regret under UCB1's finite-time bound",
        ratio <= 1.0,
        format!(
            "mean regret / (Σ 8 ln t/Δ + (1 + π²/3) ΣΔ) is at most {ratio:.3} (at t = {t_worst}) \
             ≤ 1 (Auer, Cesa-Bianchi & Fischer 2002, Thm 1)"
        ),
    ))
}

/// The gradient bandit's expected update is α·∇E[R], whatever the baseline: computed by
/// applying the agent's own update rule to every action with its mean reward.
fn gradient_is_exact(exp: &BanditExperiment, agent: usize) -> Option<Check> {
    if !matches!(
        exp.scenario().env,
        EnvSpec::Bernoulli { .. } | EnvSpec::Gaussian { .. } | EnvSpec::GaussianTestbed { .. }
    ) {
        return None;
    }
    let state = exp.agent_state(0, agent);
    let Agent::Gradient(g) = &state else {
        return None;
    };
    if g.t == 0 {
        return None; // R̄₁ = R₁ makes the first update zero by definition.
    }
    let q = &exp.means_now(0, agent)[..];
    let pi = g.policy();
    let j: f64 = pi.iter().zip(q).map(|(p, q)| p * q).sum();
    let mut err: f64 = 0.0;
    let mut expected = vec![0.0; q.len()];
    for (a, &p) in pi.iter().enumerate() {
        let mut next = state.clone();
        next.learn(a, q[a]); // E[R | A = a] = q(a), and the update is linear in R.
        let Agent::Gradient(n) = next else {
            unreachable!()
        };
        for (e, (h1, h0)) in expected.iter_mut().zip(n.h.iter().zip(&g.h)) {
            *e += p * (h1 - h0);
        }
    }
    for b in 0..q.len() {
        let grad = pi[b] * (q[b] - j);
        err = err.max((expected[b] - g.alpha * grad).abs());
    }
    let tol = 1e-12;
    Some(Check::new(
        "expected update = α × exact gradient of E[R]",
        err <= tol,
        format!(
            "run 1: Σₐ π(a)·ΔH(a) vs α·π(b)(q(b) − Σπq) for every b; largest |Δ| = {err:.1e} ≤ {tol:.0e}"
        ),
    ))
}

/// Each KL-UCB index solves N·kl(Q, u) = ln t + c ln ln t (or is 1).
fn kl_ucb_consistent(v: &super::agent::ValueTable, c: f64) -> Check {
    let t = v.t + 1;
    let budget = math::ln(t as f64) + c * math::ln(math::ln(t as f64).max(1.0));
    let mut worst: f64 = 0.0;
    for a in (0..v.q.len()).filter(|&a| v.n[a] > 0) {
        let u = kl_ucb_index(v.q[a], v.n[a], t, c);
        if u < 1.0 - 1e-9 {
            let lhs = v.n[a] as f64 * math::bernoulli_kl(v.q[a], u);
            worst = worst.max((lhs - budget).abs() / budget.max(1e-12));
        }
    }
    let tol = 1e-6;
    Check::new(
        "index solves N·kl(Q, u) = ln t + c ln ln t",
        worst <= tol,
        format!("run 1, every pulled arm: largest relative |Δ| = {worst:.1e} ≤ {tol:.0e}"),
    )
}

/// The testbed's average of max q*(a) over runs vs the exact E[max of k normals].
fn testbed_optimum(exp: &BanditExperiment) -> Option<Check> {
    let EnvSpec::GaussianTestbed { arms, offset } = exp.scenario().env else {
        return None;
    };
    let runs = exp.scenario().runs;
    if runs < 30 {
        return None;
    }
    // Each run's arms are rebuilt from its seed: a head of a split run holds only its share.
    let scenario = exp.scenario();
    let maxima: Vec<f64> = (0..runs as u64)
        .map(|r| {
            super::env::Env::new(&scenario.env, scenario.seed, r, None)
                .means()
                .iter()
                .copied()
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    let n = runs as f64;
    let mean = maxima.iter().sum::<f64>() / n;
    let sd = (maxima.iter().map(|m| (m - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let exact = offset + expected_max_of_normals(arms);
    let tol = 4.0 * sd / n.sqrt();
    Some(Check::new(
        "testbed: average best arm = E[max of k normals]",
        (mean - exact).abs() <= tol,
        format!(
            "mean over {runs} runs of max q*(a) = {mean:.4}, exact {exact:.4} (Simpson's rule); \
             |Δ| = {:.4} ≤ 4 standard errors = {tol:.4}",
            (mean - exact).abs()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(rewards: &[f64]) -> ArmStats {
        let mut s = ArmStats::default();
        for &r in rewards {
            s.push_for_test(r);
        }
        s
    }

    #[test]
    fn the_beta_check_passes_on_the_right_posterior_and_fails_on_a_wrong_one() {
        let obs = [seen(&[1.0, 1.0, 0.0]), seen(&[0.0])];
        // Prior Beta(1, 1): arm 0 saw 2 successes and 1 failure, arm 1 one failure.
        assert!(beta_posterior(&[3.0, 1.0], &[2.0, 2.0], (1.0, 1.0), &obs).passed);
        // An update that counted a success twice.
        assert!(!beta_posterior(&[4.0, 1.0], &[2.0, 2.0], (1.0, 1.0), &obs).passed);
    }

    #[test]
    fn the_gaussian_check_fails_when_the_agent_learned_other_data() {
        let spec = playground_core::scenario::AgentSpec::ThompsonGaussian {
            prior_mean: 0.0,
            prior_sd: 1.0,
            noise_sd: 1.0,
            label: None,
        };
        let trained = |rewards: &[f64]| {
            let mut agent = Agent::new(&spec, 1);
            for &r in rewards {
                agent.learn(0, r);
            }
            match agent {
                Agent::ThompsonGaussian(g) => g,
                _ => unreachable!(),
            }
        };
        let obs = [seen(&[0.5, 1.5, 1.0])];
        assert!(gaussian_posterior(&trained(&[0.5, 1.5, 1.0]), &obs).passed);
        assert!(!gaussian_posterior(&trained(&[0.5, 1.5, 1.5]), &obs).passed);
    }
}
