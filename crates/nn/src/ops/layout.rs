//! Operations that move values without computing new ones.

use crate::backend::Backend;
use crate::error::{NnError, Result};
use crate::ops::record_unary;
use crate::shape::{self, numel};
use crate::tensor::Tensor;

/// `shape` seen as [outer, shape[axis], inner].
fn split_at_axis(shape: &[usize], axis: usize) -> (usize, usize, usize) {
    (
        numel(&shape[..axis]),
        shape[axis],
        numel(&shape[axis + 1..]),
    )
}

impl<B: Backend> Tensor<B> {
    /// The same values with a new shape (same number of elements). Free: no copy.
    pub fn reshape(&self, shape: &[usize]) -> Result<Self> {
        shape::check_shape("reshape", shape)?;
        if numel(shape) != self.numel() {
            return Err(NnError::shape(
                "reshape",
                format!(
                    "cannot reshape {:?} ({} values) to {shape:?} ({} values)",
                    self.shape,
                    self.numel(),
                    numel(shape)
                ),
            ));
        }
        let out = self.derived(self.data.clone(), shape);
        Ok(record_unary(self, out, |_, dy| dy.clone()))
    }

    /// Reorder axes: axis `i` of the result is axis `perm[i]` of `self`.
    pub fn permute(&self, perm: &[usize]) -> Result<Self> {
        let rank = self.rank();
        let mut seen = vec![false; rank];
        let valid = perm.len() == rank
            && perm
                .iter()
                .all(|&p| p < rank && !std::mem::replace(&mut seen[p], true));
        if !valid {
            return Err(NnError::index(
                "permute",
                format!(
                    "{perm:?} is not a permutation of the {rank} axes of {:?}",
                    self.shape
                ),
            ));
        }
        let shape: Vec<usize> = perm.iter().map(|&p| self.shape[p]).collect();
        let out = self.derived(self.backend.permute(&self.data, &self.shape, perm), &shape);
        let mut inverse = vec![0; rank];
        for (i, &p) in perm.iter().enumerate() {
            inverse[p] = i;
        }
        Ok(record_unary(self, out, move |b, dy| {
            b.permute(dy, &shape, &inverse)
        }))
    }

    /// Swap two axes (−1 = last).
    pub fn transpose(&self, a: isize, b: isize) -> Result<Self> {
        let a = shape::axis("transpose", a, self.rank())?;
        let b = shape::axis("transpose", b, self.rank())?;
        let mut perm: Vec<usize> = (0..self.rank()).collect();
        perm.swap(a, b);
        self.permute(&perm)
    }

    /// Keep `start..start + len` along `axis` (−1 = last): a slice.
    pub fn narrow(&self, axis: isize, start: usize, len: usize) -> Result<Self> {
        let ax = shape::axis("narrow", axis, self.rank())?;
        let size = self.shape[ax];
        if len == 0 || start + len > size {
            return Err(NnError::index(
                "narrow",
                format!(
                    "range {start}..{} of axis {ax} (length {size}) of {:?}: must be non-empty and inside the axis",
                    start + len,
                    self.shape
                ),
            ));
        }
        let (outer, _, inner) = split_at_axis(&self.shape, ax);
        let mut shape = self.shape.clone();
        shape[ax] = len;
        let y = self
            .backend
            .narrow(&self.data, outer, size, inner, start, len);
        let out = self.derived(y, &shape);
        Ok(record_unary(self, out, move |b, dy| {
            b.pad(dy, outer, len, inner, start, size)
        }))
    }

    /// Zero-pad along `axis` to length `size`, placing `self` at `start` (the adjoint of
    /// `narrow`; concat is built from it).
    fn pad_axis(&self, ax: usize, start: usize, size: usize) -> Self {
        let (outer, len, inner) = split_at_axis(&self.shape, ax);
        let mut shape = self.shape.clone();
        shape[ax] = size;
        let y = self.backend.pad(&self.data, outer, len, inner, start, size);
        let out = self.derived(y, &shape);
        record_unary(self, out, move |b, dy| {
            b.narrow(dy, outer, size, inner, start, len)
        })
    }

    /// Join tensors along `axis` (−1 = last); all other axes must agree.
    pub fn concat(parts: &[&Self], axis: isize) -> Result<Self> {
        let Some(first) = parts.first() else {
            return Err(NnError::shape("concat", "nothing to concatenate"));
        };
        let ax = shape::axis("concat", axis, first.rank())?;
        for p in parts {
            let same_rank = p.rank() == first.rank();
            let same_others =
                same_rank && (0..first.rank()).all(|d| d == ax || p.shape[d] == first.shape[d]);
            if !same_others {
                return Err(NnError::shape(
                    "concat",
                    format!(
                        "{:?} and {:?} differ outside axis {ax}: all other axes must be equal",
                        first.shape, p.shape
                    ),
                ));
            }
        }
        let size: usize = parts.iter().map(|p| p.shape[ax]).sum();
        let mut start = 0;
        let mut total: Option<Self> = None;
        for p in parts {
            let padded = p.pad_axis(ax, start, size);
            start += p.shape[ax];
            total = Some(match total {
                None => padded,
                Some(t) => t.add(&padded)?,
            });
        }
        Ok(total.expect("at least one part"))
    }
}
