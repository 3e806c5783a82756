//! Portable floating-point functions.
//!
//! `f64::exp`, `f64::ln` and friends call the platform's maths library, which may differ
//! in the last bit between glibc (native) and the compiler's builtins (wasm32). A single
//! bit is enough to make a seeded run diverge after a few thousand steps, so every
//! transcendental function in the playground goes through this module, which uses the
//! pure-Rust `libm` crate on every target. `sqrt` and the four basic operations are
//! correctly rounded by IEEE 754 everywhere, so `f64::sqrt` is safe to use directly.

/// A count (or any integer below 2⁶³) as a float: the same value as `n as f64`, by way
/// of a signed conversion. x86-64 without AVX-512 and WebAssembly engines convert signed
/// integers in one instruction but unsigned ones in a sequence of several with a branch,
/// and the bandit engine converts counts and random bits in every step.
#[inline(always)]
pub fn count(n: u64) -> f64 {
    debug_assert!(n < 1 << 63, "count({n}) is not below 2⁶³");
    n as i64 as f64
}

/// Uniform on [0, 1) from the top 53 of 64 random bits.
#[inline(always)]
pub fn unit(bits: u64) -> f64 {
    count(bits >> 11) * (1.0 / (1u64 << 53) as f64)
}

/// [`unit()`], worked out so that a loop over many words vectorises. SIMD instruction sets
/// before AVX-512 (and WebAssembly's simd128) cannot convert 64-bit integers to floats,
/// but they can build a float from its bits: each half of the 53 bits becomes exactly
/// (2⁵² + half) − 2⁵², and the halves' sum is exact too, so the result is bit for bit
/// [`unit()`]'s.
#[inline(always)]
pub fn unit_wide(bits: u64) -> f64 {
    const TWO_52: f64 = (1u64 << 52) as f64;
    let x = bits >> 11;
    let high = f64::from_bits(TWO_52.to_bits() | (x >> 32)) - TWO_52;
    let low = f64::from_bits(TWO_52.to_bits() | (x & 0xFFFF_FFFF)) - TWO_52;
    (high * (1u64 << 32) as f64 + low) * (1.0 / (1u64 << 53) as f64)
}

/// Uniform on (0, 1) from the top 53 of 64 random bits: safe to take the logarithm of.
#[inline(always)]
pub fn unit_open(bits: u64) -> f64 {
    (count(bits >> 11) + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// e^x.
#[inline]
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// Natural logarithm.
#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// ln(1 + x), accurate for small x.
#[inline]
pub fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// x^y.
#[inline]
pub fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// Natural logarithm of |Γ(x)|.
#[inline]
pub fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// The digamma function ψ(x) = d/dx ln Γ(x), for x > 0 (NaN otherwise).
///
/// The recurrence ψ(x) = ψ(x + 1) − 1/x lifts x to at least 10, where the asymptotic
/// series ln x − 1/(2x) − Σ B₂ₖ/(2k·x²ᵏ) with six terms is accurate to about 1e-15 (the
/// first term left out is below 1e-15 there).
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 || x.is_infinite() {
        return f64::NAN;
    }
    let mut x = x;
    let mut shift = 0.0;
    while x < 10.0 {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let inv2 = 1.0 / (x * x);
    // B₂/2, B₄/4, …, B₁₂/12 (Bernoulli numbers), in Horner form in 1/x².
    let series = inv2
        * (1.0 / 12.0
            - inv2
                * (1.0 / 120.0
                    - inv2
                        * (1.0 / 252.0
                            - inv2
                                * (1.0 / 240.0 - inv2 * (1.0 / 132.0 - inv2 * 691.0 / 32760.0)))));
    shift + ln(x) - 0.5 / x - series
}

/// The error function.
#[inline]
pub fn erf(x: f64) -> f64 {
    libm::erf(x)
}

/// Cosine (used by nothing random, only by figures and tests).
#[inline]
pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// Logistic sigmoid σ(z) = 1 / (1 + e^(−z)), evaluated without overflow.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + exp(-z))
    } else {
        let e = exp(z);
        e / (1.0 + e)
    }
}

/// ln σ(z) = −ln(1 + e^(−z)), without overflow or loss of precision for large |z|.
pub fn log_sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        -ln_1p(exp(-z))
    } else {
        z - ln_1p(exp(z))
    }
}

/// Softmax e^(x_i) / Σ_j e^(x_j), shifted by the maximum for stability.
pub fn softmax(x: &[f64]) -> Vec<f64> {
    let mut p = vec![0.0; x.len()];
    softmax_into(x, &mut p);
    p
}

/// [`softmax`] written into `out` (per-step updates: no allocation).
pub fn softmax_into(x: &[f64], out: &mut [f64]) {
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    for (o, &v) in out.iter_mut().zip(x) {
        *o = exp(v - max);
    }
    let z: f64 = out.iter().sum();
    for o in out.iter_mut() {
        *o /= z;
    }
}

/// ln Σ e^(x_i), stable for large inputs. Empty input gives −∞.
pub fn log_sum_exp(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return max;
    }
    max + ln(xs.iter().map(|x| exp(x - max)).sum::<f64>())
}

/// Standard normal density φ(x).
pub fn normal_pdf(x: f64) -> f64 {
    exp(-0.5 * x * x) / (2.0 * std::f64::consts::PI).sqrt()
}

/// Standard normal distribution function Φ(x).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * (1.0 + erf(x / std::f64::consts::SQRT_2))
}

