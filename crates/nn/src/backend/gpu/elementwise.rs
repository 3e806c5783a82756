//! Host side of `elementwise.wgsl` and `reduce.wgsl`: element-wise functions, broadcast
//! arithmetic and sums over axes.

use super::encoder::grid;
use super::layout::{self, Axes};
use super::pipelines::{Kernel, Shader};
use super::{Gpu, GpuStorage, bits, u32_of};
use crate::backend::{BinaryOp, UnaryOp};
use crate::shape::{broadcast_strides, numel};

const FILL: Kernel = Kernel {
    shader: Shader::Elementwise,
    entry: "fill",
    reads: &[],
    writes: &[4],
};
const AFFINE: Kernel = Kernel {
    shader: Shader::Elementwise,
    entry: "affine",
    reads: &[1],
    writes: &[4],
};
const UNARY: Kernel = Kernel {
    shader: Shader::Elementwise,
    entry: "unary",
    reads: &[1],
    writes: &[4],
};
const UNARY_BACKWARD: Kernel = Kernel {
    shader: Shader::Elementwise,
    entry: "unary_backward",
    reads: &[1, 2, 3],
    writes: &[4],
};
const BINARY: Kernel = Kernel {
    shader: Shader::Elementwise,
    entry: "binary",
    reads: &[1, 2],
    writes: &[4],
};
const SUM_EACH: Kernel = Kernel {
    shader: Shader::Reduce,
    entry: "sum_each",
    reads: &[1],
    writes: &[2],
};
const SUM_GROUP: Kernel = Kernel {
    shader: Shader::Reduce,
    entry: "sum_group",
    reads: &[1],
    writes: &[2],
};

/// The op codes of `unary_fn` and `unary_grad` in elementwise.wgsl.
fn unary_code(op: UnaryOp) -> u32 {
    match op {
        UnaryOp::Exp => 0,
        UnaryOp::Log => 1,
        UnaryOp::Tanh => 2,
        UnaryOp::Gelu => 3,
        UnaryOp::Relu => 4,
        UnaryOp::Sigmoid => 5,
        UnaryOp::LogSigmoid => 6,
    }
}

/// The op codes of `binary_fn` in elementwise.wgsl.
fn binary_code(op: BinaryOp) -> u32 {
    match op {
        BinaryOp::Add => 0,
        BinaryOp::Sub => 1,
        BinaryOp::Mul => 2,
        BinaryOp::Div => 3,
    }
}

/// The `Params` struct of elementwise.wgsl, field for field.
#[derive(Default)]
struct Params {
    n: u32,
    op: u32,
    a_period: u32,
    b_period: u32,
    rank: u32,
    mul: f32,
    add: f32,
    out_shape: [u32; 8],
    a_strides: [u32; 8],
    b_strides: [u32; 8],
}

impl Params {
    fn words(&self) -> Vec<u32> {
        let head = [self.n, self.op, self.a_period, self.b_period, self.rank];
        let mut w = head.to_vec();
        w.extend([bits(self.mul), bits(self.add), 0]);
        w.extend(self.out_shape);
        w.extend(self.a_strides);
        w.extend(self.b_strides);
        w
    }
}

/// One invocation per element, 256 per workgroup.
fn per_element(n: usize) -> [u32; 3] {
    grid(u32_of(n.div_ceil(256)))
}

pub(super) fn fill(gpu: &Gpu, len: usize, value: f32) -> GpuStorage {
    let out = gpu.output(len);
    let p = Params {
        n: u32_of(len),
        add: value,
        ..Params::default()
    };
    gpu.dispatch(&FILL, &p.words(), &[], &[&out], per_element(len));
    out
}

pub(super) fn affine(gpu: &Gpu, x: &GpuStorage, mul: f32, add: f32) -> GpuStorage {
    let out = gpu.output(x.len);
    let p = Params {
        n: u32_of(x.len),
        mul,
        add,
        ..Params::default()
    };
    gpu.dispatch(
        &AFFINE,
        &p.words(),
        &[x.buffer()],
        &[&out],
        per_element(x.len),
    );
    out
}

pub(super) fn unary(gpu: &Gpu, op: UnaryOp, x: &GpuStorage) -> GpuStorage {
    let out = gpu.output(x.len);
    let p = Params {
        n: u32_of(x.len),
        op: unary_code(op),
        ..Params::default()
    };
    gpu.dispatch(
        &UNARY,
        &p.words(),
        &[x.buffer()],
        &[&out],
        per_element(x.len),
    );
    out
}

