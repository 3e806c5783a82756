//! Standard normal draws by the ziggurat method (Marsaglia & Tsang, 2000), with 256 layers.
//!
//! The density's area is cut into 256 horizontal layers of equal area: a base layer that
//! includes the tail beyond r, and 255 rectangles stacked above it. A draw picks a layer
//! and a point in it; about 99% of draws land in the part of a rectangle that lies wholly
//! under the curve and are accepted with one random word and two table lookups — several
//! times faster than the polar method, which needs a logarithm and a square root. Layer,
//! sign and position come from disjoint bits of one 64-bit word (Doornik, 2005, showed
//! that sharing bits between them biases the output). Tables are computed once, through
//! `crate::math`, so they are bit-identical on every platform.

use std::sync::OnceLock;

use crate::math;

const LAYERS: usize = 256;
/// Where the tail starts, and the area of each layer under f(x) = e^(−x²/2), for 256
/// layers (Marsaglia & Tsang 2000, table 1).
const R: f64 = 3.654_152_885_361_009;
const V: f64 = 4.928_673_233_992_336e-3;

pub(crate) struct Tables {
    /// x[0] is the base layer's width V / f(R); x[1] = R; x[i] decreases to x[256] = 0.
    x: [f64; LAYERS + 1],
    /// f(x[i]).
    f: [f64; LAYERS + 1],
    /// The slope of layer i's chord, (f[i+1] − f[i]) / (x[i] − x[i+1]) (see [`under_curve`]).
    slope: [f64; LAYERS],
}

fn f(x: f64) -> f64 {
    math::exp(-0.5 * x * x)
}

pub(crate) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut x = [0.0; LAYERS + 1];
        x[0] = V / f(R);
        x[1] = R;
        for i in 1..LAYERS - 1 {
            // The next layer up has the same area V: x[i]·(f(x[i+1]) − f(x[i])) = V.
            x[i + 1] = (-2.0 * math::ln(V / x[i] + f(x[i]))).sqrt();
        }
        x[LAYERS] = 0.0;
        let mut fx = [0.0; LAYERS + 1];
        for (out, &xi) in fx.iter_mut().zip(&x) {
            *out = f(xi);
        }
        let slope = std::array::from_fn(|i| (fx[i + 1] - fx[i]) / (x[i] - x[i + 1]));
        Tables { x, f: fx, slope }
    })
}

/// One standard normal draw from a source of 64-bit words. The common case (a point in
/// a rectangle's core) is inlined into the caller; the rest is out of line.
#[inline]
pub fn normal(next_u64: impl FnMut() -> u64) -> f64 {
    normal_in(tables(), next_u64)
}

/// [`normal`] with the tables already at hand: a loop of draws looks them up once.
#[inline]
pub(crate) fn normal_in(t: &Tables, mut next_u64: impl FnMut() -> u64) -> f64 {
    let bits = next_u64();
    let (x, done) = first_try(t, bits, math::unit(bits));
    if done {
        return x;
    }
    normal_slow(bits, &mut next_u64)
}

/// The common case of a draw from the random word `bits` (`unit`: [`math::unit`] of it):
/// the point it picks, signed, and whether it lies in a rectangle's core (then it is the
/// draw; otherwise the draw goes on in [`normal_slow`] with the same word). Branch-free,
/// so a loop over many generators' words vectorises (`crate::lanes`).
#[inline(always)]
pub(crate) fn first_try(t: &Tables, bits: u64, unit: f64) -> (f64, bool) {
    let i = (bits & 0xFF) as usize;
    let x = unit * t.x[i];
    // Bit 8 is the sign: moved to bit 63 it negates x without a branch (a coin flip is
    // the worst case for a branch predictor).
    let signed = f64::from_bits(x.to_bits() ^ ((bits & 0x100) << 55));
    (signed, x < t.x[i + 1])
}

/// A draw that missed the rectangle cores: the base layer's tail, or a wedge under the
/// curve; `bits` is the word the draw started with.
#[cold]
#[inline(never)]
pub(crate) fn normal_slow(mut bits: u64, next_u64: &mut impl FnMut() -> u64) -> f64 {
    let t = tables();
    loop {
        let i = (bits & 0xFF) as usize;
        let sign = if bits & 0x100 == 0 { 1.0 } else { -1.0 };
        let x = math::unit(bits) * t.x[i];
        if x < t.x[i + 1] {
            return sign * x;
        }
        if i == 0 {
            return sign * tail(next_u64);
        }
        let y = t.f[i] + uniform(next_u64) * (t.f[i + 1] - t.f[i]);
        if under_curve(t, i, x, y) {
            return sign * x;
        }
        bits = next_u64();
    }
}

