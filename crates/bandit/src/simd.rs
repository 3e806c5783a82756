//! The instruction sets the engine's step is compiled for, chosen once per experiment.
//!
//! A default x86-64 build may assume only SSE2 (two doubles per vector), yet most x86-64
//! processors have AVX2 (four) and many AVX-512 (eight). The step is compiled once for each
//! (`experiment::step_runs`) and the widest the processor has is used, the pattern of
//! `playground-nn`'s `widest!`. It never changes a number: lanes hold the same IEEE
//! operations whatever their width, and no multiply-add is fused (that is a feature of its
//! own, not enabled, and Rust never fuses by itself). WebAssembly has one: simd128.

/// An instruction set the step is compiled for, one the processor has: made only by
/// [`Simd::widest`] and [`Simd::available`], which check, since calling code compiled for
/// it is sound only then (its field is private, so code outside the crate cannot name
/// one the processor lacks). Public for the benchmark, which times each
/// ([`crate::BanditExperiment::with_simd`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Simd(pub(crate) Width);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Width {
    /// The target's own: SSE2 on x86-64, simd128 in WebAssembly.
    Baseline,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Simd {
    /// The target's own, which every processor of the target has.
    pub const BASELINE: Simd = Simd(Width::Baseline);

    /// The widest this processor has.
    pub fn widest() -> Self {
        *Self::available().last().unwrap_or(&Simd::BASELINE)
    }

    /// Its name, with the doubles one vector holds.
    pub fn name(self) -> &'static str {
        match self.0 {
            #[cfg(target_arch = "x86_64")]
            Width::Baseline => "sse2 (2 doubles)",
            #[cfg(target_arch = "wasm32")]
            Width::Baseline => "simd128 (2 doubles)",
            #[cfg(not(any(target_arch = "x86_64", target_arch = "wasm32")))]
            Width::Baseline => "baseline",
            #[cfg(target_arch = "x86_64")]
            Width::Avx2 => "avx2 (4 doubles)",
            #[cfg(target_arch = "x86_64")]
            Width::Avx512 => "avx512 (8 doubles)",
        }
    }

    /// Every one this processor has, narrowest first.
    pub fn available() -> Vec<Self> {
        #[allow(unused_mut)]
        let mut all = vec![Simd::BASELINE];
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            if has!("avx2") {
                all.push(Simd(Width::Avx2));
            }
            if has!("avx512f") && has!("avx512dq") && has!("avx512vl") {
                all.push(Simd(Width::Avx512));
            }
        }
        all
    }
}
