//! e^x for `f32`, portable bit for bit and fast enough to vectorise.
//!
//! Why not `libm::expf`, as everywhere else in the playground? Both are portable: what
//! breaks bit-reproducibility is calling the *platform's* maths library (`f32::exp`). But
//! `libm::expf` is table-driven scalar code that the compiler cannot vectorise, and a
//! transformer training step calls exp about a million times (softmax, cross-entropy,
//! GELU), which made it the largest cost after the matrix products. This version uses
//! only IEEE-754 basic operations (correctly rounded everywhere, never fused: Rust does
//! not contract a·b + c into an FMA), integer bit manipulation and comparisons, so it
//! gives the same bits on x86_64, aarch64 and wasm32, and its loops vectorise.
//!
//! Method: e^x = 2^n · e^r with n = round(x / ln 2) and r = x − n·ln 2 (ln 2 split in
//! two parts, Cody–Waite, so n·ln2_hi is exact), |r| ≤ ln 2 / 2; e^r from its Taylor
//! series to degree 7 (truncation error below 6e-9, a tenth of an f32 ulp); 2^n applied as
//! two exact power-of-two factors so that results down to the subnormal range are right.
//! The unit tests compare it with `libm::exp` in f64 over the whole range: at most 2 ulp.

/// ln 2 with its low 12 mantissa bits cleared, so n · LN2_HI is exact for |n| < 2^12.
const LN2_HI: f32 = 0.693_145_75;
/// ln 2 − LN2_HI.
const LN2_LO: f32 = 1.428_606_8e-6;
const LOG2_E: f32 = std::f32::consts::LOG2_E;
/// 1.5 · 2^23: adding and subtracting it rounds an f32 of magnitude < 2^22 to an integer
/// (round-to-nearest-even, the default rounding mode on every target).
const ROUND: f32 = 12_582_912.0;
/// Above this e^x overflows to +∞; below `UNDERFLOW` it is 0 (smaller than half the
/// smallest subnormal).
const OVERFLOW: f32 = 88.722_84;
const UNDERFLOW: f32 = -103.972_08;

/// 2^k for an integer k in [−126, 127], built from its bits.
#[inline(always)]
fn pow2(k: i32) -> f32 {
    f32::from_bits(((k + 127) as u32) << 23)
}

/// e^x. NaN gives NaN, −∞ gives 0, +∞ gives +∞. Branch-free, so loops over it vectorise.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    // NaN passes through every step below and comes out as NaN.
    let xc = x.clamp(UNDERFLOW, OVERFLOW);
    let t = xc * LOG2_E + ROUND;
    let n = t - ROUND;
    // The integer n, read from t's low mantissa bits (exact for |n| < 2^22).
    let k = t.to_bits() as i32 - ROUND.to_bits() as i32;
    let r = (xc - n * LN2_HI) - n * LN2_LO;
    // Taylor series of e^r in Horner form.
    let mut p = 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // 2^n as two factors, each within the normal range (n is in [−150, 128]).
    let half = k >> 1;
    let y = p * pow2(half) * pow2(k - half);
    let y = if x > OVERFLOW { f32::INFINITY } else { y };
    if x < UNDERFLOW { 0.0 } else { y }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units in the last place between an f32 and the exact value.
    fn ulps(got: f32, exact: f64) -> f64 {
        let e = exact as f32;
        let ulp = (f32::from_bits(e.to_bits() + 1) - e).abs() as f64;
        (got as f64 - exact).abs() / ulp.max(f64::from(f32::from_bits(1)))
    }

    #[test]
    fn within_two_ulp_of_the_exact_value_everywhere() {
        let mut worst = 0.0f64;
        let mut x = -103.0f32;
        while x < 88.7 {
            let err = ulps(exp(x), libm::exp(x as f64));
            assert!(
                err <= 2.0,
                "exp({x}) = {}, exact {}",
                exp(x),
                libm::exp(x as f64)
            );
            worst = worst.max(err);
            x += 0.000_37 * x.abs().max(1.0);
        }
        assert!(worst > 0.0, "suspiciously exact");
    }

    #[test]
    fn special_values() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp(-200.0), 0.0);
        assert_eq!(exp(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp(89.0), f32::INFINITY);
        assert!(exp(f32::NAN).is_nan());
        assert!(exp(-100.0) > 0.0, "subnormal results survive");
        assert_eq!(exp(1.0), std::f32::consts::E);
    }
}
