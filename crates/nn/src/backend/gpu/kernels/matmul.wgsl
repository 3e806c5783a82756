// Batched matrix product C = op(A)·op(B), each operand optionally transposed.
//
// Why tiles: computed naively, every output element reads a whole row of A and column of
// B from device memory, so each input value is loaded n (or m) times. A workgroup
// instead computes a square tile of C; it walks the shared dimension in slices, and for
// each slice all of its invocations first copy the slice of A's rows and B's columns
// into workgroup (on-chip) memory together, then every invocation reads them from there.
// Each value loaded from device memory is then reused by a whole row or column of the tile.
//
// Two tile sizes, chosen on the host by the size of C:
// - `matmul_64`: 64×64 outputs per workgroup of 16×16 invocations, each accumulating
//   4×4 outputs in registers (so each value read from workgroup memory is used 4 times).
//   The fast one for large products.
// - `matmul_16`: 16×16 outputs, one per invocation. For the small products of tiny
//   models, where 64×64 tiles would leave most of the GPU idle.
//
// Batches run along the grid's z axis. Edges are handled by loading zeros outside the
// matrices, so the inner loops have no bounds checks. Each output is accumulated in the
// same order every run.

struct Params {
    m: u32,
    k: u32,
    n: u32,
    trans_a: u32,   // 1: A is stored k×m and op(A) = Aᵀ
    trans_b: u32,   // 1: B is stored n×k and op(B) = Bᵀ
    stride_a: u32,  // elements per matrix of the batch: m·k, k·n, m·n
    stride_b: u32,
    stride_c: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

// op(A)[row, kk] of the matrix starting at `base`, 0 outside it.
fn load_a(base: u32, row: u32, kk: u32) -> f32 {
    if (row >= p.m || kk >= p.k) {
        return 0.0;
    }
    if (p.trans_a != 0u) {
        return a[base + kk * p.m + row];
    }
    return a[base + row * p.k + kk];
}

// op(B)[kk, col] of the matrix starting at `base`, 0 outside it.
fn load_b(base: u32, kk: u32, col: u32) -> f32 {
    if (kk >= p.k || col >= p.n) {
        return 0.0;
    }
    if (p.trans_b != 0u) {
        return b[base + col * p.k + kk];
    }
    return b[base + kk * p.n + col];
}

const TILE: u32 = 64u;   // outputs per side of a matmul_64 tile
const DEPTH: u32 = 16u;  // length of each slice of the shared dimension

// tile_a[kk·TILE + r] = op(A)[row0 + r, k0 + kk]; tile_b[kk·TILE + c] = op(B)[k0 + kk, col0 + c].
var<workgroup> tile_a: array<f32, 1024>;
var<workgroup> tile_b: array<f32, 1024>;

@compute @workgroup_size(16, 16)
fn matmul_64(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
    let row0 = wid.y * TILE;
    let col0 = wid.x * TILE;
    let base_a = wid.z * p.stride_a;
    let base_b = wid.z * p.stride_b;
    let t = lid.y * 16u + lid.x;
    // acc_i holds C[row0 + lid.y + 16i, col0 + lid.x + 16j] for j = 0..3: rows and
    // columns interleaved rather than a contiguous 4×4 block, so that neighbouring
    // invocations read neighbouring tile entries. Four named vectors rather than an
    // array, so that every compiler keeps them in registers.
    var acc0 = vec4<f32>();
    var acc1 = vec4<f32>();
    var acc2 = vec4<f32>();
    var acc3 = vec4<f32>();
    for (var k0 = 0u; k0 < p.k; k0 += DEPTH) {
        // 256 invocations load 1024 entries of each tile, four each. Which invocation loads
        // which entry depends on the storage order, so that neighbouring invocations read
        // neighbouring addresses (coalesced loads) whether or not an operand is transposed.
        for (var e = 0u; e < 4u; e++) {
            let idx = t + 256u * e;
            var r = idx / DEPTH;
            var kk = idx % DEPTH;
            if (p.trans_a != 0u) {
                r = idx % TILE;
                kk = idx / TILE;
            }
            tile_a[kk * TILE + r] = load_a(base_a, row0 + r, k0 + kk);
            var col = idx % TILE;
            kk = idx / TILE;
            if (p.trans_b != 0u) {
                col = idx / DEPTH;
                kk = idx % DEPTH;
            }
            tile_b[kk * TILE + col] = load_b(base_b, k0 + kk, col0 + col);
        }
        workgroupBarrier();
        for (var kk = 0u; kk < DEPTH; kk++) {
            let ta = kk * TILE + lid.y;
            let tb = kk * TILE + lid.x;
            let av = vec4<f32>(tile_a[ta], tile_a[ta + 16u], tile_a[ta + 32u], tile_a[ta + 48u]);
            let bv = vec4<f32>(tile_b[tb], tile_b[tb + 16u], tile_b[tb + 32u], tile_b[tb + 48u]);
            acc0 += av.x * bv;
            acc1 += av.y * bv;
            acc2 += av.z * bv;
            acc3 += av.w * bv;
        }
        // Everyone must be done reading the tiles before they are overwritten.
        workgroupBarrier();
    }
    let base_c = wid.z * p.stride_c;
    store_row(base_c, row0 + lid.y, col0 + lid.x, acc0);
    store_row(base_c, row0 + lid.y + 16u, col0 + lid.x, acc1);
    store_row(base_c, row0 + lid.y + 32u, col0 + lid.x, acc2);
    store_row(base_c, row0 + lid.y + 48u, col0 + lid.x, acc3);
}

// Write C[row, col + 16j] = v[j] for j = 0..3, where inside the matrix.
fn store_row(base: u32, row: u32, col: u32, v: vec4<f32>) {
    if (row >= p.m) {
        return;
    }
    for (var j = 0u; j < 4u; j++) {
        if (col + 16u * j < p.n) {
            c[base + row * p.n + col + 16u * j] = v[j];
        }
    }
}

// small_a[kk·16 + r] = op(A)[row0 + r, k0 + kk]; small_b[kk·16 + c] = op(B)[k0 + kk, col0 + c].
var<workgroup> small_a: array<f32, 256>;
var<workgroup> small_b: array<f32, 256>;

@compute @workgroup_size(16, 16)
fn matmul_16(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
    let row0 = wid.y * 16u;
    let col0 = wid.x * 16u;
    let base_a = wid.z * p.stride_a;
    let base_b = wid.z * p.stride_b;
    var acc = 0.0;
    for (var k0 = 0u; k0 < p.k; k0 += 16u) {
        // Each invocation loads one entry of each tile; lid.x runs along the contiguous
        // axis of the stored matrix, so loads are coalesced in both orientations.
        if (p.trans_a != 0u) {
            small_a[lid.y * 16u + lid.x] = load_a(base_a, row0 + lid.x, k0 + lid.y);
        } else {
            small_a[lid.x * 16u + lid.y] = load_a(base_a, row0 + lid.y, k0 + lid.x);
        }
        if (p.trans_b != 0u) {
            small_b[lid.x * 16u + lid.y] = load_b(base_b, k0 + lid.x, col0 + lid.y);
        } else {
            small_b[lid.y * 16u + lid.x] = load_b(base_b, k0 + lid.y, col0 + lid.x);
        }
        workgroupBarrier();
        for (var kk = 0u; kk < 16u; kk++) {
            acc += small_a[kk * 16u + lid.y] * small_b[kk * 16u + lid.x];
        }
        workgroupBarrier();
    }
    let row = row0 + lid.y;
    let col = col0 + lid.x;
    if (row < p.m && col < p.n) {
        c[wid.z * p.stride_c + row * p.n + col] = acc;
    }
}
