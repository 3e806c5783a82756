//! Acquisition functions for minimisation, in standardised units, and the (μ, s) Pareto
//! front of "Greed is Good" (low mean, high uncertainty).

use playground_core::math;

/// EI(x) = E[max(y_best − ξ − f(x), 0)] = (y_best − ξ − μ)Φ(z) + sφ(z), z = (y_best − ξ − μ)/s.
pub fn expected_improvement(mu: f64, s: f64, best: f64, xi: f64) -> f64 {
    let gain = best - xi - mu;
    if s <= 0.0 {
        return gain.max(0.0);
    }
    let z = gain / s;
    // Far below the incumbent (z ≲ −8) the two terms cancel to rounding noise that may
    // fall below 0; EI is an expectation of a non-negative gain.
    (gain * math::normal_cdf(z) + s * math::normal_pdf(z)).max(0.0)
}

/// PI(x) = P(f(x) < y_best − ξ) = Φ((y_best − ξ − μ)/s).
pub fn probability_of_improvement(mu: f64, s: f64, best: f64, xi: f64) -> f64 {
    let gain = best - xi - mu;
    if s <= 0.0 {
        return if gain > 0.0 { 1.0 } else { 0.0 };
    }
    math::normal_cdf(gain / s)
}

/// GP-UCB for minimisation, as a score to maximise: −(μ − √β·s).
pub fn ucb(mu: f64, s: f64, beta: f64) -> f64 {
    -(mu - beta.sqrt() * s)
}

/// πBO's weighting: ln π(x)·γ/t for a Gaussian belief of width `width` at `center`
/// (unnormalised: only its shape moves the maximiser).
pub fn log_prior_weight(x: &[f64], center: &[f64], width: f64, gamma: f64, t: usize) -> f64 {
    let d2: f64 = x.iter().zip(center).map(|(a, c)| (a - c) * (a - c)).sum();
    -(gamma / t as f64) * d2 / (2.0 * width * width)
}

/// The index of the largest score; the first on ties (deterministic).
pub fn argmax(scores: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in scores.iter().enumerate() {
        if v > scores[best] || (scores[best].is_nan() && !v.is_nan()) {
            best = i;
        }
    }
    best
}

/// The points no other point dominates (a point dominates another when its μ is no
/// higher and its s no lower, one of them strictly): sorted by μ, a point is on the front
/// when its s beats every s before it. Of exact duplicates only the first index stays.
pub fn pareto_front(mu: &[f64], s: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..mu.len()).collect();
    order.sort_by(|&a, &b| {
        mu[a]
            .total_cmp(&mu[b])
            .then(s[b].total_cmp(&s[a]))
            .then(a.cmp(&b))
    });
    let mut front = Vec::new();
    let mut best_s = f64::NEG_INFINITY;
    for i in order {
        if s[i] > best_s {
            front.push(i);
            best_s = s[i];
        }
    }
    front.sort_unstable();
    front
}

/// Whether grid point `i` is dominated by another (μ no higher, s no lower, one strictly).
pub fn dominated(mu: &[f64], s: &[f64], i: usize) -> bool {
    (0..mu.len())
        .any(|j| j != i && mu[j] <= mu[i] && s[j] >= s[i] && (mu[j] < mu[i] || s[j] > s[i]))
}
