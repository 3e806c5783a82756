// Layout kernels: moving elements without arithmetic. One invocation per output element,
// 256 per workgroup.
//
// Permute, expand (broadcast) and narrow (slice) are all the same gather: output element
// i sits at some coordinates of the output shape, and the source element is
// offset + Σ coordinate·stride for strides chosen on the host (a permuted stride
// order, 0 for a repeated axis, the outer stride of a slice). Writes are contiguous,
// reads follow the strides.

struct Params {
    n: u32,        // output elements
    rank: u32,     // gather: axes of shape/strides
    offset: u32,   // gather: added to every source offset (the start of a slice)
    value: f32,    // causal_mask: what the future becomes
    inner: u32,    // pad: elements per row of the padded axis
    len: u32,      // pad: rows of the input along the padded axis
    axis: u32,     // pad: rows of the output along the padded axis
    start: u32,    // pad: where the input starts along it
    tq: u32,       // causal_mask: queries (rows) per matrix
    tk: u32,       // causal_mask: keys (columns) per matrix
    _pad0: u32,
    _pad1: u32,
    shape: array<vec4<u32>, 2>,    // gather: output shape, up to 8 axes
    strides: array<vec4<u32>, 2>,  // gather: source stride of each output axis
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn gather_strided(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                  @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i >= p.n) {
        return;
    }
    var rest = i;
    var src = p.offset;
    for (var d = p.rank; d > 0u; d--) {
        let size = p.shape[(d - 1u) / 4u][(d - 1u) % 4u];
        src += (rest % size) * p.strides[(d - 1u) / 4u][(d - 1u) % 4u];
        rest = rest / size;
    }
    out[i] = x[src];
}

// The adjoint of a slice: zeros, with the input placed at rows start..start+len of the
// middle axis of [outer, axis, inner].
@compute @workgroup_size(256)
fn pad(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
       @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i >= p.n) {
        return;
    }
    let col = i % p.inner;
    let row = (i / p.inner) % p.axis;
    let outer = i / (p.inner * p.axis);
    var v = 0.0;
    if (row >= p.start && row < p.start + p.len) {
        v = x[(outer * p.len + row - p.start) * p.inner + col];
    }
    out[i] = v;
}

// [batch, tq, tk]: entry (q, k) is in the future of query q when k > q + (tk − tq).
@compute @workgroup_size(256)
fn causal_mask(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
               @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i >= p.n) {
        return;
    }
    let k = i % p.tk;
    let q = (i / p.tk) % p.tq;
    out[i] = select(x[i], p.value, k > q + (p.tk - p.tq));
}
