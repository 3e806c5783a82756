//! Host side of `index.wgsl`: gather and embedding lookups and their adjoints.

use super::encoder::grid;
use super::pipelines::{Kernel, Shader};
use super::{Gpu, GpuIds, GpuStorage, u32_of};

const fn index_kernel(entry: &'static str) -> Kernel {
    // Bindings of index.wgsl: 1 values, 2 ids, 3 out.
    Kernel {
        shader: Shader::Index,
        entry,
        reads: &[1, 2],
        writes: &[3],
    }
}

const GATHER: Kernel = index_kernel("gather");
const GATHER_BACKWARD: Kernel = index_kernel("gather_backward");
const EMBEDDING: Kernel = index_kernel("embedding");
const EMBEDDING_BACKWARD: Kernel = index_kernel("embedding_backward");

/// `n` outputs, one invocation each; `rows` and `cols` as index.wgsl's Params describe.
fn run(
    gpu: &Gpu,
    kernel: &Kernel,
    x: &GpuStorage,
    ids: &GpuIds,
    n: usize,
    rows: usize,
    cols: usize,
) -> GpuStorage {
    let out = gpu.output(n);
    let params = [u32_of(n), u32_of(rows), u32_of(cols), 0];
    let groups = grid(u32_of(n.div_ceil(256)));
    gpu.dispatch(
        kernel,
        &params,
        &[x.buffer(), ids.buffer()],
        &[&out],
        groups,
    );
    out
}

pub(super) fn gather(
    gpu: &Gpu,
    x: &GpuStorage,
    ids: &GpuIds,
    rows: usize,
    cols: usize,
) -> GpuStorage {
    run(gpu, &GATHER, x, ids, rows, rows, cols)
}

pub(super) fn gather_backward(
    gpu: &Gpu,
    dy: &GpuStorage,
    ids: &GpuIds,
    rows: usize,
    cols: usize,
) -> GpuStorage {
    run(gpu, &GATHER_BACKWARD, dy, ids, rows * cols, rows, cols)
}

pub(super) fn embedding(
    gpu: &Gpu,
    table: &GpuStorage,
    ids: &GpuIds,
    n: usize,
    dim: usize,
) -> GpuStorage {
    run(gpu, &EMBEDDING, table, ids, n * dim, n, dim)
}

pub(super) fn embedding_backward(
    gpu: &Gpu,
    dy: &GpuStorage,
    ids: &GpuIds,
    n: usize,
    vocab: usize,
    dim: usize,
) -> GpuStorage {
    run(gpu, &EMBEDDING_BACKWARD, dy, ids, vocab * dim, n, dim)
}
