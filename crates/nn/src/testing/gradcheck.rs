//! Finite-difference gradient checks in f64 on the CPU backend.
//!
//! For a scalar L(x), central differences (L(x + h·e_i) − L(x − h·e_i)) / 2h approximate
//! ∂L/∂x_i with error O(h²) from truncation and O(ε·|L|/h) from rounding; in f64 with
//! h = 1e-5 both are around 1e-10, far below the 1e-6 tolerance, so a wrong backward rule
//! (typically off by O(1)) cannot hide.

use crate::Tape;
use crate::backend::{Backend, Cpu};
use crate::error::Result;
use crate::tensor::{Ids, Tensor};

pub type F64 = Cpu<f64>;

/// Step of the central differences.
pub const STEP: f64 = 1e-5;

/// Largest gradient error found: |analytic − numeric| / max(|analytic|, |numeric|, 1e-2).
/// (Below 0.01 the error is measured absolutely, scaled by 100.)
#[derive(Clone, Debug, PartialEq)]
pub struct GradReport {
    pub max_rel_error: f64,
    /// (input, element, analytic, numeric) of the worst element.
    pub worst: (usize, usize, f64, f64),
    pub checked: usize,
}

pub fn relative_error(a: f64, n: f64) -> f64 {
    (a - n).abs() / a.abs().max(n.abs()).max(1e-2)
}

fn tensors(cpu: &F64, values: &[Vec<f64>], shapes: &[Vec<usize>]) -> Vec<Tensor<F64>> {
    values
        .iter()
        .zip(shapes)
        .map(|(v, s)| Tensor::from_storage(cpu, cpu.from_elements(v.clone()), s))
        .collect()
}

fn scalar_value(cpu: &F64, t: &Tensor<F64>) -> f64 {
    cpu.elements(t.storage())[0]
}

/// Check the gradient of the scalar `loss(inputs)` with respect to every element of
/// every input. `loss` must build its result from the given tensors only.
pub fn check<F>(values: &[Vec<f64>], shapes: &[Vec<usize>], loss: F) -> Result<GradReport>
where
    F: Fn(&[Tensor<F64>]) -> Result<Tensor<F64>>,
{
    let cpu = F64::new();
    let leaves = tensors(&cpu, values, shapes);
    let tape = Tape::new();
    let tracked: Vec<Tensor<F64>> = leaves.iter().map(|t| tape.track(t)).collect();
    let grads = loss(&tracked)?.backward()?;
    let mut report = GradReport {
        max_rel_error: 0.0,
        worst: (0, 0, 0.0, 0.0),
        checked: 0,
    };
    for (i, leaf) in leaves.iter().enumerate() {
        let analytic: Vec<f64> = match grads.get(leaf) {
            Some(g) => cpu.elements(g.storage()).to_vec(),
            None => vec![0.0; values[i].len()],
        };
        for (j, &a) in analytic.iter().enumerate() {
            let eval = |delta: f64| -> Result<f64> {
                let mut v = values.to_vec();
                v[i][j] += delta;
                Ok(scalar_value(&cpu, &loss(&tensors(&cpu, &v, shapes))?))
            };
            let numeric = (eval(STEP)? - eval(-STEP)?) / (2.0 * STEP);
            let err = relative_error(a, numeric);
            report.checked += 1;
            if err > report.max_rel_error || err.is_nan() {
                report.max_rel_error = err;
                report.worst = (i, j, a, numeric);
            }
        }
    }
    Ok(report)
}

/// Gradient check of one [`super::OpCase`], with loss Σ w·op(inputs).
pub fn check_op(case: super::OpCase, seed: u64) -> Result<GradReport> {
    let spec = case.spec();
    let (values, ids) = super::draw_inputs(&spec, seed);
    let values: Vec<Vec<f64>> = values
        .iter()
        .map(|v| v.iter().map(|&x| x as f64).collect())
        .collect();
    let shapes: Vec<Vec<usize>> = spec.inputs.iter().map(|i| i.shape.clone()).collect();
    let cpu = F64::new();
    let id_tensors: Vec<Ids<F64>> = ids
        .iter()
        .zip(&spec.ids)
        .map(|(v, (shape, _))| Ids::new(&cpu, v, shape))
        .collect::<Result<_>>()?;
    check(&values, &shapes, |x| {
        let y = case.build(x, &id_tensors)?;
        weighted_sum(&y, seed)
    })
}

/// Σ w·y with [`super::loss_weights`].
pub fn weighted_sum<B: Backend>(y: &Tensor<B>, seed: u64) -> Result<Tensor<B>> {
    let w = Tensor::from_slice(
        y.backend(),
        &super::loss_weights(y.numel(), seed),
        y.shape(),
    )?;
    Ok(y.mul(&w)?.sum())
}

/// Read any tensor of a `Cpu<f64>` as f64 (for reports), without rounding.
pub fn values_f64(t: &Tensor<F64>) -> Vec<f64> {
    F64::new().elements(t.storage()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::record_unary;

    /// exp with a deliberately wrong backward rule (d exp = dy instead of dy·eˣ).
    fn broken_exp(x: &Tensor<F64>) -> Tensor<F64> {
        let out = x.derived(
            x.backend().unary(crate::backend::UnaryOp::Exp, x.storage()),
            x.shape(),
        );
        record_unary(x, out, |_, dy| dy.clone())
    }

    #[test]
    fn the_checker_catches_a_wrong_backward_rule() {
        let values = vec![vec![0.3, -0.7, 1.2]];
        let shapes = vec![vec![3]];
        let good = check(&values, &shapes, |x| Ok(x[0].exp().sum())).unwrap();
        assert!(good.max_rel_error < 1e-8, "{good:?}");
        let bad = check(&values, &shapes, |x| Ok(broken_exp(&x[0]).sum())).unwrap();
        assert!(bad.max_rel_error > 0.1, "{bad:?}");
    }
}
