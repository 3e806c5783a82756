//! Matrix products for the CPU backend, written so that native and wasm32 builds give
//! bit-identical results.
//!
//! Why not `ndarray::linalg` (matrixmultiply)? It picks an AVX2+FMA kernel at run time on
//! x86_64, and a fused multiply-add rounds once where wasm32 (which has no FMA) rounds
//! twice, so the same seed would train differently in the browser and in the CLI.
//!
//! Here every output element is Σ_p a_ip·b_pj accumulated from p = 0 upwards in one
//! running sum, with a separate multiply and add (Rust never fuses them on its own). The
//! speed comes from the layout, not from reordering: both operands are packed into small
//! contiguous panels and a register-blocked micro-kernel computes an MR × NR block of C at
//! a time; the compiler vectorises it across the NR columns, which changes no rounding.

use super::buffer::{overwrite, take, zeros};
use crate::backend::MatmulDims;
use crate::element::Element;

/// Rows of C computed per micro-kernel call. MR × NR accumulators plus two B vectors
/// and a broadcast fill the 16 vector registers of x86_64 (SSE2 or AVX) without spilling.
#[cfg(not(target_arch = "wasm32"))]
const MR: usize = 6;
/// In WebAssembly the engine allocates the registers, and V8 keeps eight accumulators in
/// them but spills twelve: a 2 × 16 block trained the benchmark MLP at 864 steps/s and
/// the transformer at 74, against 611 and 55 with 6 × 8 (4 × 8 and 3 × 8 fell between;
/// 3 × 16 and 3 × 12 were slower still). The shape changes no rounding.
#[cfg(target_arch = "wasm32")]
const MR: usize = 2;

/// Packed A is processed in blocks of about this many elements, so that a block stays in
/// L2 (typically 512 KiB) while every B panel passes it.
const A_BLOCK: usize = 48 * 1024;

/// Batched C = op(A)·op(B); see [`MatmulDims`] for the layout.
///
/// The kernel's shape depends on the vector unit, never its arithmetic:
/// - NR (columns of C per micro-kernel call) is two SIMD registers' worth: 16 with AVX,
///   8 otherwise; in WebAssembly four 128-bit registers' worth, 16, with MR = 2.
/// - LANES is how often each A element is copied into the packed panel. Plain SSE2 has no
///   broadcast-from-memory, so the kernel would spend a shuffle per A element; storing
///   each element four times (one SSE register's worth) turns that into a plain load. AVX
///   and wasm32 (whose SIMD has load-and-splat) broadcast for free, so they store it once.
///
/// A default x86_64 build targets SSE2 only, so there the AVX kernel is chosen at run time
/// when the processor has AVX (nearly all since 2011). Both give the same bits.
pub fn matmul<E: Element>(a: &[E], b: &[E], d: MatmulDims) -> Vec<E> {
    #[cfg(all(target_arch = "x86_64", not(target_feature = "avx")))]
    {
        if std::arch::is_x86_feature_detected!("avx") {
            // Calling code compiled for AVX is sound only on a processor that has it,
            // which was just checked.
            #[allow(unsafe_code)]
            // SAFETY: AVX support was detected on this processor.
            return unsafe { matmul_avx(a, b, d) };
        }
        matmul_with::<E, 8, 4, { MR * 4 }>(a, b, d)
    }
    #[cfg(all(target_arch = "x86_64", target_feature = "avx"))]
    {
        matmul_with::<E, 16, 1, MR>(a, b, d)
    }
    #[cfg(target_arch = "wasm32")]
    {
        matmul_with::<E, 16, 1, MR>(a, b, d)
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "wasm32")))]
    {
        matmul_with::<E, 8, 1, MR>(a, b, d)
    }
}

/// [`matmul_with`] compiled for AVX: everything below it is inlined, so the compiler
/// vectorises the micro-kernel with 256-bit registers.
#[cfg(all(target_arch = "x86_64", not(target_feature = "avx")))]
#[target_feature(enable = "avx")]
fn matmul_avx<E: Element>(a: &[E], b: &[E], d: MatmulDims) -> Vec<E> {
    matmul_with::<E, 16, 1, MR>(a, b, d)
}

