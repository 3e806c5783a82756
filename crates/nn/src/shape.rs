//! Shape arithmetic and the checks that turn a user's shape mistake into an error message.

use crate::error::{NnError, Result};

/// The largest rank a tensor may have (GPU kernels index with fixed-size arrays).
pub const MAX_RANK: usize = 6;

pub fn numel(shape: &[usize]) -> usize {
    shape.iter().product()
}

/// Every tensor has at most [`MAX_RANK`] axes and no empty axis.
pub fn check_shape(op: &'static str, shape: &[usize]) -> Result<()> {
    if shape.len() > MAX_RANK {
        return Err(NnError::shape(
            op,
            format!(
                "{shape:?} has {} axes; at most {MAX_RANK} are supported",
                shape.len()
            ),
        ));
    }
    if shape.contains(&0) {
        return Err(NnError::shape(
            op,
            format!("{shape:?} has an empty axis; every axis must have length ≥ 1"),
        ));
    }
    Ok(())
}

/// `shape` with 1s prepended up to `rank`.
pub fn align(shape: &[usize], rank: usize) -> Vec<usize> {
    let mut out = vec![1; rank - shape.len()];
    out.extend_from_slice(shape);
    out
}

/// The NumPy broadcast of two shapes.
pub fn broadcast(op: &'static str, a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    let rank = a.len().max(b.len());
    let (aa, bb) = (align(a, rank), align(b, rank));
    aa.iter()
        .zip(&bb)
        .map(|(&x, &y)| match (x, y) {
            _ if x == y => Ok(x),
            (1, _) => Ok(y),
            (_, 1) => Ok(x),
            _ => Err(NnError::shape(
                op,
                format!(
                    "{a:?} and {b:?} do not broadcast: each axis (aligned from the right) \
                     must be equal or 1"
                ),
            )),
        })
        .collect()
}

/// Row-major strides of `shape` with 0 on its size-1 axes, which therefore repeat: the
/// offsets of a broadcast operand (used by both backends).
pub fn broadcast_strides(shape: &[usize]) -> Vec<usize> {
    let mut strides = vec![0; shape.len()];
    let mut s = 1;
    for d in (0..shape.len()).rev() {
        strides[d] = if shape[d] == 1 { 0 } else { s };
        s *= shape[d];
    }
    strides
}

/// Resolve a possibly negative axis (−1 = last) against a rank.
pub fn axis(op: &'static str, axis: isize, rank: usize) -> Result<usize> {
    let r = rank as isize;
    let a = if axis < 0 { axis + r } else { axis };
    if (0..r).contains(&a) {
        Ok(a as usize)
    } else {
        Err(NnError::index(
            op,
            format!(
                "axis {axis} for a tensor with {rank} axes (allowed: {} to {})",
                -r,
                r - 1
            ),
        ))
    }
}

/// The last axis and the product of the others: the rows × cols view of fused ops.
pub fn rows_cols(shape: &[usize]) -> (usize, usize) {
    let cols = shape.last().copied().unwrap_or(1);
    (numel(shape) / cols.max(1), cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcasting_follows_numpy() {
        assert_eq!(broadcast("t", &[2, 1, 3], &[4, 1]).unwrap(), vec![2, 4, 3]);
        assert_eq!(broadcast("t", &[], &[5]).unwrap(), vec![5]);
        let err = broadcast("add", &[2, 3], &[4]).unwrap_err().to_string();
        assert!(err.contains("[2, 3] and [4] do not broadcast"), "{err}");
    }

    #[test]
    fn axes_resolve_from_either_end() {
        assert_eq!(axis("t", -1, 3).unwrap(), 2);
        assert_eq!(axis("t", 0, 3).unwrap(), 0);
        assert!(axis("t", 3, 3).is_err());
        assert!(axis("t", -4, 3).is_err());
    }
}
