//! Element-wise functions, broadcast arithmetic and reductions.

use crate::autodiff::record;
use crate::backend::{Backend, BinaryOp, UnaryOp};
use crate::error::Result;
use crate::ops::record_unary;
use crate::shape::{self, align};
use crate::tensor::Tensor;

impl<B: Backend> Tensor<B> {
    fn unary(&self, op: UnaryOp) -> Self {
        let y = self.backend.unary(op, &self.data);
        let out = self.derived(y.clone(), &self.shape);
        let x = self.data.clone();
        record_unary(self, out, move |b, dy| b.unary_backward(op, &x, &y, dy))
    }

    pub fn exp(&self) -> Self {
        self.unary(UnaryOp::Exp)
    }

    /// Natural logarithm.
    pub fn log(&self) -> Self {
        self.unary(UnaryOp::Log)
    }

    pub fn tanh(&self) -> Self {
        self.unary(UnaryOp::Tanh)
    }

    /// GELU (tanh approximation, as in GPT-2).
    pub fn gelu(&self) -> Self {
        self.unary(UnaryOp::Gelu)
    }

    pub fn relu(&self) -> Self {
        self.unary(UnaryOp::Relu)
    }

    pub fn sigmoid(&self) -> Self {
        self.unary(UnaryOp::Sigmoid)
    }

    /// ln σ(x), stable for large |x|.
    pub fn log_sigmoid(&self) -> Self {
        self.unary(UnaryOp::LogSigmoid)
    }

    /// mul · x + add.
    pub fn affine(&self, mul: f32, add: f32) -> Self {
        let out = self.derived(self.backend.affine(&self.data, mul, add), &self.shape);
        record_unary(self, out, move |b, dy| b.affine(dy, mul, 0.0))
    }

    pub fn scale(&self, s: f32) -> Self {
        self.affine(s, 0.0)
    }

    pub fn add_scalar(&self, c: f32) -> Self {
        self.affine(1.0, c)
    }

    pub fn neg(&self) -> Self {
        self.affine(-1.0, 0.0)
    }

    fn binary(&self, op: BinaryOp, other: &Self, name: &'static str) -> Result<Self> {
        let out_shape = shape::broadcast(name, &self.shape, &other.shape)?;
        let rank = out_shape.len();
        let (ash, bsh) = (align(&self.shape, rank), align(&other.shape, rank));
        let (a, bv) = (self.data.clone(), other.data.clone());
        let y = self.backend.binary(op, &a, &ash, &bv, &bsh, &out_shape);
        let out = self.derived(y.clone(), &out_shape);
        let osh = out_shape.clone();
        record(&[self, other], out, move |b, dy, needs| {
            // Reduce a gradient of the output's shape to an operand's shape.
            let reduce = |g: B::Storage, to: &[usize]| {
                if to == osh.as_slice() {
                    g
                } else {
                    b.sum_to(&g, &osh, to)
                }
            };
            let mul = |x: &B::Storage, xs: &[usize], z: &B::Storage, zs: &[usize]| {
                b.binary(BinaryOp::Mul, x, xs, z, zs, &osh)
            };
            let (da, db) = match op {
                BinaryOp::Add => (
                    needs[0].then(|| reduce(dy.clone(), &ash)),
                    needs[1].then(|| reduce(dy.clone(), &bsh)),
                ),
                BinaryOp::Sub => (
                    needs[0].then(|| reduce(dy.clone(), &ash)),
                    needs[1].then(|| b.affine(&reduce(dy.clone(), &bsh), -1.0, 0.0)),
                ),
                BinaryOp::Mul => (
                    needs[0].then(|| reduce(mul(dy, &osh, &bv, &bsh), &ash)),
                    needs[1].then(|| reduce(mul(dy, &osh, &a, &ash), &bsh)),
                ),
                BinaryOp::Div => (
                    needs[0]
                        .then(|| reduce(b.binary(BinaryOp::Div, dy, &osh, &bv, &bsh, &osh), &ash)),
                    // d(a/b)/db = −(a/b)/b = −y/b.
                    needs[1].then(|| {
                        let t = b.binary(
                            BinaryOp::Div,
                            &mul(dy, &osh, &y, &osh),
                            &osh,
                            &bv,
                            &bsh,
                            &osh,
                        );
                        b.affine(&reduce(t, &bsh), -1.0, 0.0)
                    }),
                ),
            };
            vec![da, db]
        })
    }

    /// self + other, with NumPy broadcasting.
    pub fn add(&self, other: &Self) -> Result<Self> {
        self.binary(BinaryOp::Add, other, "add")
    }

    pub fn sub(&self, other: &Self) -> Result<Self> {
        self.binary(BinaryOp::Sub, other, "sub")
    }

    pub fn mul(&self, other: &Self) -> Result<Self> {
        self.binary(BinaryOp::Mul, other, "mul")
    }

    pub fn div(&self, other: &Self) -> Result<Self> {
        self.binary(BinaryOp::Div, other, "div")
    }

    /// Sum onto `to` (same rank as `self` after aligning; each axis equal or 1).
    fn sum_to_shape(&self, to: &[usize], out_shape: &[usize]) -> Self {
        let from = self.shape.clone();
        let to = align(to, from.len());
        let y = self.backend.sum_to(&self.data, &from, &to);
        let out = self.derived(y, out_shape);
        record_unary(self, out, move |b, dy| b.expand(dy, &to, &from))
    }

    /// Sum of all elements, as a scalar (shape `[]`).
    pub fn sum(&self) -> Self {
        self.sum_to_shape(&[], &[])
    }

    /// Mean of all elements, as a scalar.
    pub fn mean(&self) -> Self {
        self.sum().scale(1.0 / self.numel() as f32)
    }

    /// Sum along `axis` (−1 = last), removing it.
    pub fn sum_axis(&self, axis: isize) -> Result<Self> {
        let a = shape::axis("sum_axis", axis, self.rank())?;
        let mut keep = self.shape.clone();
        keep[a] = 1;
        let mut out = self.shape.clone();
        out.remove(a);
        Ok(self.sum_to_shape(&keep, &out))
    }

    /// Mean along `axis` (−1 = last), removing it.
    pub fn mean_axis(&self, axis: isize) -> Result<Self> {
        let a = shape::axis("mean_axis", axis, self.rank())?;
        let n = self.shape[a];
        Ok(self.sum_axis(axis)?.scale(1.0 / n as f32))
    }

    /// Σ x², as a scalar (e.g. for L2 penalties and gradient norms).
    pub fn sum_squares(&self) -> Self {
        self.mul(self)
            .expect("a tensor broadcasts with itself")
            .sum()
    }
}
