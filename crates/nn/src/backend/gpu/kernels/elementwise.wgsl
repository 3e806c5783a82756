// Element-wise kernels: one invocation per output element, 256 per workgroup.
//
// These are memory-bound: each element is loaded once and stored once, so the work is in
// getting the index arithmetic right (broadcasting) and in computing the functions in a
// way that is accurate and never overflows on any driver (the WGSL built-ins `tanh` and
// friends are only loosely specified, so the few that matter are written out here).

struct Params {
    n: u32,            // output elements
    op: u32,           // unary or binary op code (see `unary_code`, `binary_code` in Rust)
    a_period: u32,     // binary: a is read at i % a_period when non-zero, else by strides
    b_period: u32,     // the same for b
    rank: u32,         // binary, strided case: axes of out_shape
    mul: f32,          // affine: y = mul·x + add; fill: y = add
    add: f32,
    _pad: u32,
    out_shape: array<vec4<u32>, 2>,  // up to 8 axes, packed four to a vec4
    a_strides: array<vec4<u32>, 2>,  // element strides of a per output axis (0 = repeat)
    b_strides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> c: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

const GELU_C: f32 = 0.7978845608;  // √(2/π)
const GELU_A: f32 = 0.044715;

fn sigmoid(x: f32) -> f32 {
    if (x >= 0.0) {
        return 1.0 / (1.0 + exp(-x));
    }
    let e = exp(x);
    return e / (1.0 + e);
}

// ln(1 + t) for 0 ≤ t ≤ 1, keeping the precision of small t: the rounding error made in
// u = 1 + t is divided back out (a classic trick of W. Kahan's).
fn log1p_unit(t: f32) -> f32 {
    let u = 1.0 + t;
    if (u == 1.0) {
        return t;
    }
    return log(u) * t / (u - 1.0);
}

// ln σ(x) = min(x, 0) − ln(1 + e^(−|x|)): the exponential is at most 1, so no overflow.
fn log_sigmoid(x: f32) -> f32 {
    return min(x, 0.0) - log1p_unit(exp(-abs(x)));
}

// tanh from e^(−2|x|) ≤ 1, which cannot overflow (the textbook (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)
// gives ∞/∞ for large x). Near 0, where 1 − e^(−2|x|) would cancel, a short Taylor
// series is used instead; its first omitted term is below 2e-10 there.
fn tanh_stable(x: f32) -> f32 {
    let ax = abs(x);
    if (ax < 0.125) {
        let x2 = x * x;
        return x * (1.0 + x2 * (-1.0 / 3.0 + x2 * (2.0 / 15.0 + x2 * (-17.0 / 315.0))));
    }
    let e = exp(-2.0 * ax);
    return sign(x) * (1.0 - e) / (1.0 + e);
}

// GELU (tanh form) is x·σ(2z) with z = √(2/π)(x + 0.044715x³): one exponential.
// Returns (σ(2z), 1 − σ(2z)) without cancellation; past an exponent of 80, σ is 0.
fn gelu_gate(x: f32) -> vec2<f32> {
    let arg = -2.0 * GELU_C * (x + GELU_A * x * x * x);
    if (arg > 80.0) {
        return vec2<f32>(0.0, 1.0);
    }
    let e = exp_or_zero(arg);
    let s = 1.0 / (1.0 + e);
    return vec2<f32>(s, e * s);
}

fn unary_fn(op: u32, x: f32) -> f32 {
    switch op {
        case 0u: { return exp(x); }
        case 1u: { return log(x); }
        case 2u: { return tanh_stable(x); }
        case 3u: { return x * gelu_gate(x).x; }
        case 4u: { return max(x, 0.0); }
        case 5u: { return sigmoid(x); }
        default: { return log_sigmoid(x); }
    }
}

// dx = dy · f′(x), with y = f(x) from the forward pass where that is cheaper.
fn unary_grad(op: u32, x: f32, y: f32, dy: f32) -> f32 {
    switch op {
        case 0u: { return dy * y; }
        case 1u: { return dy / x; }
        case 2u: { return dy * (1.0 - y * y); }
        case 3u: {
            let g = gelu_gate(x);
            let dz = GELU_C * (1.0 + 3.0 * GELU_A * x * x);
            return dy * (g.x + 2.0 * x * g.x * g.y * dz);
        }
        case 4u: { return select(0.0, dy, x > 0.0); }
        case 5u: { return dy * y * (1.0 - y); }
        default: { return dy * sigmoid(-x); }
    }
}

fn binary_fn(op: u32, x: f32, y: f32) -> f32 {
    switch op {
        case 0u: { return x + y; }
        case 1u: { return x - y; }
        case 2u: { return x * y; }
        default: { return x / y; }
    }
}

fn out_dim(d: u32) -> u32 { return p.out_shape[d / 4u][d % 4u]; }
fn a_stride(d: u32) -> u32 { return p.a_strides[d / 4u][d % 4u]; }
fn b_stride(d: u32) -> u32 { return p.b_strides[d / 4u][d % 4u]; }

// Where output element i reads a and b: peel its coordinates off from the last axis
// and weight them with each operand's strides (0 on a broadcast axis).
fn broadcast_offsets(i: u32) -> vec2<u32> {
    var rest = i;
    var offsets = vec2<u32>(0u, 0u);
    for (var d = p.rank; d > 0u; d--) {
        let size = out_dim(d - 1u);
        let coord = rest % size;
        rest = rest / size;
        offsets += coord * vec2<u32>(a_stride(d - 1u), b_stride(d - 1u));
    }
    return offsets;
}

@compute @workgroup_size(256)
fn fill(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i < p.n) {
        out[i] = p.add;
    }
}

@compute @workgroup_size(256)
fn affine(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i < p.n) {
        out[i] = p.mul * a[i] + p.add;
    }
}

@compute @workgroup_size(256)
fn unary(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
         @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i < p.n) {
        out[i] = unary_fn(p.op, a[i]);
    }
}

// a = x, b = y = f(x), c = dy.
@compute @workgroup_size(256)
fn unary_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                  @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i < p.n) {
        out[i] = unary_grad(p.op, a[i], b[i], c[i]);
    }
}

// Broadcasting a ∘ b. The common cases, equal shapes and a bias-like operand that
// repeats every `period` elements, need no per-axis arithmetic at all.
@compute @workgroup_size(256)
fn binary(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i >= p.n) {
        return;
    }
    var ia = 0u;
    var ib = 0u;
    if (p.a_period == 0u || p.b_period == 0u) {
        let offsets = broadcast_offsets(i);
        ia = offsets.x;
        ib = offsets.y;
    }
    if (p.a_period != 0u) {
        ia = i % p.a_period;
    }
    if (p.b_period != 0u) {
        ib = i % p.b_period;
    }
    out[i] = binary_fn(p.op, a[ia], b[ib]);
}
