//! Host side of `softmax.wgsl` and `layer_norm.wgsl`: the fused row-wise operations,
//! one workgroup per row (or per column for the layer-norm parameter gradients).

use super::encoder::grid;
use super::pipelines::{Kernel, Shader};
use super::{Gpu, GpuIds, GpuStorage, bits, u32_of};
use crate::backend::LayerNormOut;

const fn softmax_kernel(entry: &'static str, reads: &'static [u32]) -> Kernel {
    Kernel {
        shader: Shader::Softmax,
        entry,
        reads,
        writes: &[4],
    }
}

// Bindings of softmax.wgsl: 1 x (or y, or logits), 2 dy, 3 targets, 4 out.
const SOFTMAX: Kernel = softmax_kernel("softmax", &[1]);
const SOFTMAX_BACKWARD: Kernel = softmax_kernel("softmax_backward", &[1, 2]);
const LOG_SOFTMAX: Kernel = softmax_kernel("log_softmax", &[1]);
const LOG_SOFTMAX_BACKWARD: Kernel = softmax_kernel("log_softmax_backward", &[1, 2]);
const CROSS_ENTROPY: Kernel = softmax_kernel("cross_entropy", &[1, 3]);
const CROSS_ENTROPY_BACKWARD: Kernel = softmax_kernel("cross_entropy_backward", &[1, 3, 2]);

// Bindings of layer_norm.wgsl: 1 x, 2 gamma, 3 beta, 4 mean, 5 rstd, 6 dy; out 7, 8, 9.
const LAYER_NORM: Kernel = Kernel {
    shader: Shader::LayerNorm,
    entry: "layer_norm",
    reads: &[1, 2, 3],
    writes: &[7, 8, 9],
};
const LAYER_NORM_DX: Kernel = Kernel {
    shader: Shader::LayerNorm,
    entry: "layer_norm_dx",
    reads: &[1, 2, 4, 5, 6],
    writes: &[7],
};
const LAYER_NORM_PARAMS: Kernel = Kernel {
    shader: Shader::LayerNorm,
    entry: "layer_norm_params",
    reads: &[1, 4, 5, 6],
    writes: &[7, 8],
};

/// Run a softmax-family kernel with one workgroup per row; `out_len` values out.
fn per_row(
    gpu: &Gpu,
    kernel: &Kernel,
    reads: &[&wgpu::Buffer],
    rows: usize,
    cols: usize,
    out_len: usize,
) -> GpuStorage {
    let out = gpu.output(out_len);
    let params = [u32_of(rows), u32_of(cols)];
    gpu.dispatch(kernel, &params, reads, &[&out], grid(u32_of(rows)));
    out
}

pub(super) fn softmax(gpu: &Gpu, x: &GpuStorage, rows: usize, cols: usize) -> GpuStorage {
    per_row(gpu, &SOFTMAX, &[x.buffer()], rows, cols, rows * cols)
}

pub(super) fn softmax_backward(
    gpu: &Gpu,
    y: &GpuStorage,
    dy: &GpuStorage,
    rows: usize,
    cols: usize,
) -> GpuStorage {
    per_row(
        gpu,
        &SOFTMAX_BACKWARD,
        &[y.buffer(), dy.buffer()],
        rows,
        cols,
        rows * cols,
    )
}

pub(super) fn log_softmax(gpu: &Gpu, x: &GpuStorage, rows: usize, cols: usize) -> GpuStorage {
    per_row(gpu, &LOG_SOFTMAX, &[x.buffer()], rows, cols, rows * cols)
}

pub(super) fn log_softmax_backward(
    gpu: &Gpu,
    y: &GpuStorage,
    dy: &GpuStorage,
    rows: usize,
    cols: usize,
) -> GpuStorage {
    per_row(
        gpu,
        &LOG_SOFTMAX_BACKWARD,
        &[y.buffer(), dy.buffer()],
        rows,
        cols,
        rows * cols,
    )
}

pub(super) fn cross_entropy(
    gpu: &Gpu,
    logits: &GpuStorage,
    targets: &GpuIds,
    rows: usize,
    cols: usize,
) -> GpuStorage {
    per_row(
        gpu,
        &CROSS_ENTROPY,
        &[logits.buffer(), targets.buffer()],
        rows,
        cols,
        rows,
    )
}

pub(super) fn cross_entropy_backward(
    gpu: &Gpu,
    logits: &GpuStorage,
    targets: &GpuIds,
    dloss: &GpuStorage,
    rows: usize,
    cols: usize,
) -> GpuStorage {
    let reads = [logits.buffer(), targets.buffer(), dloss.buffer()];
    per_row(
        gpu,
        &CROSS_ENTROPY_BACKWARD,
        &reads,
        rows,
        cols,
        rows * cols,
    )
}

pub(super) fn layer_norm(
    gpu: &Gpu,
    x: &GpuStorage,
    gamma: &GpuStorage,
    beta: &GpuStorage,
    rows: usize,
    cols: usize,
    eps: f32,
) -> LayerNormOut<GpuStorage> {
    let (y, mean, rstd) = (gpu.output(rows * cols), gpu.output(rows), gpu.output(rows));
    let params = [u32_of(rows), u32_of(cols), bits(eps)];
    let reads = [x.buffer(), gamma.buffer(), beta.buffer()];
    gpu.dispatch(
        &LAYER_NORM,
        &params,
        &reads,
        &[&y, &mean, &rstd],
        grid(u32_of(rows)),
    );
    LayerNormOut { y, mean, rstd }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn layer_norm_backward(
    gpu: &Gpu,
    x: &GpuStorage,
    gamma: &GpuStorage,
    mean: &GpuStorage,
    rstd: &GpuStorage,
    dy: &GpuStorage,
    rows: usize,
    cols: usize,
) -> (GpuStorage, GpuStorage, GpuStorage) {
    let params = [u32_of(rows), u32_of(cols), 0];
    let dx = gpu.output(rows * cols);
    let reads = [
        x.buffer(),
        gamma.buffer(),
        mean.buffer(),
        rstd.buffer(),
        dy.buffer(),
    ];
    gpu.dispatch(&LAYER_NORM_DX, &params, &reads, &[&dx], grid(u32_of(rows)));
    let (dgamma, dbeta) = (gpu.output(cols), gpu.output(cols));
    let reads = [x.buffer(), mean.buffer(), rstd.buffer(), dy.buffer()];
    gpu.dispatch(
        &LAYER_NORM_PARAMS,
        &params,
        &reads,
        &[&dgamma, &dbeta],
        grid(u32_of(cols)),
    );
    (dx, dgamma, dbeta)
}
