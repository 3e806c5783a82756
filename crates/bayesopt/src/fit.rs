//! Hyperparameters by maximising the log marginal likelihood
//! log p(y | θ) = −½yᵀα − Σ ln L_ii − (n/2) ln 2π over θ = (ln ℓ, ln σ_f², ln σ_n²),
//! with its exact gradient ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_j). Newton steps use a Hessian made of
//! finite differences of that gradient; a step that does not raise the likelihood is
//! halved, and when the Hessian is not negative definite a gradient step is taken.
//! Deterministic: fixed starts, a fixed iteration cap, box bounds in log space.

use playground_core::math;
use playground_core::scenario::Kernel;

use crate::kernel::{self, Hyper};
use crate::linalg;

/// Box bounds on (ℓ, σ_f², σ_n²).
pub const LOWER: [f64; 3] = [0.01, 0.01, 1e-6];
pub const UPPER: [f64; 3] = [10.0, 100.0, 10.0];
const MAX_ITERATIONS: usize = 60;
/// Newton stops when the projected gradient's largest entry is below this.
pub const TOLERANCE: f64 = 1e-9;

fn to_theta(h: &Hyper) -> [f64; 3] {
    [
        math::ln(h.lengthscale),
        math::ln(h.signal),
        math::ln(h.noise),
    ]
}

fn to_hyper(t: &[f64; 3]) -> Hyper {
    Hyper {
        lengthscale: math::exp(t[0]),
        signal: math::exp(t[1]),
        noise: math::exp(t[2]),
    }
}

fn clamp(t: [f64; 3]) -> [f64; 3] {
    let mut out = t;
    for j in 0..3 {
        out[j] = t[j].clamp(math::ln(LOWER[j]), math::ln(UPPER[j]));
    }
    out
}

/// The log marginal likelihood and its gradient in θ, or `None` if K is singular.
pub fn log_likelihood(
    kernel: Kernel,
    h: &Hyper,
    xs: &[Vec<f64>],
    ys: &[f64],
) -> Option<(f64, [f64; 3])> {
    let n = xs.len();
    let kf = kernel::matrix(kernel, h, xs);
    let mut k = kf.clone();
    for i in 0..n {
        k[i * n + i] += h.noise;
    }
    let l = linalg::cholesky(&k, n)?;
    let alpha = linalg::solve(&l, n, ys);
    let log_det: f64 = (0..n).map(|i| math::ln(l[i * n + i])).sum();
    let value = -0.5 * linalg::dot(ys, &alpha)
        - log_det
        - 0.5 * n as f64 * math::ln(2.0 * std::f64::consts::PI);
    let inv = linalg::inverse(&l, n);
    // ½ tr(M ∂K) with M = ααᵀ − K⁻¹, for each ∂K.
    let mut grad = [0.0; 3];
    for i in 0..n {
        for j in 0..n {
            let m = alpha[i] * alpha[j] - inv[i * n + j];
            grad[0] += m * kernel::dcov_dlog_lengthscale(kernel, h, &xs[i], &xs[j]);
            grad[1] += m * kf[i * n + j];
            if i == j {
                grad[2] += m * h.noise;
            }
        }
    }
    Some((value, grad.map(|g| 0.5 * g)))
}

/// The gradient with the components that push out of the box at a bound set to 0: zero
/// exactly at a (bounded) stationary point.
pub fn projected(theta: &[f64; 3], grad: &[f64; 3]) -> [f64; 3] {
    let mut out = *grad;
    for j in 0..3 {
        let at_low = theta[j] <= math::ln(LOWER[j]) + 1e-12 && grad[j] < 0.0;
        let at_high = theta[j] >= math::ln(UPPER[j]) - 1e-12 && grad[j] > 0.0;
        if at_low || at_high {
            out[j] = 0.0;
        }
    }
    out
}

/// The result of a fit: the hyperparameters, the likelihood and its projected gradient.
#[derive(Clone, Copy, Debug)]
pub struct Fit {
    pub hyper: Hyper,
    pub log_likelihood: f64,
    pub gradient: [f64; 3],
}

