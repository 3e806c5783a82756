//! Exact reference values: regret bounds and the testbed's expected optimum.

use playground_core::math;
use playground_core::scenario::EnvSpec;

/// Auer, Cesa-Bianchi & Fischer (2002), Theorem 1: UCB1's expected regret after t pulls on
/// rewards in [0, 1] is at most Σ_{Δ>0} 8 ln t / Δ + (1 + π²/3) Σ Δ.
pub fn ucb1_regret_bound(means: &[f64], t: f64) -> f64 {
    let best = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let gaps: Vec<f64> = means
        .iter()
        .map(|m| best - m)
        .filter(|&d| d > 0.0)
        .collect();
    let ln_t = math::ln(t.max(1.0));
    gaps.iter().map(|d| 8.0 * ln_t / d).sum::<f64>()
        + (1.0 + std::f64::consts::PI.powi(2) / 3.0) * gaps.iter().sum::<f64>()
}

/// Lai & Robbins (1985): any consistent algorithm has regret at least C·ln t asymptotically,
/// with C = Σ_{Δ>0} Δ / KL(arm ‖ best arm). For Gaussian arms of known sd σₐ the KL is
/// Δ²/(2σₐ²). `None` when the environment has no fixed means (testbed, walk, adversary).
pub fn lai_robbins_constant(env: &EnvSpec) -> Option<f64> {
    match env {
        EnvSpec::Bernoulli { means } => {
            let best = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Some(
                means
                    .iter()
                    .filter(|&&m| m < best)
                    .map(|&m| {
                        let kl = math::bernoulli_kl(m, best);
                        // A best arm that always pays 1 is told apart in O(1) pulls.
                        if kl.is_finite() { (best - m) / kl } else { 0.0 }
                    })
                    .sum(),
            )
        }
        EnvSpec::Gaussian { means, sds } => {
            let best = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Some(
                means
                    .iter()
                    .zip(sds)
                    .filter(|&(&m, _)| m < best)
                    .map(|(&m, &s)| 2.0 * s * s / (best - m))
                    .sum(),
            )
        }
        _ => None,
    }
}

/// E[max of k independent N(0, 1)] = ∫ x·k·φ(x)·Φ(x)^(k−1) dx, by Simpson's rule on
/// [−12, 12] (the tails beyond contribute less than 1e-30). 1.5388 for k = 10, the
/// optimal average reward in Sutton & Barto's figure 2.2.
pub fn expected_max_of_normals(k: usize) -> f64 {
    let (lo, hi, n) = (-12.0, 12.0, 4000);
    let h = (hi - lo) / n as f64;
    let f = |x: f64| x * k as f64 * math::normal_pdf(x) * math::normal_cdf(x).powi(k as i32 - 1);
    let inner: f64 = (1..n)
        .map(|i| {
            let w = if i % 2 == 1 { 4.0 } else { 2.0 };
            w * f(lo + i as f64 * h)
        })
        .sum();
    (f(lo) + f(hi) + inner) * h / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_max_matches_known_values() {
        // k = 2: 1/√π exactly. k = 10: 1.5387527 (order-statistic tables, e.g. Harter 1961).
        assert!((expected_max_of_normals(2) - 1.0 / std::f64::consts::PI.sqrt()).abs() < 1e-10);
        assert!((expected_max_of_normals(10) - 1.538_752_7).abs() < 1e-6);
    }

    #[test]
    fn lai_robbins_constant_for_two_bernoulli_arms() {
        let env = EnvSpec::Bernoulli {
            means: vec![0.9, 0.8],
        };
        let c = lai_robbins_constant(&env).unwrap();
        assert!((c - 0.1 / math::bernoulli_kl(0.8, 0.9)).abs() < 1e-12);
    }

    #[test]
    fn ucb1_bound_grows_like_log_t() {
        let m = [0.9, 0.8, 0.7];
        let b1 = ucb1_regret_bound(&m, 100.0);
        let b2 = ucb1_regret_bound(&m, 10_000.0);
        let slope = 8.0 / 0.1 + 8.0 / 0.2;
        assert!(((b2 - b1) - slope * (10_000f64.ln() - 100f64.ln())).abs() < 1e-9);
    }
}