pub(super) fn unary_backward(
    gpu: &Gpu,
    op: UnaryOp,
    x: &GpuStorage,
    y: &GpuStorage,
    dy: &GpuStorage,
) -> GpuStorage {
    let out = gpu.output(x.len);
    let p = Params {
        n: u32_of(x.len),
        op: unary_code(op),
        ..Params::default()
    };
    let reads = [x.buffer(), y.buffer(), dy.buffer()];
    gpu.dispatch(
        &UNARY_BACKWARD,
        &p.words(),
        &reads,
        &[&out],
        per_element(x.len),
    );
    out
}

/// True when `shape` is 1 on a leading block of axes and equal to `out` on the rest:
/// its values then simply repeat along `out` (a bias row, a scalar).
fn is_trailing_block(shape: &[usize], out: &[usize]) -> bool {
    let first_real = shape.iter().position(|&s| s != 1).unwrap_or(shape.len());
    shape[first_real..] == out[first_real..]
}

pub(super) fn pack(values: &[usize]) -> [u32; 8] {
    let mut out = [0; 8];
    for (o, &v) in out.iter_mut().zip(values) {
        *o = u32_of(v);
    }
    out
}

pub(super) fn binary(
    gpu: &Gpu,
    op: BinaryOp,
    a: &GpuStorage,
    a_shape: &[usize],
    b: &GpuStorage,
    b_shape: &[usize],
    out_shape: &[usize],
) -> GpuStorage {
    let n = numel(out_shape);
    let out = gpu.output(n);
    // An operand that repeats as a block (equal shape, bias, scalar) is read at
    // i % period; only genuinely strided broadcasts need per-axis index arithmetic.
    let period = |shape: &[usize], len: usize| {
        if is_trailing_block(shape, out_shape) {
            u32_of(len)
        } else {
            0
        }
    };
    let p = Params {
        n: u32_of(n),
        op: binary_code(op),
        a_period: period(a_shape, a.len),
        b_period: period(b_shape, b.len),
        rank: u32_of(out_shape.len()),
        out_shape: pack(out_shape),
        a_strides: pack(&broadcast_strides(a_shape)),
        b_strides: pack(&broadcast_strides(b_shape)),
        ..Params::default()
    };
    gpu.dispatch(
        &BINARY,
        &p.words(),
        &[a.buffer(), b.buffer()],
        &[&out],
        per_element(n),
    );
    out
}

/// Sum over the axes where `to` is 1. The input's axes are split into kept and summed
/// ones (size-1 axes dropped, contiguous neighbours merged); see reduce.wgsl for the two
/// kernels and why each exists.
pub(super) fn sum_to(gpu: &Gpu, x: &GpuStorage, shape: &[usize], to: &[usize]) -> GpuStorage {
    if shape == to {
        return x.clone(); // storage is immutable, so sharing it is a valid "copy"
    }
    let strides = layout::row_major_strides(shape);
    let (mut kept, mut summed) = (Axes::default(), Axes::default());
    for d in 0..shape.len() {
        if shape[d] == 1 {
            continue;
        }
        let axes = if to[d] == 1 { &mut summed } else { &mut kept };
        axes.push(shape[d], strides[d]);
    }
    let (kept, summed) = (kept.merged(), summed.merged());
    let outputs = numel(to);
    let count = numel(&summed.dims);
    let mut words = vec![
        u32_of(outputs),
        u32_of(count),
        u32_of(kept.rank()),
        u32_of(summed.rank()),
    ];
    words.extend(pack(&kept.dims));
    words.extend(pack(&kept.strides));
    words.extend(pack(&summed.dims));
    words.extend(pack(&summed.strides));
    let out = gpu.output(outputs);
    // Long sums get a workgroup each; many short ones an invocation each.
    if count >= 32 && outputs < 2048 {
        gpu.dispatch(
            &SUM_GROUP,
            &words,
            &[x.buffer()],
            &[&out],
            grid(u32_of(outputs)),
        );
    } else {
        gpu.dispatch(
            &SUM_EACH,
            &words,
            &[x.buffer()],
            &[&out],
            per_element(outputs),
        );
    }
    out
}

/// Repeat along the size-1 axes of `shape` up to `to`: a strided gather whose strides
/// are 0 on the repeated axes.
pub(super) fn expand(gpu: &Gpu, x: &GpuStorage, shape: &[usize], to: &[usize]) -> GpuStorage {
    if shape == to {
        return x.clone();
    }
    let strides = broadcast_strides(shape);
    let mut axes = Axes::default();
    for (&dim, &stride) in to.iter().zip(&strides) {
        axes.push(dim, stride);
    }
    layout::gather_strided(gpu, x, &axes, 0)
}
