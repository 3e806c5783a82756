//! Host side of `matmul.wgsl`: picks the tile size and lays out the grid.

use super::pipelines::{Kernel, Shader};
use super::{Gpu, GpuStorage, u32_of};
use crate::backend::MatmulDims;

const MATMUL_64: Kernel = Kernel {
    shader: Shader::Matmul,
    entry: "matmul_64",
    reads: &[1, 2],
    writes: &[3],
};
const MATMUL_16: Kernel = Kernel {
    shader: Shader::Matmul,
    entry: "matmul_16",
    reads: &[1, 2],
    writes: &[3],
};

/// Use 64×64 tiles only when there are at least this many of them: below that, 16×16
/// tiles give the GPU more workgroups to spread over its cores, which matters more for
/// the small products of tiny models than the big tiles' better reuse of loaded values.
const MIN_BIG_TILES: usize = 64;

/// The most workgroups per grid dimension that WebGPU guarantees.
const MAX_GROUPS: usize = 65_535;

pub(super) fn matmul(gpu: &Gpu, a: &GpuStorage, b: &GpuStorage, d: MatmulDims) -> GpuStorage {
    let MatmulDims {
        batch,
        m,
        k,
        n,
        trans_a,
        trans_b,
    } = d;
    let out = gpu.output(batch * m * n);
    let big_tiles = m.div_ceil(64) * n.div_ceil(64) * batch;
    let (kernel, tile) = if big_tiles >= MIN_BIG_TILES {
        (&MATMUL_64, 64)
    } else {
        (&MATMUL_16, 16)
    };
    let groups = [n.div_ceil(tile), m.div_ceil(tile), batch];
    if groups.iter().any(|&g| g > MAX_GROUPS) {
        gpu.inner.failure.record(format!(
            "a matrix product of {batch} × ({m}×{k} · {k}×{n}) needs more workgroups than \
             WebGPU allows per dimension"
        ));
        return out;
    }
    let params = [
        m,
        k,
        n,
        usize::from(trans_a),
        usize::from(trans_b),
        m * k,
        k * n,
        m * n,
    ];
    let params = params.map(u32_of);
    let groups = groups.map(u32_of);
    gpu.dispatch(kernel, &params, &[a.buffer(), b.buffer()], &[&out], groups);
    out
}