fn newton_from(kernel: Kernel, start: &Hyper, xs: &[Vec<f64>], ys: &[f64]) -> Option<Fit> {
    let mut theta = clamp(to_theta(start));
    let (mut value, mut grad) = log_likelihood(kernel, &to_hyper(&theta), xs, ys)?;
    for _ in 0..MAX_ITERATIONS {
        let pg = projected(&theta, &grad);
        if pg.iter().all(|g| g.abs() < TOLERANCE) {
            break;
        }
        // Newton's direction first; when it does not raise the likelihood (far from the
        // optimum, or at a bound), the projected gradient's.
        let newton = newton_direction(kernel, &theta, &grad, &pg, xs, ys);
        let mut moved = false;
        for dir in newton.iter().chain(std::iter::once(&pg)) {
            if let Some((t, v, g)) = line_search(kernel, &theta, value, dir, xs, ys) {
                (theta, value, grad) = (t, v, g);
                moved = true;
                break;
            }
        }
        if !moved {
            break;
        }
    }
    Some(Fit {
        hyper: to_hyper(&theta),
        log_likelihood: value,
        gradient: projected(&theta, &grad),
    })
}

/// The first of 1, ½, ¼, … times `dir` that raises the likelihood (within the box).
fn line_search(
    kernel: Kernel,
    theta: &[f64; 3],
    value: f64,
    dir: &[f64; 3],
    xs: &[Vec<f64>],
    ys: &[f64],
) -> Option<([f64; 3], f64, [f64; 3])> {
    let mut step = 1.0;
    for _ in 0..40 {
        let cand = clamp(std::array::from_fn(|j| theta[j] + step * dir[j]));
        if let Some((v, g)) = log_likelihood(kernel, &to_hyper(&cand), xs, ys)
            && v > value
        {
            return Some((cand, v, g));
        }
        step *= 0.5;
    }
    None
}

/// −H⁻¹g with H from forward differences of the gradient, when −H is positive definite,
/// over the free coordinates only: a coordinate held at its bound (its projected gradient
/// is 0 there) does not move, and does not bend the others' step.
fn newton_direction(
    kernel: Kernel,
    theta: &[f64; 3],
    grad: &[f64; 3],
    projected: &[f64; 3],
    xs: &[Vec<f64>],
    ys: &[f64],
) -> Option<[f64; 3]> {
    let h = 1e-5;
    let mut neg_hess = [0.0; 9];
    for j in 0..3 {
        let mut t = *theta;
        t[j] += h;
        let (_, g) = log_likelihood(kernel, &to_hyper(&t), xs, ys)?;
        for i in 0..3 {
            neg_hess[i * 3 + j] = -(g[i] - grad[i]) / h;
        }
    }
    // Symmetrise: finite differences are not exactly symmetric.
    for i in 0..3 {
        for j in 0..i {
            let m = 0.5 * (neg_hess[i * 3 + j] + neg_hess[j * 3 + i]);
            neg_hess[i * 3 + j] = m;
            neg_hess[j * 3 + i] = m;
        }
    }
    for j in 0..3 {
        if projected[j] == 0.0 && grad[j] != 0.0 {
            for i in 0..3 {
                neg_hess[i * 3 + j] = 0.0;
                neg_hess[j * 3 + i] = 0.0;
            }
            neg_hess[j * 3 + j] = 1.0;
        }
    }
    let l = linalg::cholesky(&neg_hess, 3)?;
    let d = linalg::solve(&l, 3, projected);
    Some([d[0], d[1], d[2]])
}

/// The best of Newton ascents from each start (standardised observations `ys`).
pub fn fit(kernel: Kernel, starts: &[Hyper], xs: &[Vec<f64>], ys: &[f64]) -> Option<Fit> {
    let mut best: Option<Fit> = None;
    for s in starts {
        if let Some(f) = newton_from(kernel, s, xs, ys)
            && best.is_none_or(|b| f.log_likelihood > b.log_likelihood)
        {
            best = Some(f);
        }
    }
    best
}
