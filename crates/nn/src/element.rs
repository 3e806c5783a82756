//! The numbers the CPU backend computes with: `f32` (the real thing) and `f64` (the
//! reference that finite-difference gradient checks need).
//!
//! Every transcendental function goes through portable pure-Rust code, never through
//! `f32::exp` and friends: those call the platform's maths library, which may differ in the
//! last bit between native builds and wasm32, and one bit is enough to make a seeded
//! training run diverge (see `playground_core::math`). That code is the `libm` crate,
//! except `exp` in f32, the hot one, which is [`crate::fast_exp`] (portable too, and
//! vectorisable). `sqrt` and the four basic operations
//! are correctly rounded by IEEE 754 everywhere, so they are used directly. Rust never
//! fuses a multiply and an add on its own (no fast-math), so plain arithmetic is portable.

use std::cell::RefCell;
use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};

use crate::backend::cpu::buffer::VecPool;

/// A floating-point element type of the CPU backend.
pub trait Element:
    Copy
    + Default
    + Debug
    + PartialOrd
    + Send
    + Sync
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    const NEG_INFINITY: Self;
    /// "f32" or "f64", for backend names and messages.
    const NAME: &'static str;

    fn from_f32(x: f32) -> Self;
    fn to_f32(self) -> f32;
    fn from_f64(x: f64) -> Self;
    fn to_f64(self) -> f64;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    /// ln(1 + x), accurate for small x.
    fn ln_1p(self) -> Self;
    fn tanh(self) -> Self;
    fn sqrt(self) -> Self;
    fn max(self, other: Self) -> Self;
    fn is_finite(self) -> bool;

    fn from_usize(n: usize) -> Self {
        Self::from_f64(n as f64)
    }

    /// An empty vector with room for `len` elements, from this thread's pool of freed CPU
    /// buffers (see `backend::cpu::buffer`).
    #[doc(hidden)]
    fn pool_take(len: usize) -> Vec<Self>;
    /// Give a vector's memory back to this thread's pool.
    #[doc(hidden)]
    fn pool_give(v: Vec<Self>);
}

macro_rules! element {
    ($t:ty, $name:literal, $pool:ident, $exp:path, $ln:path, $ln_1p:path, $tanh:path) => {
        thread_local! {
            static $pool: RefCell<VecPool<$t>> = RefCell::new(VecPool::default());
        }

        impl Element for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const NEG_INFINITY: Self = <$t>::NEG_INFINITY;
            const NAME: &'static str = $name;

            #[inline]
            fn from_f32(x: f32) -> Self {
                x as $t
            }
            #[inline]
            fn to_f32(self) -> f32 {
                self as f32
            }
            #[inline]
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            #[inline]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline]
            fn exp(self) -> Self {
                $exp(self)
            }
            #[inline]
            fn ln(self) -> Self {
                $ln(self)
            }
            #[inline]
            fn ln_1p(self) -> Self {
                $ln_1p(self)
            }
            #[inline]
            fn tanh(self) -> Self {
                $tanh(self)
            }
            #[inline]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline]
            fn max(self, other: Self) -> Self {
                <$t>::max(self, other)
            }
            #[inline]
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
            fn pool_take(len: usize) -> Vec<Self> {
                // During thread teardown the pool may be gone: then allocate as usual.
                $pool
                    .try_with(|p| p.borrow_mut().take(len))
                    .unwrap_or_else(|_| Vec::with_capacity(len))
            }
            fn pool_give(v: Vec<Self>) {
                let _ = $pool.try_with(|p| p.borrow_mut().give(v));
            }
        }
    };
}

element!(
    f32,
    "f32",
    POOL_F32,
    crate::fast_exp::exp,
    libm::logf,
    libm::log1pf,
    libm::tanhf
);
element!(
    f64,
    "f64",
    POOL_F64,
    libm::exp,
    libm::log,
    libm::log1p,
    libm::tanh
);

/// Σ xs in a fixed order: eight interleaved partial sums (so the loop vectorises without
/// reassociation), combined pairwise, then the tail. Every reduction of the CPU backend
/// uses this, so results do not depend on the platform.
#[inline]
pub fn sum<E: Element>(xs: &[E]) -> E {
    let (chunks, tail) = xs.as_chunks::<8>();
    let mut acc = [E::ZERO; 8];
    for c in chunks {
        for i in 0..8 {
            acc[i] = acc[i] + c[i];
        }
    }
    let pairs = [
        acc[0] + acc[4],
        acc[1] + acc[5],
        acc[2] + acc[6],
        acc[3] + acc[7],
    ];
    let mut s = (pairs[0] + pairs[2]) + (pairs[1] + pairs[3]);
    for &x in tail {
        s = s + x;
    }
    s
}

/// Σ f(x_i) in the same fixed order as [`sum`].
#[inline]
pub fn sum_map<E: Element>(xs: &[E], f: impl Fn(E) -> E) -> E {
    let (chunks, tail) = xs.as_chunks::<8>();
    let mut acc = [E::ZERO; 8];
    for c in chunks {
        for i in 0..8 {
            acc[i] = acc[i] + f(c[i]);
        }
    }
    let pairs = [
        acc[0] + acc[4],
        acc[1] + acc[5],
        acc[2] + acc[6],
        acc[3] + acc[7],
    ];
    let mut s = (pairs[0] + pairs[2]) + (pairs[1] + pairs[3]);
    for &x in tail {
        s = s + f(x);
    }
    s
}

/// Σ a_i·b_i in the same fixed order as [`sum`].
#[inline]
pub fn dot<E: Element>(a: &[E], b: &[E]) -> E {
    debug_assert_eq!(a.len(), b.len());
    let (ac, at) = a.as_chunks::<8>();
    let (bc, bt) = b.as_chunks::<8>();
    let mut acc = [E::ZERO; 8];
    for (x, y) in ac.iter().zip(bc) {
        for i in 0..8 {
            acc[i] = acc[i] + x[i] * y[i];
        }
    }
    let pairs = [
        acc[0] + acc[4],
        acc[1] + acc[5],
        acc[2] + acc[6],
        acc[3] + acc[7],
    ];
    let mut s = (pairs[0] + pairs[2]) + (pairs[1] + pairs[3]);
    for (&x, &y) in at.iter().zip(bt) {
        s = s + x * y;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_order_sums_agree_with_exact_integer_sums() {
        // Small integers are exact in f32, so every order gives the same answer.
        for n in [0usize, 1, 7, 8, 9, 31, 100] {
            let xs: Vec<f32> = (0..n).map(|i| (i % 13) as f32).collect();
            let want: f32 = xs.iter().sum();
            assert_eq!(sum(&xs), want);
            assert_eq!(sum_map(&xs, |x| 2.0 * x), 2.0 * want);
            assert_eq!(dot(&xs, &xs), xs.iter().map(|x| x * x).sum::<f32>());
        }
    }

    #[test]
    fn libm_functions_match_std_closely() {
        for x in [-3.0f64, -0.5, 0.0, 0.25, 2.0] {
            assert!((Element::exp(x) - x.exp()).abs() < 1e-14);
            assert!((Element::tanh(x) - x.tanh()).abs() < 1e-15);
            assert!((Element::exp(x as f32) - (x as f32).exp()).abs() < 1e-5 * x.exp() as f32);
        }
        assert_eq!(Element::ln(1.0f32), 0.0);
    }
}
