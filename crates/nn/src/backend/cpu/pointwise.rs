//! Element-wise functions and optimiser updates of the CPU backend.

use super::buffer::overwrite;
use super::simd::widest;
use crate::backend::{AdamStep, SgdStep, UnaryOp};
use crate::element::Element;

/// √(2/π), the GELU constant.
const GELU_C: f64 = 0.797_884_560_802_865_4;
const GELU_A: f64 = 0.044_715;

#[inline(always)]
fn sigmoid<E: Element>(x: E) -> E {
    if x >= E::ZERO {
        E::ONE / (E::ONE + (-x).exp())
    } else {
        let e = x.exp();
        e / (E::ONE + e)
    }
}

/// ln σ(x) = min(x, 0) − ln(1 + e^(−|x|)), which never overflows.
#[inline(always)]
fn log_sigmoid<E: Element>(x: E) -> E {
    let neg_abs = if x < E::ZERO { x } else { -x };
    let min0 = if x < E::ZERO { x } else { E::ZERO };
    min0 - neg_abs.exp().ln_1p()
}

/// σ(2z) and 1 − σ(2z) for z = √(2/π)·(x + 0.044715·x³), computed without cancellation.
/// GELU is x·σ(2z) (the same function as 0.5·x·(1 + tanh z), with one exp instead of a
/// much slower tanh). Where e^(−2z) would overflow (exponent above 80) σ is 0 to working
/// precision and 1 − σ is 1; capping the exponent keeps 1 − σ from becoming ∞·0.
#[inline(always)]
fn gelu_gate<E: Element>(x: E) -> (E, E) {
    let (c, a, cap) = (E::from_f64(GELU_C), E::from_f64(GELU_A), E::from_f64(80.0));
    let arg = E::from_f64(-2.0) * c * (x + a * x * x * x);
    let e = (if arg > cap { cap } else { arg }).exp();
    let s = E::ONE / (E::ONE + e);
    if arg > cap {
        (E::ZERO, E::ONE)
    } else {
        (s, e * s)
    }
}

#[inline(always)]
fn gelu<E: Element>(x: E) -> E {
    x * gelu_gate(x).0
}

/// d/dx x·σ(2z) = σ + x·σ·(1 − σ)·2·dz/dx.
#[inline(always)]
fn gelu_grad<E: Element>(x: E) -> E {
    let (c, a) = (E::from_f64(GELU_C), E::from_f64(GELU_A));
    let (s, one_minus_s) = gelu_gate(x);
    let dz = c * (E::ONE + E::from_f64(3.0) * a * x * x);
    s + E::from_f64(2.0) * x * s * one_minus_s * dz
}

/// y_i = f(x_i). Index loops over equal-length slices are what the compiler vectorises
/// most reliably (an iterator chain into `Vec::extend` did not vectorise here).
#[inline(always)]
fn map<E: Element>(x: &[E], f: impl Fn(E) -> E) -> Vec<E> {
    let mut y = overwrite(x.len());
    for (o, &v) in y.iter_mut().zip(x) {
        *o = f(v);
    }
    y
}

widest! {
/// y = f(x) element-wise, with the widest vectors (see [`super::simd`]).
pub fn unary<E: Element>(op: UnaryOp, x: &[E]) -> Vec<E> {
    match op {
        UnaryOp::Exp => map(x, E::exp),
        UnaryOp::Log => map(x, E::ln),
        UnaryOp::Tanh => map(x, E::tanh),
        UnaryOp::Gelu => map(x, gelu),
        UnaryOp::Relu => map(x, |v| if v > E::ZERO { v } else { E::ZERO }),
        UnaryOp::Sigmoid => map(x, sigmoid),
        UnaryOp::LogSigmoid => map(x, log_sigmoid),
    }
}
}

/// dx_i = f(x_i, y_i, dy_i); see [`map`].
#[inline(always)]
fn zip3<E: Element>(x: &[E], y: &[E], dy: &[E], f: impl Fn(E, E, E) -> E) -> Vec<E> {
    let n = x.len();
    let (y, dy) = (&y[..n], &dy[..n]);
    let mut dx = overwrite(n);
    for i in 0..n {
        dx[i] = f(x[i], y[i], dy[i]);
    }
    dx
}

