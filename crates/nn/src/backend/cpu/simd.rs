//! Running a kernel with the widest vector unit the processor has.
//!
//! A default x86_64 build may assume only SSE2 (128-bit vectors), yet nearly every x86_64
//! processor since 2013 has AVX2 (256-bit, integer operations included, which the bit
//! tricks of `fast_exp` need). [`widest!`] defines a function whose body is compiled
//! twice, once for SSE2 and once for AVX2, and picks at run time. It never changes a
//! result: fused multiply-add is a separate feature, not enabled (and Rust never fuses on
//! its own), so every lane rounds exactly as the scalar code would, and native and wasm32
//! stay bit-identical. Bodies must be loops the compiler can vectorise, with their helpers
//! `#[inline(always)]` so that they are compiled inside the AVX2 copy. (The matrix product
//! has its own dispatch, in `gemm`, because its kernel's shape changes with the width.)

/// `widest! { pub fn name<E: Element>(a: A, b: B) -> R { body } }`: see the module docs.
macro_rules! widest {
    ($(#[$meta:meta])* $vis:vis fn $name:ident<E: Element>($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$meta])*
        $vis fn $name<E: Element>($($arg: $ty),*) -> $ret {
            #[inline(always)]
            fn body<E: Element>($($arg: $ty),*) -> $ret $body

            #[cfg(all(target_arch = "x86_64", not(target_feature = "avx2")))]
            {
                #[target_feature(enable = "avx2")]
                fn avx2<E: Element>($($arg: $ty),*) -> $ret {
                    body($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx2") {
                    // Calling code compiled for AVX is sound only on a processor that has
                    // it, which was just checked.
                    #[allow(unsafe_code)]
                    // SAFETY: AVX2 support was detected on this processor.
                    return unsafe { avx2($($arg),*) };
                }
            }
            body($($arg),*)
        }
    };
}

pub(super) use widest;
