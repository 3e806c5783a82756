// Row-wise softmax, log-softmax and cross-entropy, forward and backward, on a buffer
// viewed as rows × cols.
//
// Why one workgroup per row: every output of a row depends on a reduction over the whole
// row (its maximum, a sum of exponentials, Σ dy·y). A workgroup of 64 invocations reads
// the row in strides of 64, each keeping a partial result, then combines the partials in
// workgroup memory by a tree (6 rounds for 64), and every invocation reads the result.
// The row never round-trips through device memory between the passes, and the order of
// every sum is fixed, so results are the same on every run.
//
// The maximum is subtracted before exponentiating (so e^x cannot overflow); entries that
// are −∞ (masked attention scores) become exactly 0.

struct Params {
    rows: u32,
    cols: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;        // x, y or logits
@group(0) @binding(2) var<storage, read> dy: array<f32>;       // upstream gradient
@group(0) @binding(3) var<storage, read> targets: array<u32>;  // class per row
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

fn row_max(base: u32, lid: u32) -> f32 {
    var m = LOWEST;
    for (var j0 = 0u; j0 < p.cols; j0 += ROW_WG) {
        let j = j0 + lid;
        if (j < p.cols) {
            m = max(m, x[base + j]);
        }
    }
    return workgroup_max(m, lid);
}

// Σ e^(x − m) over the row, for its maximum m.
fn row_sum_exp(base: u32, lid: u32, m: f32) -> f32 {
    var s = 0.0;
    for (var j0 = 0u; j0 < p.cols; j0 += ROW_WG) {
        let j = j0 + lid;
        if (j < p.cols) {
            s += exp_or_zero(x[base + j] - m);
        }
    }
    return workgroup_sum(s, lid);
}

// max + ln Σ e^(x − max): the log-normaliser of the row.
fn row_log_sum_exp(base: u32, lid: u32) -> f32 {
    let m = row_max(base, lid);
    return m + log(row_sum_exp(base, lid, m));
}

@compute @workgroup_size(ROW_WG)
fn softmax(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
           @builtin(local_invocation_index) lid: u32) {
    let row = group_index(wid, nwg);
    if (row >= p.rows) {
        return;  // uniform: the whole workgroup has the same row
    }
    let base = row * p.cols;
    let m = row_max(base, lid);
    let total = row_sum_exp(base, lid, m);
    for (var j = lid; j < p.cols; j += ROW_WG) {
        out[base + j] = exp_or_zero(x[base + j] - m) / total;
    }
}

// x holds y = softmax(x): dx = y·(dy − Σ dy·y).
@compute @workgroup_size(ROW_WG)
fn softmax_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                    @builtin(local_invocation_index) lid: u32) {
    let row = group_index(wid, nwg);
    if (row >= p.rows) {
        return;
    }
    let base = row * p.cols;
    var s = 0.0;
    for (var j0 = 0u; j0 < p.cols; j0 += ROW_WG) {
        let j = j0 + lid;
        if (j < p.cols) {
            s += dy[base + j] * x[base + j];
        }
    }
    let inner = workgroup_sum(s, lid);
    for (var j = lid; j < p.cols; j += ROW_WG) {
        out[base + j] = x[base + j] * (dy[base + j] - inner);
    }
}

@compute @workgroup_size(ROW_WG)
fn log_softmax(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
               @builtin(local_invocation_index) lid: u32) {
    let row = group_index(wid, nwg);
    if (row >= p.rows) {
        return;
    }
    let base = row * p.cols;
    let lse = row_log_sum_exp(base, lid);
    for (var j = lid; j < p.cols; j += ROW_WG) {
        out[base + j] = x[base + j] - lse;
    }
}

// x holds y = log_softmax(x): dx = dy − e^y·Σ dy.
@compute @workgroup_size(ROW_WG)
fn log_softmax_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                        @builtin(local_invocation_index) lid: u32) {
    let row = group_index(wid, nwg);
    if (row >= p.rows) {
        return;
    }
    let base = row * p.cols;
    var s = 0.0;
    for (var j0 = 0u; j0 < p.cols; j0 += ROW_WG) {
        let j = j0 + lid;
        if (j < p.cols) {
            s += dy[base + j];
        }
    }
    let total = workgroup_sum(s, lid);
    for (var j = lid; j < p.cols; j += ROW_WG) {
        out[base + j] = dy[base + j] - exp_or_zero(x[base + j]) * total;
    }
}

// One loss per row: logsumexp(x) − x[target].
@compute @workgroup_size(ROW_WG)
fn cross_entropy(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                 @builtin(local_invocation_index) lid: u32) {
    let row = group_index(wid, nwg);
    if (row >= p.rows) {
        return;
    }
    let base = row * p.cols;
    let lse = row_log_sum_exp(base, lid);
    if (lid == 0u) {
        out[row] = lse - x[base + targets[row]];
    }
}

// dx_j = dloss·(softmax(x)_j − [j = target]), the softmax recomputed from the logits.
// Here dy holds one dloss per row.
@compute @workgroup_size(ROW_WG)
fn cross_entropy_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                          @builtin(local_invocation_index) lid: u32) {
    let row = group_index(wid, nwg);
    if (row >= p.rows) {
        return;
    }
    let base = row * p.cols;
    let lse = row_log_sum_exp(base, lid);
    let dl = dy[row];
    let t = targets[row];
    for (var j = lid; j < p.cols; j += ROW_WG) {
        out[base + j] = dl * exp_or_zero(x[base + j] - lse) - select(0.0, dl, j == t);
    }
}
