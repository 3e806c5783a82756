//! The Verify checks of a `kind = "overoptimization"` run:
//!
//! - best-of-n's exact law against sampling: [`SAMPLES`] best-of-n draws (n the largest
//!   swept value up to [`SAMPLED_N`]); the largest gap between the empirical and exact
//!   distribution functions along the ranking must be below the DKW bound
//!   √(ln(2/α)/(2M)) at α = 10⁻⁶ (a correct law fails with probability at most α);
//! - KL(best-of-n‖π_ref) ≤ ln n − (n−1)/n at every swept n (to rounding);
//! - the KL optimum π_ref·e^{R/β}/Z is a stationary point of E_π R − β·KL at every swept
//!   β (the gradient in the logits below [`STATIONARY`]);
//! - policy gradient never beats its optimum: J_β(π_t) ≤ β·ln E_{π_ref} e^{R/β};
//! - constrained RLHF satisfies the KKT conditions at every swept β: each E_π p_k ≤ θ_k,
//!   λ_k ≥ 0, and λ_k·(θ_k − E_π p_k) = 0 (to [`KKT`]); π is the Lagrangian's exact
//!   maximiser by construction, so these make it the constrained optimum;
//! - every proxy's Bradley–Terry fit converged: ‖∇L‖ below [`LINEAR_CONVERGED`] (Newton)
//!   or [`MLP_CONVERGED`] (gradient descent, which stops after `epochs`: too few fail
//!   honestly);
//! - determinism: the same scenario rebuilt gives bit-identical series.

use playground_core::Experiment;
use playground_core::check::Check;
use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::ProxyKind;

use super::best_of_n::{self, Ranking};
use super::experiment::{Method, OveroptExperiment};
use super::sweep;
use super::world::{self, Sampler};

pub const SAMPLES: usize = 20_000;
pub const SAMPLED_N: usize = 32;
/// The DKW test's false-failure probability.
pub const ALPHA: f64 = 1e-6;
pub const STATIONARY: f64 = 1e-9;
pub const LINEAR_CONVERGED: f64 = 1e-9;
pub const MLP_CONVERGED: f64 = 1e-4;
/// Room for the constrained optimum's feasibility and complementary slackness.
pub const KKT: f64 = 1e-8;
/// Rounding room for the exact inequalities.
pub const ROUNDING: f64 = 1e-10;

pub fn all(e: &OveroptExperiment) -> Vec<Check> {
    let labels = e.plan.labels();
    let mut out = vec![proxy_converged(e)];
    for (l, learner) in e.learners.iter().enumerate() {
        let name = &labels[l];
        match &learner.method {
            Method::BestOfN { ranking, ns } => {
                out.push(law_against_sampling(e, l, ranking, ns, name));
                out.push(kl_bound(ranking, ns, name));
            }
            Method::KlOptimum { betas } => {
                out.push(stationary(e, &learner.reward, betas, name));
            }
            Method::Constrained {
                thresholds,
                multipliers,
                expected,
                ..
            } => out.push(kkt(thresholds, multipliers, expected, name)),
            Method::PolicyGradient { logits, beta, .. } => {
                let p = sweep::Policy::from_logits(logits);
                let r = &learner.reward;
                let got = p.objective(r, &e.world.log_reference, *beta);
                let best = sweep::optimal_value(r, &e.world.log_reference, *beta);
                out.push(Check::new(
                    format!("{name}: below its KL optimum"),
                    got <= best + ROUNDING * (1.0 + best.abs()),
                    format!(
                        "J_β(π_t) = E R − β·KL = {got:.6} ≤ β·ln E_ref e^(R/β) = {best:.6} \
                         (gap {:.2e})",
                        best - got
                    ),
                ));
            }
        }
    }
    out.push(deterministic(e));
    out
}

fn kkt(thresholds: &[f64], multipliers: &[Vec<f64>], expected: &[Vec<f64>], name: &str) -> Check {
    let (mut infeasible, mut slack, mut negative) = (0.0f64, 0.0f64, 0.0f64);
    for (lambda, e) in multipliers.iter().zip(expected) {
        for k in 0..thresholds.len() {
            let gap = thresholds[k] - e[k];
            infeasible = infeasible.max(-gap);
            negative = negative.max(-lambda[k]);
            if thresholds[k].is_finite() {
                slack = slack.max((lambda[k] * gap).abs());
            }
        }
    }
    Check::new(
        format!("{name}: the KKT conditions hold at every β"),
        infeasible <= KKT && slack <= KKT && negative <= 0.0,
        format!(
            "{} values of β: max(E p_k − θ_k) = {infeasible:.1e}, max |λ_k(θ_k − E p_k)| = \
             {slack:.1e} (≤ {KKT:.0e}), every λ_k ≥ 0",
            multipliers.len()
        ),
    )
}

/// Largest |F̂ − F| along the ranking for `samples` best-of-n draws.
pub fn sampled_deviation(
    ranking: &Ranking,
    reward: &[f64],
    reference: &[f64],
    n: usize,
    samples: usize,
    rng: &mut Rng,
) -> f64 {
    let sampler = Sampler::new(reference);
    let group = ranking.group_of(reward.len());
    let mut counts = vec![0usize; ranking.groups.len()];
    for _ in 0..samples {
        counts[group[best_of_n::sample(reward, &sampler, n, rng)]] += 1;
    }
    let law = ranking.group_law(n);
    let (mut f, mut fhat, mut worst) = (0.0, 0.0, 0.0f64);
    for (p, c) in law.iter().zip(&counts) {
        f += p;
        fhat += *c as f64 / samples as f64;
        worst = worst.max((f - fhat).abs());
    }
    worst
}

