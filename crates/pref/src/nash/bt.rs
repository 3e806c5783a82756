//! RLHF's first stage on a general preference matrix: the Bradley–Terry reward that best
//! explains it. The matrix is read as population data, every ordered pair (i, j) labelled
//! i ≻ j with weight P(i ≻ j), so the log-likelihood is
//!   L(r) = Σ_{i≠j} P(i ≻ j)·ln σ(r_i − r_j),
//! concave, with gradient g_i = Σ_{j≠i} (P(i ≻ j) − σ(r_i − r_j)): the fit matches each
//! response's expected wins. On a cycle no reward can reproduce P, and the fit imposes an
//! order anyway (or, on a symmetric cycle, learns equal rewards).
//!
//! Solved by Newton's method here; `crate::bradley_terry::mle` (Hunter's MM algorithm)
//! is the independent solver the Verify panel compares it with.

use playground_core::math;

use super::linalg;
use crate::toy::Pair;

/// Newton stops when every component of the gradient is below this.
const GRADIENT_TOLERANCE: f64 = 1e-13;
const MAX_NEWTON_STEPS: usize = 100;

/// The weighted pairs the matrix stands for: (i ≻ j) with weight P(i ≻ j), i ≠ j.
pub fn pairs(p: &[Vec<f64>]) -> Vec<Pair> {
    let n = p.len();
    (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .filter(|&(i, j)| i != j && p[i][j] > 0.0)
        .map(|(i, j)| Pair {
            chosen: i,
            rejected: j,
            weight: p[i][j],
        })
        .collect()
}

pub fn log_likelihood(p: &[Vec<f64>], r: &[f64]) -> f64 {
    pairs(p)
        .iter()
        .map(|q| q.weight * math::log_sigmoid(r[q.chosen] - r[q.rejected]))
        .sum()
}

/// ∂L/∂r_i = Σ_{j≠i} P(i ≻ j) − σ(r_i − r_j).
pub fn gradient(p: &[Vec<f64>], r: &[f64]) -> Vec<f64> {
    let n = p.len();
    (0..n)
        .map(|i| {
            (0..n)
                .filter(|&j| j != i)
                .map(|j| p[i][j] - math::sigmoid(r[i] - r[j]))
                .sum()
        })
        .collect()
}

/// The maximum-likelihood rewards, mean zero, by Newton's method with step halving.
/// Needs a finite maximum (every response beats every other through a chain of
/// positive preferences; validation checks it for RLHF learners).
pub fn fit(p: &[Vec<f64>]) -> Result<Vec<f64>, String> {
    let n = p.len();
    let mut r = vec![0.0; n];
    for _ in 0..MAX_NEWTON_STEPS {
        let g = gradient(p, &r);
        if g.iter().all(|x| x.abs() <= GRADIENT_TOLERANCE) {
            return Ok(centred(r));
        }
        let step = newton_step(&r, &g).ok_or("the Bradley–Terry fit has no finite maximum")?;
        // Halve the step while it lowers the likelihood by more than rounding (near the
        // maximum the full step is always taken: changes there are below rounding).
        let floor = log_likelihood(p, &r) - 1e-12 * (1.0 + log_likelihood(p, &r).abs());
        let mut s = 1.0;
        loop {
            let next: Vec<f64> = r.iter().zip(&step).map(|(a, d)| a + s * d).collect();
            if log_likelihood(p, &next) >= floor || s < 1e-12 {
                r = next;
                break;
            }
            s /= 2.0;
        }
    }
    Ok(centred(r))
}

/// Solve (L + 11ᵀ/n) δ = g, L = −∇²L the weighted Laplacian w_ij = σ'(r_i − r_j). The
/// gradient sums to zero, so δ does too and L δ = g: the Newton step that keeps the
/// mean of r (which the likelihood ignores) fixed.
fn newton_step(r: &[f64], g: &[f64]) -> Option<Vec<f64>> {
    let n = r.len();
    let mut a = vec![vec![1.0 / n as f64; n]; n];
    for i in 0..n {
        for j in 0..n {
            if i != j {
                let s = math::sigmoid(r[i] - r[j]);
                let w = s * (1.0 - s);
                a[i][j] -= w;
                a[i][i] += w;
            }
        }
    }
    linalg::solve(a, g.to_vec(), 0.0)
}

fn centred(mut r: Vec<f64>) -> Vec<f64> {
    let mean = r.iter().sum::<f64>() / r.len() as f64;
    r.iter_mut().for_each(|x| *x -= mean);
    r
}
