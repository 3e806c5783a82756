//! Broadcasting, reductions and axis permutations on the CPU: everything that walks a
//! row-major buffer with per-axis strides.

use ndarray::{ArrayView, IxDyn};

use super::buffer::{collect, take, zeros};
use crate::backend::BinaryOp;
use crate::element::{self, Element};
use crate::shape::broadcast_strides;

/// Calls `f(position, offset)` for every position of `dims` in row-major order, where
/// `offset` is Σ index_d · strides_d. The last axis is the inner loop.
fn for_each_offset(dims: &[usize], strides: &[usize], mut f: impl FnMut(usize, usize)) {
    if dims.contains(&0) {
        return;
    }
    let Some((&last, outer)) = dims.split_last() else {
        f(0, 0); // rank 0: one element
        return;
    };
    let inner_stride = strides[outer.len()];
    let mut index = vec![0usize; outer.len()];
    let (mut pos, mut off) = (0, 0);
    loop {
        for j in 0..last {
            f(pos + j, off + j * inner_stride);
        }
        pos += last;
        // Advance the outer multi-index like an odometer.
        let mut d = outer.len();
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            index[d] += 1;
            off += strides[d];
            if index[d] < outer[d] {
                break;
            }
            off -= strides[d] * outer[d];
            index[d] = 0;
        }
    }
}

/// True when `shape` (same rank as `out`) is 1 on a leading block of axes and equal to
/// `out` on the rest: its buffer then simply repeats along `out`.
fn is_trailing_block(shape: &[usize], out: &[usize]) -> bool {
    let first_real = shape.iter().position(|&s| s != 1).unwrap_or(shape.len());
    shape[first_real..] == out[first_real..]
}

fn binary_with<E: Element>(
    a: &[E],
    ash: &[usize],
    b: &[E],
    bsh: &[usize],
    out: &[usize],
    f: impl Fn(E, E) -> E,
) -> Vec<E> {
    let n: usize = out.iter().product();
    if ash == out && bsh == out {
        return collect(n, a.iter().zip(b).map(|(&x, &y)| f(x, y)));
    }
    if ash == out && is_trailing_block(bsh, out) && !b.is_empty() {
        let mut y = take(n);
        for row in a.chunks_exact(b.len()) {
            y.extend(row.iter().zip(b).map(|(&x, &z)| f(x, z)));
        }
        return y;
    }
    if bsh == out && is_trailing_block(ash, out) && !a.is_empty() {
        let mut y = take(n);
        for row in b.chunks_exact(a.len()) {
            y.extend(a.iter().zip(row).map(|(&x, &z)| f(x, z)));
        }
        return y;
    }
    // General case: let ndarray broadcast both views and zip them.
    let av = ArrayView::from_shape(IxDyn(ash), a).expect("binary: a's shape");
    let bv = ArrayView::from_shape(IxDyn(bsh), b).expect("binary: b's shape");
    let av = av.broadcast(IxDyn(out)).expect("binary: a broadcasts");
    let bv = bv.broadcast(IxDyn(out)).expect("binary: b broadcasts");
    collect(n, av.iter().zip(bv.iter()).map(|(&x, &y)| f(x, y)))
}

pub fn binary<E: Element>(
    op: BinaryOp,
    a: &[E],
    ash: &[usize],
    b: &[E],
    bsh: &[usize],
    out: &[usize],
) -> Vec<E> {
    match op {
        BinaryOp::Add => binary_with(a, ash, b, bsh, out, |x, y| x + y),
        BinaryOp::Sub => binary_with(a, ash, b, bsh, out, |x, y| x - y),
        BinaryOp::Mul => binary_with(a, ash, b, bsh, out, |x, y| x * y),
        BinaryOp::Div => binary_with(a, ash, b, bsh, out, |x, y| x / y),
    }
}

