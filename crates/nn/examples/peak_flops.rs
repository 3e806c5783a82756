//! The processor's peak single-precision rate on one core, and the benchmark models' work
//! per training step, for the roofline lines of `bench/nn_cpu_vs_torch.sh`.
//!
//! Prints `peak mul-add <GFLOP/s>` (separate multiplies and adds, the only kind the CPU
//! backend uses: a fused multiply-add would round differently from the browser's build),
//! `peak fma <GFLOP/s>` (what a trainer free to fuse, such as PyTorch, could reach), and
//! `flops <model> <per step>` (`BenchModel::matmul_flops`). On x86_64 with AVX only.
//!
//! Run: `cargo run --release -p playground-nn --example peak_flops`.

use std::time::Instant;

use playground_nn::bench::BenchModel;

/// Loop trips per measurement: about a tenth of a second.
const TRIPS: u64 = 100_000_000;

fn main() {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx") {
        // Each measurement is the best of three: a shared machine only ever slows one down.
        let best = |f: &dyn Fn() -> f64| (0..3).map(|_| f()).fold(0.0, f64::max);
        println!("peak mul-add {:.1}", best(&peak::separate));
        if std::arch::is_x86_feature_detected!("fma") {
            println!("peak fma {:.1}", best(&peak::fused));
        }
    }
    for model in BenchModel::ALL {
        println!("flops {} {:.0}", model.name(), model.matmul_flops());
    }
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod peak {
    //! Independent chains of 256-bit operations on registers, so that no operation waits
    //! for another: the rate is the arithmetic units', not the memory's or a latency's.
    use super::{Instant, TRIPS};
    use std::arch::x86_64::*;
    use std::hint::black_box;

    /// Chains per kind of operation: enough to cover a latency of 4 cycles on two pipes,
    /// and few enough (with the two constants) to stay in the 16 vector registers.
    const CHAINS: usize = 6;
    const LANES: f64 = 8.0;

    /// GFLOP/s of separate multiplies and adds: CHAINS of each per trip.
    pub fn separate() -> f64 {
        // SAFETY: main checked that the processor has AVX.
        gflops(2 * CHAINS, |trips| unsafe { mul_add(trips) })
    }

    /// GFLOP/s of fused multiply-adds (two operations each): 2·CHAINS of them per trip.
    pub fn fused() -> f64 {
        // SAFETY: main checked that the processor has AVX and FMA.
        gflops(2 * 2 * CHAINS, |trips| unsafe { fma(trips) })
    }

    /// The rate of `run`, which does `ops` vector operations per trip. The trip count goes
    /// through `black_box` at each call: the loops are pure functions of it, and the
    /// compiler would otherwise run the second and third measurements' loops once with the
    /// first's. The result is kept (and printed nowhere) so the loop cannot be optimised away.
    fn gflops(ops: usize, run: impl Fn(u64) -> f32) -> f64 {
        let start = Instant::now();
        black_box(run(black_box(TRIPS)));
        ops as f64 * LANES * TRIPS as f64 / start.elapsed().as_secs_f64() / 1e9
    }

    #[target_feature(enable = "avx")]
    fn mul_add(trips: u64) -> f32 {
        let (factor, step) = (_mm256_set1_ps(1.000_000_1), _mm256_set1_ps(1e-7));
        let mut products = [_mm256_set1_ps(1.0); CHAINS];
        let mut sums = [_mm256_setzero_ps(); CHAINS];
        for _ in 0..trips {
            for (p, s) in products.iter_mut().zip(&mut sums) {
                *p = _mm256_mul_ps(*p, factor);
                *s = _mm256_add_ps(*s, step);
            }
        }
        lane_sum(products.iter().chain(&sums))
    }

    #[target_feature(enable = "avx,fma")]
    fn fma(trips: u64) -> f32 {
        let (factor, step) = (_mm256_set1_ps(1.000_000_1), _mm256_set1_ps(1e-7));
        let mut chains = [_mm256_set1_ps(1.0); 2 * CHAINS];
        for _ in 0..trips {
            for c in &mut chains {
                *c = _mm256_fmadd_ps(*c, factor, step);
            }
        }
        lane_sum(chains.iter())
    }

    fn lane_sum<'a>(vs: impl Iterator<Item = &'a __m256>) -> f32 {
        vs.map(|v| {
            let mut lanes = [0.0f32; 8];
            // SAFETY: `lanes` is 8 writable f32s, as the unaligned store needs.
            unsafe { _mm256_storeu_ps(lanes.as_mut_ptr(), *v) };
            lanes.iter().sum::<f32>()
        })
        .sum()
    }
}
