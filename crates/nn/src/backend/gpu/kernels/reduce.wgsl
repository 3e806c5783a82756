// Sums over some axes (`sum_to`): bias gradients, means, full sums, broadcast adjoints.
//
// The host splits the input's axes into kept axes (one output per combination) and
// summed axes, and merges neighbours that are contiguous, so most reductions become
// "sum `count` elements with stride s, starting at base(o)". Two strategies, picked on
// the host by how many elements each output sums, both in a fixed order so the result is
// the same bit for bit on every run (no atomics):
// - `sum_each`: one invocation per output looping over its elements in order. Best when
//   each sum is short and there are many of them.
// - `sum_group`: one workgroup of 256 per output. Each invocation adds every 256th
//   element, then the 256 partial sums are combined pairwise in workgroup memory (a tree:
//   log2(256) = 8 rounds). Best for long sums, e.g. the total of a whole tensor.

struct Params {
    outputs: u32,    // number of sums
    count: u32,      // elements in each sum
    rank: u32,       // kept axes
    red_rank: u32,   // summed axes
    shape: array<vec4<u32>, 2>,        // kept axes' sizes (the output's shape)
    strides: array<vec4<u32>, 2>,      // their strides in the input
    red_shape: array<vec4<u32>, 2>,    // summed axes' sizes
    red_strides: array<vec4<u32>, 2>,  // their strides in the input
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

// Input offset of the first element summed into output o.
fn base_offset(o: u32) -> u32 {
    var rest = o;
    var src = 0u;
    for (var d = p.rank; d > 0u; d--) {
        let size = p.shape[(d - 1u) / 4u][(d - 1u) % 4u];
        src += (rest % size) * p.strides[(d - 1u) / 4u][(d - 1u) % 4u];
        rest = rest / size;
    }
    return src;
}

// Input offset of the r-th summed element, relative to the base.
fn summed_offset(r: u32) -> u32 {
    var rest = r;
    var src = 0u;
    for (var d = p.red_rank; d > 0u; d--) {
        let size = p.red_shape[(d - 1u) / 4u][(d - 1u) % 4u];
        src += (rest % size) * p.red_strides[(d - 1u) / 4u][(d - 1u) % 4u];
        rest = rest / size;
    }
    return src;
}

@compute @workgroup_size(256)
fn sum_each(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
            @builtin(local_invocation_index) lid: u32) {
    let o = group_index(wid, nwg) * 256u + lid;
    if (o >= p.outputs) {
        return;
    }
    let base = base_offset(o);
    var total = 0.0;
    for (var r = 0u; r < p.count; r++) {
        total += x[base + summed_offset(r)];
    }
    out[o] = total;
}

var<workgroup> sums: array<f32, 256>;

@compute @workgroup_size(256)
fn sum_group(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
             @builtin(local_invocation_index) lid: u32) {
    // The whole workgroup works on one output, so this test is uniform and the barriers
    // below are reached by every invocation or by none.
    let o = group_index(wid, nwg);
    if (o >= p.outputs) {
        return;
    }
    let base = base_offset(o);
    var total = 0.0;
    for (var r0 = 0u; r0 < p.count; r0 += 256u) {
        let r = r0 + lid;
        if (r < p.count) {
            total += x[base + summed_offset(r)];
        }
    }
    sums[lid] = total;
    workgroupBarrier();
    for (var width = 128u; width > 0u; width = width / 2u) {
        if (lid < width) {
            sums[lid] += sums[lid + width];
        }
        workgroupBarrier();
    }
    if (lid == 0u) {
        out[o] = sums[0];
    }
}
