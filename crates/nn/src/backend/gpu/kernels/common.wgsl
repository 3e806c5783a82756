// Helpers shared by every kernel file: the Rust side (`pipelines.rs`) puts this text in
// front of each file before compiling it.

// The most negative finite f32, the starting value of a max-reduction. WGSL rejects
// infinite constants, and a row is never entirely −∞, so nothing is lost. (The literal
// is f32::MAX exactly: browsers reject a constant that rounds beyond it.)
const LOWEST: f32 = -3.40282346638528859811704183484516925440e38;

// WebGPU allows at most 65 535 workgroups per grid dimension, so a long 1-D launch is
// folded into rows of workgroups (see `grid` in Rust); this unfolds it.
fn group_index(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
    return wid.y * nwg.x + wid.x;
}

// e^x, but exactly 0 below the smallest f32 subnormal. Drivers disagree about exp(−∞)
// (some compute it as exp2(−∞ · log2 e) and are fine, others are not), and masked
// attention scores are −∞; `select` evaluates both sides and keeps the safe one.
fn exp_or_zero(x: f32) -> f32 {
    return select(exp(x), 0.0, x < -104.0);
}

// Row-wise kernels (softmax, layer norm) run one workgroup of ROW_WG invocations per row.
const ROW_WG: u32 = 64u;
var<workgroup> scratch: array<f32, 64>;

// Sum of one value per invocation, returned to all of them. Must be reached by the whole
// workgroup (it is: every caller is in uniform control flow).
fn workgroup_sum(v: f32, lid: u32) -> f32 {
    scratch[lid] = v;
    workgroupBarrier();
    for (var width = ROW_WG / 2u; width > 0u; width = width / 2u) {
        if (lid < width) {
            scratch[lid] += scratch[lid + width];
        }
        workgroupBarrier();
    }
    let total = scratch[0];
    // Nobody may overwrite scratch (in the next reduction) before everyone has read it.
    workgroupBarrier();
    return total;
}

fn workgroup_max(v: f32, lid: u32) -> f32 {
    scratch[lid] = v;
    workgroupBarrier();
    for (var width = ROW_WG / 2u; width > 0u; width = width / 2u) {
        if (lid < width) {
            scratch[lid] = max(scratch[lid], scratch[lid + width]);
        }
        workgroupBarrier();
    }
    let m = scratch[0];
    workgroupBarrier();
    return m;
}
