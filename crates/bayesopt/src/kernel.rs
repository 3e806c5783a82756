//! Covariance functions on unit coordinates. In 2-D the kernel is the product of one
//! 1-D kernel per axis with a shared lengthscale: for the RBF that is the isotropic RBF,
//! for Matérn-5/2 a valid product kernel, and on the grid its matrix is a Kronecker
//! product (what makes Thompson sampling on 41 × 41 points cheap).

use playground_core::math;
use playground_core::scenario::Kernel;

/// The three hyperparameters, all positive: ℓ, σ_f² and σ_n² (standardised units).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hyper {
    pub lengthscale: f64,
    pub signal: f64,
    pub noise: f64,
}

const SQRT5: f64 = 2.236_067_977_499_79;

/// The 1-D correlation at distance `d` with lengthscale `l`.
pub fn corr1(kernel: Kernel, d: f64, l: f64) -> f64 {
    match kernel {
        Kernel::Rbf => math::exp(-0.5 * d * d / (l * l)),
        Kernel::Matern52 => {
            let a = SQRT5 * d.abs() / l;
            (1.0 + a + a * a / 3.0) * math::exp(-a)
        }
    }
}

/// d corr1 / d ln ℓ.
fn dcorr1(kernel: Kernel, d: f64, l: f64) -> f64 {
    match kernel {
        Kernel::Rbf => corr1(kernel, d, l) * d * d / (l * l),
        Kernel::Matern52 => {
            let a = SQRT5 * d.abs() / l;
            a * a * (1.0 + a) / 3.0 * math::exp(-a)
        }
    }
}

/// The correlation of two points (product over axes), without σ_f².
pub fn corr(kernel: Kernel, l: f64, x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .zip(y)
        .map(|(a, b)| corr1(kernel, a - b, l))
        .product()
}

/// k(x, y) = σ_f²·corr(x, y).
pub fn cov(kernel: Kernel, h: &Hyper, x: &[f64], y: &[f64]) -> f64 {
    h.signal * corr(kernel, h.lengthscale, x, y)
}

/// d k(x, y) / d ln ℓ (product rule over the axes).
pub fn dcov_dlog_lengthscale(kernel: Kernel, h: &Hyper, x: &[f64], y: &[f64]) -> f64 {
    let l = h.lengthscale;
    let mut total = 0.0;
    for d in 0..x.len() {
        let mut term = dcorr1(kernel, x[d] - y[d], l);
        for e in (0..x.len()).filter(|&e| e != d) {
            term *= corr1(kernel, x[e] - y[e], l);
        }
        total += term;
    }
    h.signal * total
}

/// The covariance matrix of `xs` (row-major), without noise.
pub fn matrix(kernel: Kernel, h: &Hyper, xs: &[Vec<f64>]) -> Vec<f64> {
    let n = xs.len();
    let mut k = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let v = cov(kernel, h, &xs[i], &xs[j]);
            k[i * n + j] = v;
            k[j * n + i] = v;
        }
    }
    k
}