/// Bernoulli Kullback–Leibler divergence KL(Ber(p) ‖ Ber(q)), with the 0·ln 0 = 0 convention.
pub fn bernoulli_kl(p: f64, q: f64) -> f64 {
    let term = |a: f64, b: f64| if a <= 0.0 { 0.0 } else { a * ln(a / b) };
    term(p, q) + term(1.0 - p, 1.0 - q)
}

/// The two-sided 95% normal quantile, z₀.₉₇₅.
pub const Z95: f64 = 1.959_963_984_540_054;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signed_and_wide_conversions_give_the_unsigned_ones_values() {
        let mut bits = 0x9E37_79B9_7F4A_7C15u64;
        let edges = [0, 1, (1 << 53) - 1, 1 << 53, (1 << 53) + 1, (1 << 63) - 1];
        for n in edges.into_iter().chain((0..10_000).map(|_| {
            bits = bits.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            bits >> 1
        })) {
            assert_eq!(count(n).to_bits(), (n as f64).to_bits(), "count({n})");
            let top = (n << 1) >> 11;
            let unsigned = top as f64 * (1.0 / (1u64 << 53) as f64);
            assert_eq!(unit(n << 1).to_bits(), unsigned.to_bits(), "unit({n})");
            for word in [n, n << 1, !n] {
                assert_eq!(unit_wide(word).to_bits(), unit(word).to_bits(), "{word:#x}");
            }
            let open = (top as f64 + 0.5) * (1.0 / (1u64 << 53) as f64);
            assert_eq!(
                unit_open(n << 1).to_bits(),
                open.to_bits(),
                "unit_open({n})"
            );
        }
    }

    #[test]
    fn log_sigmoid_is_ln_of_sigmoid_and_exact_in_the_tails() {
        for z in [-30.0, -3.0, -0.5, 0.0, 0.5, 3.0, 30.0] {
            assert!((log_sigmoid(z) - ln(sigmoid(z))).abs() < 1e-14, "{z}");
        }
        // ln σ(z) → z as z → −∞ (ln of an underflowed σ would be −∞), and ≈ −e^(−z) as
        // z → +∞ (ln of a σ rounded to 1 would be 0).
        assert_eq!(log_sigmoid(-800.0), -800.0);
        assert!((log_sigmoid(40.0) + exp(-40.0)).abs() < 1e-30);
    }

    #[test]
    fn sigmoid_is_symmetric_and_finite_at_extremes() {
        for z in [-800.0, -30.0, -1.0, 0.0, 0.5, 30.0, 800.0] {
            let s = sigmoid(z);
            assert!(s.is_finite());
            assert!((s + sigmoid(-z) - 1.0).abs() < 1e-15);
        }
        assert_eq!(sigmoid(0.0), 0.5);
    }

    #[test]
    fn log_sum_exp_matches_direct_sum_and_survives_overflow() {
        let xs = [0.1, -2.0, 3.0];
        let direct = ln(xs.iter().map(|&x| exp(x)).sum());
        assert!((log_sum_exp(&xs) - direct).abs() < 1e-14);
        assert!((log_sum_exp(&[1000.0, 1000.0]) - (1000.0 + ln(2.0))).abs() < 1e-12);
        assert_eq!(log_sum_exp(&[]), f64::NEG_INFINITY);
    }

    #[test]
    fn normal_cdf_matches_published_values() {
        // Abramowitz & Stegun table 26.1.
        assert!((normal_cdf(1.0) - 0.841_344_746_068_543).abs() < 1e-14);
        assert!((normal_cdf(Z95) - 0.975).abs() < 1e-12);
    }

    #[test]
    fn digamma_matches_known_values_and_its_recurrence() {
        // ψ(1) = −γ (Euler–Mascheroni), ψ(1/2) = −γ − 2 ln 2, ψ(2) = 1 − γ.
        let euler = 0.577_215_664_901_532_9;
        assert!((digamma(1.0) + euler).abs() < 1e-14);
        assert!((digamma(0.5) + euler + 2.0 * 2f64.ln()).abs() < 1e-14);
        assert!((digamma(2.0) - (1.0 - euler)).abs() < 1e-14);
        for x in [0.01, 0.3, 1.7, 5.5, 6.0, 42.0, 1e6] {
            assert!((digamma(x + 1.0) - digamma(x) - 1.0 / x).abs() < 1e-12 * (1.0 + 1.0 / x));
        }
        // It is the derivative of ln Γ: a central difference agrees.
        for x in [0.7, 3.0, 20.0] {
            let h = 1e-5;
            let fd = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
            assert!((digamma(x) - fd).abs() < 1e-8, "ψ({x})");
        }
        assert!(digamma(0.0).is_nan() && digamma(-1.0).is_nan());
    }

    #[test]
    fn bernoulli_kl_is_zero_only_on_the_diagonal() {
        assert_eq!(bernoulli_kl(0.3, 0.3), 0.0);
        assert!(bernoulli_kl(0.9, 0.8) > 0.0);
        // KL(0.9‖0.8) = 0.9 ln(9/8) + 0.1 ln(1/2).
        let exact = 0.9 * (9.0f64 / 8.0).ln() + 0.1 * 0.5f64.ln();
        assert!((bernoulli_kl(0.9, 0.8) - exact).abs() < 1e-15);
        assert!((bernoulli_kl(1.0, 0.5) - 2.0f64.ln()).abs() < 1e-15);
    }
}
