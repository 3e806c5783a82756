//! The Gaussian-process posterior given noisy observations. Observations are
//! standardised (mean 0, sd 1) before the GP sees them; predictions come back in both
//! scales.

use playground_core::scenario::Kernel;

use crate::kernel::{self, Hyper};
use crate::linalg;

/// Observations scaled to mean 0 and sd 1 (sd 1 when fewer than two or all equal).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standardise {
    pub mean: f64,
    pub sd: f64,
}

impl Standardise {
    pub fn of(ys: &[f64]) -> Self {
        let n = ys.len() as f64;
        let mean = ys.iter().sum::<f64>() / n;
        let var = ys.iter().map(|y| (y - mean) * (y - mean)).sum::<f64>() / n;
        let sd = if ys.len() >= 2 && var > 1e-24 {
            var.sqrt()
        } else {
            1.0
        };
        Standardise { mean, sd }
    }

    pub fn apply(&self, y: f64) -> f64 {
        (y - self.mean) / self.sd
    }

    pub fn undo(&self, z: f64) -> f64 {
        z * self.sd + self.mean
    }
}

/// The posterior of f (standardised) given (x, y) pairs: K + σ_n²I = L Lᵀ, α = (K + σ_n²I)⁻¹y.
#[derive(Clone, Debug)]
pub struct Posterior {
    pub kernel: Kernel,
    pub hyper: Hyper,
    pub xs: Vec<Vec<f64>>,
    /// Standardised observations.
    pub ys: Vec<f64>,
    pub scale: Standardise,
    pub chol: Vec<f64>,
    pub alpha: Vec<f64>,
}

impl Posterior {
    /// `None` when K + σ_n²I is not numerically positive definite.
    pub fn new(kernel: Kernel, hyper: Hyper, xs: &[Vec<f64>], raw: &[f64]) -> Option<Self> {
        let scale = Standardise::of(raw);
        let ys: Vec<f64> = raw.iter().map(|y| scale.apply(*y)).collect();
        let n = xs.len();
        let mut k = kernel::matrix(kernel, &hyper, xs);
        for i in 0..n {
            k[i * n + i] += hyper.noise;
        }
        let chol = linalg::cholesky(&k, n)?;
        let alpha = linalg::solve(&chol, n, &ys);
        Some(Posterior {
            kernel,
            hyper,
            xs: xs.to_vec(),
            ys,
            scale,
            chol,
            alpha,
        })
    }

    pub fn len(&self) -> usize {
        self.xs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.xs.is_empty()
    }

    /// k(x, X) for the observed X.
    pub fn cross(&self, x: &[f64]) -> Vec<f64> {
        self.xs
            .iter()
            .map(|xi| kernel::cov(self.kernel, &self.hyper, x, xi))
            .collect()
    }

    /// Mean and variance of f(x), standardised.
    pub fn predict(&self, x: &[f64]) -> (f64, f64) {
        let k = self.cross(x);
        let mean = linalg::dot(&k, &self.alpha);
        let v = linalg::forward(&self.chol, self.len(), &k);
        let var = kernel::cov(self.kernel, &self.hyper, x, x) - linalg::dot(&v, &v);
        (mean, var.max(0.0))
    }

    /// Mean and standard deviation on every point of `grid`, standardised.
    pub fn on_grid(&self, grid: &[Vec<f64>]) -> (Vec<f64>, Vec<f64>) {
        grid.iter()
            .map(|x| {
                let (m, v) = self.predict(x);
                (m, v.sqrt())
            })
            .unzip()
    }

    /// The lowest standardised observation: EI's and PI's incumbent.
    pub fn best(&self) -> f64 {
        self.ys.iter().copied().fold(f64::INFINITY, f64::min)
    }
}
