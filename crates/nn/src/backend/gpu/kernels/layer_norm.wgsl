// Layer norm over the last axis of rows × cols, forward and backward.
//
// Forward and the input gradient need per-row statistics, so like softmax they run one
// workgroup per row and reduce in workgroup memory (see `workgroup_sum` in common.wgsl).
// The variance is computed in a second pass over the row, from x − mean, which is more
// accurate in f32 than E[x²] − mean². The parameter gradients (dgamma, dbeta) are sums
// over rows instead: one workgroup per column walks down its column. Every sum has a
// fixed order, so no atomics are needed and results repeat exactly.

struct Params {
    rows: u32,
    cols: u32,
    eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
@group(0) @binding(3) var<storage, read> beta: array<f32>;
@group(0) @binding(4) var<storage, read> mean: array<f32>;
@group(0) @binding(5) var<storage, read> rstd: array<f32>;
@group(0) @binding(6) var<storage, read> dy: array<f32>;
@group(0) @binding(7) var<storage, read_write> out0: array<f32>;  // y, dx or dgamma
@group(0) @binding(8) var<storage, read_write> out1: array<f32>;  // mean or dbeta
@group(0) @binding(9) var<storage, read_write> out2: array<f32>;  // rstd

// out0 = y, out1 = mean, out2 = rstd = 1/sqrt(biased variance + eps).
@compute @workgroup_size(ROW_WG)
fn layer_norm(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
              @builtin(local_invocation_index) lid: u32) {
    let row = group_index(wid, nwg);
    if (row >= p.rows) {
        return;  // uniform: the whole workgroup has the same row
    }
    let base = row * p.cols;
    let n = f32(p.cols);
    var s = 0.0;
    for (var j0 = 0u; j0 < p.cols; j0 += ROW_WG) {
        let j = j0 + lid;
        if (j < p.cols) {
            s += x[base + j];
        }
    }
    let mu = workgroup_sum(s, lid) / n;
    var sq = 0.0;
    for (var j0 = 0u; j0 < p.cols; j0 += ROW_WG) {
        let j = j0 + lid;
        if (j < p.cols) {
            let d = x[base + j] - mu;
            sq += d * d;
        }
    }
    let rs = 1.0 / sqrt(workgroup_sum(sq, lid) / n + p.eps);
    for (var j = lid; j < p.cols; j += ROW_WG) {
        out0[base + j] = (x[base + j] - mu) * rs * gamma[j] + beta[j];
    }
    if (lid == 0u) {
        out1[row] = mu;
        out2[row] = rs;
    }
}

// out0 = dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) with x̂ = (x − mean)·rstd, g = dy·gamma.
@compute @workgroup_size(ROW_WG)
fn layer_norm_dx(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                 @builtin(local_invocation_index) lid: u32) {
    let row = group_index(wid, nwg);
    if (row >= p.rows) {
        return;
    }
    let base = row * p.cols;
    let n = f32(p.cols);
    let mu = mean[row];
    let rs = rstd[row];
    var sg = 0.0;
    var sgx = 0.0;
    for (var j0 = 0u; j0 < p.cols; j0 += ROW_WG) {
        let j = j0 + lid;
        if (j < p.cols) {
            let g = dy[base + j] * gamma[j];
            sg += g;
            sgx += g * (x[base + j] - mu) * rs;
        }
    }
    let g_mean = workgroup_sum(sg, lid) / n;
    let gx_mean = workgroup_sum(sgx, lid) / n;
    for (var j = lid; j < p.cols; j += ROW_WG) {
        let g = dy[base + j] * gamma[j];
        let xhat = (x[base + j] - mu) * rs;
        out0[base + j] = rs * (g - g_mean - xhat * gx_mean);
    }
}

// out0 = dgamma = Σ_rows dy·x̂, out1 = dbeta = Σ_rows dy: one workgroup per column.
@compute @workgroup_size(ROW_WG)
fn layer_norm_params(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                     @builtin(local_invocation_index) lid: u32) {
    let col = group_index(wid, nwg);
    if (col >= p.cols) {
        return;
    }
    var sg = 0.0;
    var sb = 0.0;
    for (var r0 = 0u; r0 < p.rows; r0 += ROW_WG) {
        let r = r0 + lid;
        if (r < p.rows) {
            let i = r * p.cols + col;
            sg += dy[i] * (x[i] - mean[r]) * rstd[r];
            sb += dy[i];
        }
    }
    let dgamma = workgroup_sum(sg, lid);
    let dbeta = workgroup_sum(sb, lid);
    if (lid == 0u) {
        out0[col] = dgamma;
        out1[col] = dbeta;
    }
}