/// Sum over the axes where `to` is 1. Each output is accumulated in increasing input
/// order, except the full reduction, which uses [`element::sum`]'s fixed order.
pub fn sum_to<E: Element>(x: &[E], shape: &[usize], to: &[usize]) -> Vec<E> {
    if shape == to {
        return collect(x.len(), x.iter().copied());
    }
    if to.iter().all(|&t| t == 1) {
        return vec![element::sum(x)];
    }
    let mut out = zeros(to.iter().product());
    if is_trailing_block(to, shape) {
        // Sum of rows, e.g. a bias gradient: vectorises along the row.
        for row in x.chunks_exact(out.len()) {
            for (o, &v) in out.iter_mut().zip(row) {
                *o = *o + v;
            }
        }
        return out;
    }
    for_each_offset(shape, &broadcast_strides(to), |i, o| out[o] = out[o] + x[i]);
    out
}

/// Repeat along the size-1 axes of `shape` up to `to`.
pub fn expand<E: Element>(x: &[E], shape: &[usize], to: &[usize]) -> Vec<E> {
    let n: usize = to.iter().product();
    if is_trailing_block(shape, to) && !x.is_empty() {
        return collect(n, x.iter().copied().cycle().take(n));
    }
    let mut out = zeros(n);
    for_each_offset(to, &broadcast_strides(shape), |i, o| out[i] = x[o]);
    out
}

/// Output axis i is input axis perm[i].
pub fn permute<E: Element>(x: &[E], shape: &[usize], perm: &[usize]) -> Vec<E> {
    let mut in_strides = vec![1; shape.len()];
    for d in (0..shape.len().saturating_sub(1)).rev() {
        in_strides[d] = in_strides[d + 1] * shape[d + 1];
    }
    let dims: Vec<usize> = perm.iter().map(|&p| shape[p]).collect();
    let strides: Vec<usize> = perm.iter().map(|&p| in_strides[p]).collect();
    if let (Some((&run, outer)), Some((&1, outer_strides))) =
        (dims.split_last(), strides.split_last())
    {
        // The last axis stays last (as when splitting attention heads): copy whole runs.
        let mut out = take(x.len());
        for_each_offset(outer, outer_strides, |_, o| {
            out.extend_from_slice(&x[o..o + run])
        });
        return out;
    }
    let mut out = zeros(x.len());
    for_each_offset(&dims, &strides, |i, o| out[i] = x[o]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcasting_matches_explicit_loops() {
        // a: [2, 1, 3], b: [1, 4, 1] -> [2, 4, 3]
        let a: Vec<f64> = (0..6).map(f64::from).collect();
        let b: Vec<f64> = (0..4).map(|v| 10.0 * f64::from(v)).collect();
        let y = binary(BinaryOp::Add, &a, &[2, 1, 3], &b, &[1, 4, 1], &[2, 4, 3]);
        for i in 0..2 {
            for j in 0..4 {
                for k in 0..3 {
                    assert_eq!(y[(i * 4 + j) * 3 + k], a[i * 3 + k] + b[j]);
                }
            }
        }
        // sum_to is the adjoint: summing y back onto a's shape.
        let s = sum_to(&y, &[2, 4, 3], &[2, 1, 3]);
        for i in 0..2 {
            for k in 0..3 {
                let want: f64 = (0..4).map(|j| y[(i * 4 + j) * 3 + k]).sum();
                assert_eq!(s[i * 3 + k], want);
            }
        }
        let e = expand(&b, &[1, 4, 1], &[2, 4, 3]);
        assert_eq!(e[(4 + 2) * 3 + 1], b[2]);
    }

    #[test]
    fn permute_moves_axes() {
        let x: Vec<f32> = (0..24).map(|v| v as f32).collect();
        let y = permute(&x, &[2, 3, 4], &[2, 0, 1]); // -> [4, 2, 3]
        for i in 0..2 {
            for j in 0..3 {
                for k in 0..4 {
                    assert_eq!(y[(k * 2 + i) * 3 + j], x[(i * 3 + j) * 4 + k]);
                }
            }
        }
    }
}