/// Whether the point (x, y) of layer i's wedge lies under the curve: y < f(x), exactly as
/// that comparison decides, but settled without the exponential when a chord or tangent
/// of the curve already does. The wedge spans x[i+1] ≤ x < x[i]; there f is convex beyond
/// 1 (the chord through the wedge's corners lies above it, the tangent at x[i] below) and
/// concave within 1 (the other way round). The margin is far wider than the rounding of
/// either bound or of f(x), so every point it settles falls the same way as the
/// comparison (tested below): the draws do not change, and about nine in ten wedge points
/// skip the exponential (a fifth of Thompson sampling's time, with ten draws a step).
fn under_curve(t: &Tables, i: usize, x: f64, y: f64) -> bool {
    const MARGIN: f64 = 1e-12;
    let (a, b, fb) = (t.x[i + 1], t.x[i], t.f[i]);
    let chord = fb + t.slope[i] * (b - x);
    let tangent = fb * (1.0 + b * (b - x));
    let (below, above) = if a >= 1.0 {
        (tangent, chord)
    } else if b <= 1.0 {
        (chord, tangent)
    } else {
        return y < f(x);
    };
    if y < below - MARGIN {
        true
    } else if y > above + MARGIN {
        false
    } else {
        y < f(x)
    }
}

/// Beyond R: Marsaglia's (1964) exact method for the normal tail.
fn tail(next_u64: &mut impl FnMut() -> u64) -> f64 {
    loop {
        let a = -math::ln(uniform_open(next_u64)) / R;
        let b = -math::ln(uniform_open(next_u64));
        if 2.0 * b > a * a {
            return R + a;
        }
    }
}

fn uniform(next_u64: &mut impl FnMut() -> u64) -> f64 {
    math::unit(next_u64())
}

fn uniform_open(next_u64: &mut impl FnMut() -> u64) -> f64 {
    math::unit_open(next_u64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layers_close_at_the_top() {
        // The topmost rectangle [0, x₂₅₅] × [f(x₂₅₅), 1] must also have area V.
        let t = tables();
        let top = t.x[LAYERS - 1] * (1.0 - t.f[LAYERS - 1]);
        assert!((top - V).abs() < 1e-9, "top layer area {top} vs {V}");
        assert!(t.x.windows(2).skip(1).all(|w| w[0] > w[1]));
    }

    #[test]
    fn the_squeeze_decides_as_the_curve_does() {
        let t = tables();
        let mut rng = crate::rng::Rng::new(5);
        let mut settled = 0;
        let mut points = 0;
        for i in 1..LAYERS - 1 {
            let (a, b) = (t.x[i + 1], t.x[i]);
            let (fa, fb) = (t.f[i + 1], t.f[i]);
            for k in 0..2000 {
                let x = a + rng.uniform() * (b - a);
                // Uniform points of the wedge, and points within a few ulps of the curve.
                let y = if k % 2 == 0 {
                    fb + rng.uniform() * (fa - fb)
                } else {
                    let fx = f(x).to_bits() as i64 + (k % 9) as i64 - 4;
                    f64::from_bits(fx as u64)
                };
                assert_eq!(under_curve(t, i, x, y), y < f(x), "layer {i}, x {x}, y {y}");
                points += 1;
                settled += usize::from(k % 2 == 0 && (y - f(x)).abs() > 1e-9);
            }
        }
        assert!(settled > points / 3, "{settled} of {points}");
    }

    #[test]
    fn draws_follow_the_normal_distribution() {
        let mut rng = crate::rng::Rng::new(11);
        let n = 400_000;
        let mut xs: Vec<f64> = (0..n).map(|_| normal(|| rng.next_u64())).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "variance {var}");
        // Kolmogorov–Smirnov distance to Φ; the 0.1% critical value is 1.95/√n ≈ 0.0031.
        xs.sort_by(f64::total_cmp);
        let d = xs
            .iter()
            .enumerate()
            .map(|(k, &x)| {
                let c = math::normal_cdf(x);
                (c - k as f64 / n as f64)
                    .abs()
                    .max(((k + 1) as f64 / n as f64 - c).abs())
            })
            .fold(0.0, f64::max);
        assert!(d < 1.95 / (n as f64).sqrt(), "KS distance {d}");
        // The tail beyond R is reached, and with the right frequency 2(1 − Φ(R)) ≈ 2.6e-4.
        let beyond = xs.iter().filter(|x| x.abs() > R).count() as f64 / n as f64;
        let want = 2.0 * (1.0 - math::normal_cdf(R));
        assert!(
            (beyond - want).abs() < 5.0 * (want / n as f64).sqrt(),
            "tail {beyond} vs {want}"
        );
    }
}
