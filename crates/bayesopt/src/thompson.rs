//! Thompson sampling on the grid: one joint posterior sample by Matheron's rule,
//! f_post = f_prior + K(·, X)(K + σ_n²I)⁻¹(y − f_prior(X) − ε), with the prior sample drawn
//! once on the whole grid. Queries are grid points, so f_prior(X) is read off the sample.
//! In 2-D the prior's grid matrix is a Kronecker product of two 41 × 41 factors.

use playground_core::rng::Rng;
use playground_core::scenario::Kernel;

use crate::gp::Posterior;
use crate::kernel::{self, Hyper};
use crate::linalg;

/// The Cholesky factor of one axis' grid correlation matrix (jittered: the matrix is
/// singular to rounding on a fine grid), for a kernel and lengthscale.
#[derive(Clone, Debug)]
pub struct AxisFactor {
    pub kernel: Kernel,
    pub lengthscale: f64,
    pub side: usize,
    pub chol: Vec<f64>,
}

impl AxisFactor {
    pub fn new(kernel: Kernel, lengthscale: f64, side: usize) -> Option<Self> {
        let at = |i: usize| i as f64 / (side - 1) as f64;
        let mut k = vec![0.0; side * side];
        for i in 0..side {
            for j in 0..side {
                k[i * side + j] = kernel::corr1(kernel, at(i) - at(j), lengthscale);
            }
        }
        let (chol, _) = linalg::cholesky_jittered(&k, side, 1e-10)?;
        Some(AxisFactor {
            kernel,
            lengthscale,
            side,
            chol,
        })
    }

    pub fn fits(&self, kernel: Kernel, lengthscale: f64) -> bool {
        self.kernel == kernel && self.lengthscale.to_bits() == lengthscale.to_bits()
    }
}

/// A prior sample of f on the grid (1-D: `side` points; 2-D: side² row-major).
pub fn prior_sample(f: &AxisFactor, dims: usize, signal: f64, rng: &mut Rng) -> Vec<f64> {
    let n = f.side;
    let sd = signal.sqrt();
    if dims == 1 {
        let z: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        return linalg::lower_times(&f.chol, n, &z)
            .into_iter()
            .map(|v| sd * v)
            .collect();
    }
    // (L ⊗ L) vec(Z) = vec(L Z Lᵀ) for the row-major grid.
    let z: Vec<f64> = (0..n * n).map(|_| rng.normal()).collect();
    let mut lz = vec![0.0; n * n];
    for a in 0..n {
        for j in 0..n {
            lz[a * n + j] = (0..=a).map(|i| f.chol[a * n + i] * z[i * n + j]).sum();
        }
    }
    let mut out = vec![0.0; n * n];
    for a in 0..n {
        for b in 0..n {
            let v: f64 = (0..=b).map(|j| lz[a * n + j] * f.chol[b * n + j]).sum();
            out[a * n + b] = sd * v;
        }
    }
    out
}

/// A posterior sample on the grid, given the prior sample and the observed grid indices.
pub fn posterior_sample(
    gp: &Posterior,
    grid: &[Vec<f64>],
    queried: &[usize],
    prior: &[f64],
    rng: &mut Rng,
) -> Vec<f64> {
    let n = gp.len();
    let noise = gp.hyper.noise.sqrt();
    let resid: Vec<f64> = (0..n)
        .map(|i| gp.ys[i] - prior[queried[i]] - noise * rng.normal())
        .collect();
    let w = linalg::solve(&gp.chol, n, &resid);
    grid.iter()
        .zip(prior)
        .map(|(x, p)| p + linalg::dot(&gp.cross(x), &w))
        .collect()
}

/// Whether a factor must be rebuilt for these hyperparameters.
pub fn stale(cache: &Option<AxisFactor>, kernel: Kernel, h: &Hyper) -> bool {
    cache
        .as_ref()
        .is_none_or(|f| !f.fits(kernel, h.lengthscale))
}
