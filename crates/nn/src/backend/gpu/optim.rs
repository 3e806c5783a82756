//! Host side of `optim.wgsl`: fused SGD and Adam/AdamW updates and the clipping factor.

use super::encoder::grid;
use super::pipelines::{Kernel, Shader};
use super::{Gpu, GpuStorage, bits, u32_of};
use crate::backend::{AdamStep, SgdStep};

// Bindings of optim.wgsl: 1 param, 2 grad, 3 m (SGD: momentum), 4 v, 5 scale;
// out 6 param, 7 m, 8 v.
const SGD: Kernel = Kernel {
    shader: Shader::Optim,
    entry: "sgd_step",
    reads: &[1, 2, 3, 5],
    writes: &[6, 7],
};
const ADAM: Kernel = Kernel {
    shader: Shader::Optim,
    entry: "adam_step",
    reads: &[1, 2, 3, 4, 5],
    writes: &[6, 7, 8],
};
const CLIP: Kernel = Kernel {
    shader: Shader::Optim,
    entry: "clip_scale",
    reads: &[1],
    writes: &[6],
};

/// The `Params` struct of optim.wgsl: n, then lr, beta1, beta2, eps, l2, decay, bias1,
/// bias2, max_norm, then padding.
fn words(n: usize, values: [f32; 9]) -> Vec<u32> {
    let mut w = vec![u32_of(n)];
    w.extend(values.map(bits));
    w.extend([0, 0]);
    w
}

fn per_element(n: usize) -> [u32; 3] {
    grid(u32_of(n.div_ceil(256)))
}

pub(super) fn sgd_step(
    gpu: &Gpu,
    param: &GpuStorage,
    grad: &GpuStorage,
    buf: &GpuStorage,
    scale: &GpuStorage,
    h: &SgdStep,
) -> (GpuStorage, GpuStorage) {
    let n = param.len;
    let (p, b) = (gpu.output(n), gpu.output(n));
    let w = words(
        n,
        [
            h.lr,
            h.momentum,
            0.0,
            0.0,
            h.weight_decay,
            0.0,
            1.0,
            1.0,
            0.0,
        ],
    );
    let reads = [param.buffer(), grad.buffer(), buf.buffer(), scale.buffer()];
    gpu.dispatch(&SGD, &w, &reads, &[&p, &b], per_element(n));
    (p, b)
}

pub(super) fn adam_step(
    gpu: &Gpu,
    param: &GpuStorage,
    grad: &GpuStorage,
    m: &GpuStorage,
    v: &GpuStorage,
    scale: &GpuStorage,
    h: &AdamStep,
) -> (GpuStorage, GpuStorage, GpuStorage) {
    let n = param.len;
    let (p, nm, nv) = (gpu.output(n), gpu.output(n), gpu.output(n));
    // Adam adds the decay to the gradient (l2); AdamW shrinks the weight (decay).
    let (l2, decay) = if h.decoupled {
        (0.0, h.lr * h.weight_decay)
    } else {
        (h.weight_decay, 0.0)
    };
    let w = words(
        n,
        [
            h.lr, h.beta1, h.beta2, h.eps, l2, decay, h.bias1, h.bias2, 0.0,
        ],
    );
    let reads = [
        param.buffer(),
        grad.buffer(),
        m.buffer(),
        v.buffer(),
        scale.buffer(),
    ];
    gpu.dispatch(&ADAM, &w, &reads, &[&p, &nm, &nv], per_element(n));
    (p, nm, nv)
}

pub(super) fn clip_scale(gpu: &Gpu, sumsq: &GpuStorage, max_norm: f32) -> GpuStorage {
    let out = gpu.output(1);
    let w = words(1, [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, max_norm]);
    gpu.dispatch(&CLIP, &w, &[sumsq.buffer()], &[&out], [1, 1, 1]);
    out
}