/// The blocked product with NR columns per micro-kernel call and each A element stored
/// LANES times; AP = MR × LANES (a separate parameter because stable Rust cannot compute
/// array lengths from generic constants).
#[inline(always)]
fn matmul_with<E: Element, const NR: usize, const LANES: usize, const AP: usize>(
    a: &[E],
    b: &[E],
    d: MatmulDims,
) -> Vec<E> {
    debug_assert_eq!(AP, MR * LANES);
    let (mk, kn, mn) = (d.m * d.k, d.k * d.n, d.m * d.n);
    if d.k == 0 {
        return zeros(d.batch * mn);
    }
    // Every element is written below: no need to zero it first.
    let mut c = overwrite(d.batch * mn);
    // Rows of A per block: a multiple of MR.
    let mc = (A_BLOCK / (d.k * LANES) / MR).max(1) * MR;
    let mut apack = take(mc.min(d.m.div_ceil(MR) * MR) * LANES * d.k);
    let mut bpack = take(d.n.div_ceil(NR) * NR * d.k);
    for i in 0..d.batch {
        let (ai, bi) = (&a[i * mk..(i + 1) * mk], &b[i * kn..(i + 1) * kn]);
        let ci = &mut c[i * mn..(i + 1) * mn];
        pack_b::<E, NR>(bi, d, &mut bpack);
        for i0 in (0..d.m).step_by(mc) {
            let rows = mc.min(d.m - i0);
            pack_a::<E, LANES>(ai, d, i0, rows, &mut apack);
            gemm_block::<E, NR, LANES, AP>(&apack, &bpack, d, i0, rows, ci);
        }
    }
    E::pool_give(apack);
    E::pool_give(bpack);
    c
}

/// Rows i0..i0 + rows of C from the packed A block and all of packed B. Each B panel
/// stays in L1 while it meets every A panel of the block.
#[inline(always)]
fn gemm_block<E: Element, const NR: usize, const LANES: usize, const AP: usize>(
    apack: &[E],
    bpack: &[E],
    d: MatmulDims,
    i0: usize,
    rows: usize,
    c: &mut [E],
) {
    let (k, n) = (d.k, d.n);
    for (jb, bp) in bpack.chunks_exact(k * NR).enumerate() {
        let j0 = jb * NR;
        let cols = NR.min(n - j0);
        let (panels, _) = apack.as_chunks::<AP>();
        for (ib, block) in panels.chunks_exact(k).enumerate() {
            let r0 = ib * MR;
            let acc = kernel::<E, NR, LANES, AP>(|p| block[p], bp);
            for (r, row) in acc.iter().enumerate().take(MR.min(rows - r0)) {
                let start = (i0 + r0 + r) * n + j0;
                if cols == NR {
                    // A constant-length copy compiles to a few vector stores, not a call.
                    let dst: &mut [E; NR] = (&mut c[start..start + NR]).try_into().expect("NR");
                    *dst = *row;
                } else {
                    c[start..start + cols].copy_from_slice(&row[..cols]);
                }
            }
        }
    }
}

/// The micro-kernel: an MR × NR block of C from a packed A panel (`a_at(p)`: the MR row
/// values at p, each repeated LANES times) and a B panel (k × NR). Each accumulator is a
/// plain running sum over p; with LANES = 1 the inner two loops are just j in 0..NR.
/// (Indexing the panel through a closure measured ~10% faster than zipping two chunk
/// iterators: the loop then has a single induction variable.)
#[inline(always)]
fn kernel<E: Element, const NR: usize, const LANES: usize, const AP: usize>(
    a_at: impl Fn(usize) -> [E; AP],
    bp: &[E],
) -> [[E; NR]; MR] {
    let mut acc = [[E::ZERO; NR]; MR];
    let (bp, _) = bp.as_chunks::<NR>();
    for (p, bv) in bp.iter().enumerate() {
        let av = a_at(p);
        for r in 0..MR {
            for jj in 0..NR / LANES {
                for l in 0..LANES {
                    let j = jj * LANES + l;
                    acc[r][j] = acc[r][j] + av[r * LANES + l] * bv[j];
                }
            }
        }
    }
    acc
}