widest! {
/// dx from x, y = f(x) and dy, element-wise, with the widest vectors.
pub fn unary_backward<E: Element>(op: UnaryOp, x: &[E], y: &[E], dy: &[E]) -> Vec<E> {
    match op {
        UnaryOp::Exp => zip3(x, y, dy, |_, y, g| g * y),
        UnaryOp::Log => zip3(x, y, dy, |x, _, g| g / x),
        UnaryOp::Tanh => zip3(x, y, dy, |_, y, g| g * (E::ONE - y * y)),
        UnaryOp::Gelu => zip3(x, y, dy, |x, _, g| g * gelu_grad(x)),
        UnaryOp::Relu => zip3(x, y, dy, |x, _, g| if x > E::ZERO { g } else { E::ZERO }),
        UnaryOp::Sigmoid => zip3(x, y, dy, |_, y, g| g * y * (E::ONE - y)),
        // d/dx ln σ(x) = 1 − σ(x) = σ(−x).
        UnaryOp::LogSigmoid => zip3(x, y, dy, |x, _, g| g * sigmoid(-x)),
    }
}
}

pub fn affine<E: Element>(x: &[E], mul: E, add: E) -> Vec<E> {
    map(x, |v| mul * v + add)
}

pub fn clip_scale<E: Element>(sumsq: E, max_norm: E) -> E {
    let s = max_norm / (sumsq.sqrt() + E::from_f64(1e-6));
    if s < E::ONE { s } else { E::ONE }
}

/// Returns (param, momentum buffer). Written as an indexed loop over equal-length slices
/// so it vectorises.
pub fn sgd_step<E: Element>(
    p: &[E],
    g: &[E],
    buf: &[E],
    scale: E,
    h: &SgdStep,
) -> (Vec<E>, Vec<E>) {
    let (lr, mom, wd) = (
        E::from_f32(h.lr),
        E::from_f32(h.momentum),
        E::from_f32(h.weight_decay),
    );
    let n = p.len();
    let (g, buf) = (&g[..n], &buf[..n]);
    let (mut np, mut nb) = (overwrite(n), overwrite(n));
    for i in 0..n {
        let grad = g[i] * scale + wd * p[i];
        let b = mom * buf[i] + grad;
        nb[i] = b;
        np[i] = p[i] - lr * b;
    }
    (np, nb)
}

widest! {
/// Returns (param, m, v). The branch between Adam (L2 penalty in the gradient) and AdamW
/// (decoupled decay) is folded into two coefficients, one of them 0, so the loop has no
/// branch and vectorises. (Two divisions and a square root per parameter make it a tenth
/// of a small model's step: it runs with the widest vectors, see [`super::simd`].)
pub fn adam_step<E: Element>(
    p: &[E],
    g: &[E],
    m: &[E],
    v: &[E],
    scale: E,
    h: &AdamStep,
) -> (Vec<E>, Vec<E>, Vec<E>) {
    let f = E::from_f32;
    let (lr, b1, b2, eps) = (f(h.lr), f(h.beta1), f(h.beta2), f(h.eps));
    let (bias1, bias2) = (f(h.bias1), f(h.bias2));
    let (one_b1, one_b2) = (E::ONE - b1, E::ONE - b2);
    let wd = f(h.weight_decay);
    let (l2, decay) = if h.decoupled {
        (E::ZERO, lr * wd)
    } else {
        (wd, E::ZERO)
    };
    let n = p.len();
    let (g, m, v) = (&g[..n], &m[..n], &v[..n]);
    let (mut np, mut nm, mut nv) = (overwrite(n), overwrite(n), overwrite(n));
    for i in 0..n {
        let grad = g[i] * scale + l2 * p[i];
        let mi = b1 * m[i] + one_b1 * grad;
        let vi = b2 * v[i] + one_b2 * grad * grad;
        let pv = p[i] - decay * p[i];
        np[i] = pv - lr * (mi / bias1) / ((vi / bias2).sqrt() + eps);
        nm[i] = mi;
        nv[i] = vi;
    }
    (np, nm, nv)
}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_sigmoid_is_stable_and_matches_the_direct_formula() {
        for x in [-30.0f64, -2.0, 0.0, 1.5, 30.0] {
            let direct = (1.0 / (1.0 + (-x).exp())).ln();
            assert!((log_sigmoid(x) - direct).abs() < 1e-12, "{x}");
        }
        assert!(log_sigmoid(-1000.0f64).is_finite());
        assert_eq!(log_sigmoid(1000.0f64), 0.0);
    }

    #[test]
    fn gelu_is_finite_and_flat_far_from_zero() {
        for x in [-1e6f32, -200.0, -50.0] {
            assert!(gelu(x).abs() < 1e-20 && gelu_grad(x).abs() < 1e-20, "{x}");
        }
        for x in [50.0f32, 1e6] {
            assert_eq!(gelu(x), x);
            assert_eq!(gelu_grad(x), 1.0);
        }
    }

    #[test]
    fn gelu_is_close_to_its_exact_erf_form() {
        for x in [-3.0f64, -1.0, 0.0, 0.5, 2.0] {
            let exact = 0.5 * x * (1.0 + libm::erf(x / std::f64::consts::SQRT_2));
            assert!((gelu(x) - exact).abs() < 1e-3, "{x}");
        }
    }
}
