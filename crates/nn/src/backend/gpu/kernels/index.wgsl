// Index kernels: picking entries by id (gather, embedding lookup) and their adjoints.
// One invocation per output element, 256 per workgroup. Ids were checked on the host to
// be in range, so they are used without bounds checks.
//
// The adjoint of an embedding lookup adds many rows of dy into the same table row (a
// token that occurs often). The usual GPU answer, atomic adds, makes the order of the
// additions, and so the rounding, differ from run to run. Here each table entry is owned
// by one invocation, which walks all ids in order and adds the rows that hit it: more
// reading, but deterministic, and cheap at the vocabulary sizes of this site.

struct Params {
    n: u32,      // output elements
    rows: u32,   // gather: rows; embedding: ids
    cols: u32,   // gather: row length; embedding: table width (dim)
    _pad: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> ids: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

// out[r] = x[r, ids[r]].
@compute @workgroup_size(256)
fn gather(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
    let r = group_index(wid, nwg) * 256u + lid;
    if (r < p.n) {
        out[r] = x[r * p.cols + ids[r]];
    }
}

// rows × cols zeros with x[r] (= dy[r]) at (r, ids[r]).
@compute @workgroup_size(256)
fn gather_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                   @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i < p.n) {
        let r = i / p.cols;
        out[i] = select(0.0, x[r], ids[r] == i % p.cols);
    }
}

// out[i, :] = table[ids[i], :], with x the table.
@compute @workgroup_size(256)
fn embedding(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
             @builtin(local_invocation_index) lid: u32) {
    let i = group_index(wid, nwg) * 256u + lid;
    if (i < p.n) {
        out[i] = x[ids[i / p.cols] * p.cols + i % p.cols];
    }
}

// out = vocab × dim zeros plus, for each id i in order, row i of x (= dy) added to row
// ids[i]. Invocation (v, c) owns out[v, c]: the additions happen in the order of i.
@compute @workgroup_size(256)
fn embedding_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                      @builtin(local_invocation_index) lid: u32) {
    let o = group_index(wid, nwg) * 256u + lid;
    if (o >= p.n) {
        return;
    }
    let v = o / p.cols;
    let c = o % p.cols;
    var total = 0.0;
    for (var i = 0u; i < p.rows; i++) {
        if (ids[i] == v) {
            total += x[i * p.cols + c];
        }
    }
    out[o] = total;
}