/// Pack op(B) (k × n) into panels of NR columns, each k × NR and contiguous; the last
/// panel is padded with zeros (its extra columns are computed and thrown away).
#[inline(always)]
fn pack_b<E: Element, const NR: usize>(b: &[E], d: MatmulDims, out: &mut Vec<E>) {
    let (k, n) = (d.k, d.n);
    out.clear();
    // Appending (rather than zero-filling and overwriting) writes each element once.
    for j0 in (0..n).step_by(NR) {
        let cols = NR.min(n - j0);
        for p in 0..k {
            if d.trans_b {
                // B stored n × k: element (p, j) is at j·k + p.
                out.extend((j0..j0 + cols).map(|j| b[j * k + p]));
            } else if cols == NR {
                let row: &[E; NR] = b[p * n + j0..p * n + j0 + NR].try_into().expect("NR");
                out.extend_from_slice(row);
            } else {
                out.extend_from_slice(&b[p * n + j0..p * n + j0 + cols]);
            }
            out.resize(out.len() + NR - cols, E::ZERO);
        }
    }
}

/// Pack rows i0..i0 + rows of op(A) (m × k) into panels of MR rows, each p-major with
/// every value repeated LANES times (k × MR × LANES); rows past the end are zeros.
#[inline(always)]
fn pack_a<E: Element, const LANES: usize>(
    a: &[E],
    d: MatmulDims,
    i0: usize,
    rows: usize,
    out: &mut Vec<E>,
) {
    let (m, k) = (d.m, d.k);
    let panel = k * MR * LANES;
    out.clear();
    out.resize(rows.div_ceil(MR) * panel, E::ZERO);
    for (ib, dst) in out.chunks_exact_mut(panel).enumerate() {
        let r0 = i0 + ib * MR;
        let n_rows = MR.min(rows - ib * MR);
        // Walk A in its storage order: a row of A is contiguous unless A is transposed.
        if d.trans_a {
            // Stored k × m: element (i, p) at p·m + i.
            for (p, lanes) in dst.chunks_exact_mut(MR * LANES).enumerate() {
                let src = &a[p * m + r0..p * m + r0 + n_rows];
                for (r, &v) in src.iter().enumerate() {
                    lanes[r * LANES..(r + 1) * LANES].fill(v);
                }
            }
        } else {
            // Stored m × k: element (i, p) at i·k + p.
            for r in 0..n_rows {
                let src = &a[(r0 + r) * k..(r0 + r + 1) * k];
                for (lanes, &v) in dst.chunks_exact_mut(MR * LANES).zip(src) {
                    lanes[r * LANES..(r + 1) * LANES].fill(v);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook triple loop, with the same summation order.
    fn naive(a: &[f64], b: &[f64], d: MatmulDims) -> Vec<f64> {
        let at = |i: usize, p: usize| {
            if d.trans_a {
                a[p * d.m + i]
            } else {
                a[i * d.k + p]
            }
        };
        let bt = |p: usize, j: usize| {
            if d.trans_b {
                b[j * d.k + p]
            } else {
                b[p * d.n + j]
            }
        };
        let mut c = vec![0.0; d.m * d.n];
        for i in 0..d.m {
            for j in 0..d.n {
                let mut s = 0.0;
                for p in 0..d.k {
                    s += at(i, p) * bt(p, j);
                }
                c[i * d.n + j] = s;
            }
        }
        c
    }

    #[test]
    fn every_transpose_combination_matches_the_triple_loop_exactly() {
        let mut seed = 1u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as f64 / (1u64 << 31) as f64) - 0.5
        };
        for (m, k, n) in [(1, 1, 1), (3, 5, 7), (9, 17, 33), (4, 0, 3), (13, 8, 16)] {
            for (trans_a, trans_b) in [(false, false), (true, false), (false, true), (true, true)] {
                let d = MatmulDims {
                    batch: 1,
                    m,
                    k,
                    n,
                    trans_a,
                    trans_b,
                };
                let a: Vec<f64> = (0..m * k).map(|_| next()).collect();
                let b: Vec<f64> = (0..k * n).map(|_| next()).collect();
                let want = naive(&a, &b, d);
                assert_eq!(matmul(&a, &b, d), want, "{d:?}");
                // Every kernel shape, whichever this processor would pick.
                assert_eq!(matmul_with::<f64, 8, 4, { MR * 4 }>(&a, &b, d), want);
                assert_eq!(matmul_with::<f64, 16, 1, MR>(&a, &b, d), want);
                assert_eq!(matmul_with::<f64, 8, 1, MR>(&a, &b, d), want);
            }
        }
    }
}
