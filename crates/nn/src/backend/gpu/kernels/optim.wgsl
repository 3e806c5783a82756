// Optimiser updates, one invocation per parameter element, 256 per workgroup.
//
// Why fused: written with separate element-wise kernels, one Adam step would read and
// write the parameter, gradient and both moments several times over; fused, each is read
// once and the new values written once. The gradient-clipping factor arrives as a
// 1-element device buffer (`scale`), computed on the device by `clip_scale`, so a whole
// training step runs without waiting for the host.

struct Params {
    n: u32,
    lr: f32,
    beta1: f32,     // Adam; SGD: momentum
    beta2: f32,
    eps: f32,
    l2: f32,        // weight decay added to the gradient (Adam, SGD)
    decay: f32,     // decoupled weight decay lr·wd (AdamW), else 0
    bias1: f32,     // 1 − beta1^t
    bias2: f32,     // 1 − beta2^t
    max_norm: f32,  // clip_scale
    _pad0: u32,
    _pad1: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read> m: array<f32>;   // Adam: first moment; SGD: momentum buffer
@group(0) @binding(4) var<storage, read> v: array<f32>;   // Adam: second moment
@group(0) @binding(5) var<storage, read> scale: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_param: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_m: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_v: array<f32>;

// g = grad·scale + l2·p; buf′ = momentum·buf + g; p′ = p − lr·buf′.
@compute @workgroup_size(256)
fn sgd_step(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
            @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i >= p.n) {
        return;
    }
    let w = param[i];
    let g = grad[i] * scale[0] + p.l2 * w;
    let buf = p.beta1 * m[i] + g;
    out_m[i] = buf;
    out_param[i] = w - p.lr * buf;
}

// Adam (l2 may be non-zero) or AdamW (decay may be non-zero); see `AdamStep` in Rust.
@compute @workgroup_size(256)
fn adam_step(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
             @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i >= p.n) {
        return;
    }
    let w = param[i];
    let g = grad[i] * scale[0] + p.l2 * w;
    let mi = p.beta1 * m[i] + (1.0 - p.beta1) * g;
    let vi = p.beta2 * v[i] + (1.0 - p.beta2) * g * g;
    let decayed = w - p.decay * w;
    out_param[i] = decayed - p.lr * (mi / p.bias1) / (sqrt(vi / p.bias2) + p.eps);
    out_m[i] = mi;
    out_v[i] = vi;
}

// The global-norm clipping factor min(1, max_norm / (‖g‖ + 1e-6)) from param = Σ g².
@compute @workgroup_size(1)
fn clip_scale() {
    out_param[0] = min(1.0, p.max_norm / (sqrt(param[0]) + 1e-6));
}
