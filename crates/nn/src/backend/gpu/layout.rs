//! Host side of `layout.wgsl`: permute, narrow, pad and the causal mask.

use super::elementwise::pack;
use super::encoder::grid;
use super::pipelines::{Kernel, Shader};
use super::{Gpu, GpuStorage, bits, u32_of};
use crate::shape::numel;

const GATHER: Kernel = Kernel {
    shader: Shader::Layout,
    entry: "gather_strided",
    reads: &[1],
    writes: &[2],
};
const PAD: Kernel = Kernel {
    shader: Shader::Layout,
    entry: "pad",
    reads: &[1],
    writes: &[2],
};
const CAUSAL: Kernel = Kernel {
    shader: Shader::Layout,
    entry: "causal_mask",
    reads: &[1],
    writes: &[2],
};

/// A list of axes with their strides in some buffer, outermost first.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Axes {
    pub dims: Vec<usize>,
    pub strides: Vec<usize>,
}

impl Axes {
    pub(super) fn push(&mut self, dim: usize, stride: usize) {
        self.dims.push(dim);
        self.strides.push(stride);
    }

    pub(super) fn rank(&self) -> usize {
        self.dims.len()
    }

    /// The same walk over the buffer with fewer axes: size-1 axes dropped, and an axis
    /// merged into the one before it when together they step through memory evenly
    /// (outer stride = inner stride × inner size). Kernels do one division per axis per
    /// element, so a transpose of [B, T, H, D] that only swaps two axes costs three
    /// divisions, not four.
    pub(super) fn merged(&self) -> Axes {
        let mut out = Axes::default();
        for (&dim, &stride) in self.dims.iter().zip(&self.strides) {
            if dim == 1 {
                continue;
            }
            match (out.dims.last_mut(), out.strides.last_mut()) {
                (Some(last_dim), Some(last_stride)) if *last_stride == stride * dim => {
                    *last_dim *= dim;
                    *last_stride = stride;
                }
                _ => out.push(dim, stride),
            }
        }
        out
    }
}

/// Row-major strides of `shape`.
pub(super) fn row_major_strides(shape: &[usize]) -> Vec<usize> {
    let mut strides = vec![1; shape.len()];
    for d in (0..shape.len().saturating_sub(1)).rev() {
        strides[d] = strides[d + 1] * shape[d + 1];
    }
    strides
}

/// The `Params` struct of layout.wgsl, as words.
fn words(
    n: usize,
    axes: &Axes,
    offset: usize,
    value: f32,
    pad: [usize; 4],
    causal: [usize; 2],
) -> Vec<u32> {
    let mut w = vec![u32_of(n), u32_of(axes.rank()), u32_of(offset), bits(value)];
    w.extend(pad.map(u32_of));
    w.extend(causal.map(u32_of));
    w.extend([0, 0]);
    w.extend(pack(&axes.dims));
    w.extend(pack(&axes.strides));
    w
}

fn per_element(n: usize) -> [u32; 3] {
    grid(u32_of(n.div_ceil(256)))
}

/// out[i] = x[offset + Σ coordinate·stride], the coordinates being those of i in `axes`.
pub(super) fn gather_strided(gpu: &Gpu, x: &GpuStorage, axes: &Axes, offset: usize) -> GpuStorage {
    let n = numel(&axes.dims);
    let axes = axes.merged();
    let out = gpu.output(n);
    let p = words(n, &axes, offset, 0.0, [0; 4], [0; 2]);
    gpu.dispatch(&GATHER, &p, &[x.buffer()], &[&out], per_element(n));
    out
}

pub(super) fn permute(gpu: &Gpu, x: &GpuStorage, shape: &[usize], perm: &[usize]) -> GpuStorage {
    if perm.iter().enumerate().all(|(i, &p)| i == p) {
        return x.clone(); // storage is immutable, so sharing it is a valid "copy"
    }
    let strides = row_major_strides(shape);
    let mut axes = Axes::default();
    for &p in perm {
        axes.push(shape[p], strides[p]);
    }
    gather_strided(gpu, x, &axes, 0)
}

pub(super) fn narrow(
    gpu: &Gpu,
    x: &GpuStorage,
    outer: usize,
    axis: usize,
    inner: usize,
    start: usize,
    len: usize,
) -> GpuStorage {
    if len == axis {
        return x.clone();
    }
    let mut axes = Axes::default();
    axes.push(outer, axis * inner);
    axes.push(len, inner);
    axes.push(inner, 1);
    gather_strided(gpu, x, &axes, start * inner)
}

pub(super) fn pad(
    gpu: &Gpu,
    x: &GpuStorage,
    outer: usize,
    len: usize,
    inner: usize,
    start: usize,
    axis: usize,
) -> GpuStorage {
    if len == axis {
        return x.clone();
    }
    let n = outer * axis * inner;
    let out = gpu.output(n);
    let p = words(
        n,
        &Axes::default(),
        0,
        0.0,
        [inner, len, axis, start],
        [0; 2],
    );
    gpu.dispatch(&PAD, &p, &[x.buffer()], &[&out], per_element(n));
    out
}

pub(super) fn causal_mask(
    gpu: &Gpu,
    x: &GpuStorage,
    tq: usize,
    tk: usize,
    value: f32,
) -> GpuStorage {
    let out = gpu.output(x.len);
    let p = words(x.len, &Axes::default(), 0, value, [0; 4], [tq, tk]);
    gpu.dispatch(&CAUSAL, &p, &[x.buffer()], &[&out], per_element(x.len));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_the_walk_and_drops_axes() {
        // A transpose of the last two axes of [2, 3, 4, 5]: the leading two merge.
        let strides = row_major_strides(&[2, 3, 4, 5]);
        assert_eq!(strides, vec![60, 20, 5, 1]);
        let mut axes = Axes::default();
        for &p in &[0, 1, 3, 2] {
            axes.push([2, 3, 4, 5][p], strides[p]);
        }
        let m = axes.merged();
        assert_eq!(m.dims, vec![6, 5, 4]);
        assert_eq!(m.strides, vec![20, 1, 5]);
        // A contiguous walk becomes one axis; size-1 axes disappear.
        let mut flat = Axes::default();
        for (d, s) in [(1, 99), (4, 6), (3, 2), (2, 1)] {
            flat.push(d, s);
        }
        assert_eq!(
            flat.merged(),
            Axes {
                dims: vec![24],
                strides: vec![1]
            }
        );
    }
}