/// √(ln(2/α)/(2M)): the Dvoretzky–Kiefer–Wolfowitz bound on the sampled CDF's error.
pub fn dkw_tolerance(samples: usize) -> f64 {
    (math::ln(2.0 / ALPHA) / (2.0 * samples as f64)).sqrt()
}

fn law_against_sampling(
    e: &OveroptExperiment,
    l: usize,
    ranking: &Ranking,
    ns: &[usize],
    name: &str,
) -> Check {
    let n = ns
        .iter()
        .copied()
        .filter(|&n| n <= SAMPLED_N)
        .max()
        .unwrap_or(ns[0].min(SAMPLED_N));
    let mut rng = Rng::stream(e.plan.seed, &[world::SAMPLER, l as u64]);
    let reward = &e.learners[l].reward;
    let d = sampled_deviation(ranking, reward, &e.world.reference, n, SAMPLES, &mut rng);
    let tol = dkw_tolerance(SAMPLES);
    let total: f64 = ranking.group_law(n).iter().sum();
    Check::new(
        format!("{name}: best-of-{n} law P(y₍ᵢ₎) = Fᵢⁿ − Fᵢ₋₁ⁿ vs sampling"),
        d <= tol && (total - 1.0).abs() <= 1e-12,
        format!(
            "{SAMPLES} draws: max |F̂ − F| = {d:.4} ≤ {tol:.4} (DKW, α = 1e-6); Σ P = 1 \
             within {:.1e}",
            (total - 1.0).abs()
        ),
    )
}

fn kl_bound(ranking: &Ranking, ns: &[usize], name: &str) -> Check {
    // The largest excess over the bound decides; the detail names the tightest n > 1
    // (at n = 1 both sides are 0).
    let mut worst = f64::NEG_INFINITY;
    let (mut tightest, mut at) = (f64::INFINITY, 1);
    for &n in ns {
        let excess = ranking.kl(n) - best_of_n::kl_bound(n);
        worst = worst.max(excess);
        if n > 1 && -excess < tightest {
            tightest = -excess;
            at = n;
        }
    }
    let max_n = ns.last().copied().unwrap_or(1);
    let tight = if tightest.is_finite() {
        format!("tightest at n = {at} (slack {tightest:.3e}); ")
    } else {
        String::new()
    };
    Check::new(
        format!("{name}: KL(best-of-n‖π_ref) ≤ ln n − (n−1)/n"),
        worst <= ROUNDING,
        format!(
            "at all {} swept n; {tight}at n = {max_n} KL = {:.4} vs bound {:.4}",
            ns.len(),
            ranking.kl(max_n),
            best_of_n::kl_bound(max_n)
        ),
    )
}

fn stationary(e: &OveroptExperiment, reward: &[f64], betas: &[f64], name: &str) -> Check {
    let lr = &e.world.log_reference;
    let worst = betas
        .iter()
        .map(|&b| {
            sweep::optimum(reward, lr, b)
                .gradient(reward, lr, b)
                .iter()
                .fold(0.0f64, |m, g| m.max(g.abs()))
        })
        .fold(0.0f64, f64::max);
    Check::new(
        format!("{name}: π_ref·e^(R/β)/Z is stationary"),
        worst <= STATIONARY,
        format!(
            "max |∂(E R − β·KL)/∂θ| = {worst:.2e} ≤ {STATIONARY:.0e} over {} values of β",
            betas.len()
        ),
    )
}

fn proxy_converged(e: &OveroptExperiment) -> Check {
    let (tol, how) = match e.proxy.kind {
        ProxyKind::Linear | ProxyKind::Compositional => (LINEAR_CONVERGED, "Newton"),
        ProxyKind::Mlp => (MLP_CONVERGED, "gradient descent"),
    };
    let worst = e
        .proxy
        .members
        .iter()
        .map(|m| m.gradient_norm)
        .fold(0.0f64, f64::max);
    let iterations: Vec<String> = e
        .proxy
        .members
        .iter()
        .map(|m| m.iterations.to_string())
        .collect();
    Check::new(
        "proxy reward fit converged",
        worst <= tol,
        format!(
            "{} {} Bradley–Terry fit(s) by {how} ({} steps): max ‖∇L‖ = {worst:.2e} ≤ {tol:.0e}",
            e.proxy.members.len(),
            e.proxy.kind.name(),
            iterations.join(", ")
        ),
    )
}

fn deterministic(e: &OveroptExperiment) -> Check {
    let again = OveroptExperiment::new(&e.plan).map(|mut x| {
        while x.t() < e.t() {
            x.work(usize::MAX);
        }
        x.series().fingerprint()
    });
    let want = e.series().fingerprint();
    Check::new(
        "deterministic",
        again.as_ref() == Ok(&want),
        format!(
            "the scenario rebuilt and rerun to t = {} gives fingerprint {want:016x}",
            e.t()
        ),
    )
}
