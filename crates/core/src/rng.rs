//! Seeded, portable random numbers.
//!
//! The playground promises that the same Scenario and seed give bit-identical numbers in
//! the browser, the CLI and the tests. `rand`'s `StdRng` explicitly does not promise a
//! stable stream across versions, and `rand_distr` samples through the platform's `ln`
//! and `exp`. So this module is deliberately self-contained: xoshiro256++ for bits,
//! SplitMix64 to derive independent streams from (seed, path), and samplers written
//! against [`crate::math`].

use crate::math;

/// One step of SplitMix64: a good 64-bit mixer, used to seed and to derive streams.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One step of xoshiro256++ on the four words of a state: the next 64 bits. Words, not
/// an array, so that [`crate::lanes::RngLanes`] steps every lane's state, stored word by
/// word, with this same code.
#[inline(always)]
pub(crate) fn xoshiro(s0: &mut u64, s1: &mut u64, s2: &mut u64, s3: &mut u64) -> u64 {
    let result = s0.wrapping_add(*s3).rotate_left(23).wrapping_add(*s0);
    let t = *s1 << 17;
    *s2 ^= *s0;
    *s3 ^= *s1;
    *s1 ^= *s2;
    *s0 ^= *s3;
    *s2 ^= t;
    *s3 = s3.rotate_left(45);
    result
}

/// Standard normal draws from a generator (see [`Rng::normals`]).
pub struct Normals<'a> {
    tables: &'static crate::ziggurat::Tables,
    rng: &'a mut Rng,
}

impl std::fmt::Debug for Normals<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normals")
            .field("rng", &self.rng)
            .finish_non_exhaustive()
    }
}

impl Normals<'_> {
    #[inline]
    pub fn draw(&mut self) -> f64 {
        self.rng.normal_in(self.tables)
    }
}

/// A xoshiro256++ generator with the samplers the learners need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator seeded from one number.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Rng { s }
    }

    /// An independent stream for a path of indices under a seed, e.g. `(seed, [run, agent])`.
    ///
    /// Each run and learner owns its stream, so results never depend on the order in which
    /// runs are stepped or how steps are sliced between animation frames.
    pub fn stream(seed: u64, path: &[u64]) -> Self {
        let mut h = seed ^ 0x5851_F42D_4C95_7F2D;
        let mut acc = splitmix64(&mut h);
        for &p in path {
            let mut x = acc ^ p.wrapping_mul(0xD6E8_FEB8_6659_FD93);
            acc = splitmix64(&mut x);
        }
        Rng::new(acc)
    }

    /// The generator's state, and a generator from one: for [`crate::lanes::RngLanes`],
    /// which keeps many runs' states side by side.
    pub(crate) fn state(&self) -> [u64; 4] {
        self.s
    }

    pub(crate) fn from_state(s: [u64; 4]) -> Self {
        Rng { s }
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let [s0, s1, s2, s3] = &mut self.s;
        xoshiro(s0, s1, s2, s3)
    }

    /// Uniform on [0, 1), with 53 random bits.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        math::unit(self.next_u64())
    }

    /// Uniform on (0, 1): safe to take the logarithm of.
    pub fn uniform_open(&mut self) -> f64 {
        math::unit_open(self.next_u64())
    }

    /// Uniform integer in 0..n (Lemire's unbiased multiply-and-reject). `n` must be > 0.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Rng::below(0)");
        let n = n as u64;
        loop {
            let m = (self.next_u64() as u128) * (n as u128);
            let low = m as u64;
            // The rejection threshold (2⁶⁴ − n) mod n is below n, so a `low` of n or more
            // is accepted without working it out: a 64-bit division, needed in only about
            // n in 2⁶⁴ draws.
            if low >= n || low >= n.wrapping_neg() % n {
                return (m >> 64) as usize;
            }
        }
    }

    /// True with probability p.
    #[inline]
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Standard normal, by the ziggurat method (see `crate::ziggurat`).
    #[inline]
    pub fn normal(&mut self) -> f64 {
        crate::ziggurat::normal(|| self.next_u64())
    }

    /// [`Self::normal`] with the ziggurat's tables already at hand (see [`Normals`]).
    #[inline]
    fn normal_in(&mut self, t: &crate::ziggurat::Tables) -> f64 {
        crate::ziggurat::normal_in(t, || self.next_u64())
    }

    /// Standard normal draws for a loop: the same numbers as [`Self::normal`], with the
    /// ziggurat's tables looked up once instead of at every draw.
    #[inline]
    pub fn normals(&mut self) -> Normals<'_> {
        Normals {
            tables: crate::ziggurat::tables(),
            rng: self,
        }
    }

    /// Gamma(shape, 1), by Marsaglia and Tsang (2000); shape < 1 uses the boost Γ(a+1)·U^(1/a).
    pub fn gamma(&mut self, shape: f64) -> f64 {
        assert!(shape > 0.0, "gamma shape must be positive");
        if shape < 1.0 {
            let boost = math::pow(self.uniform_open(), 1.0 / shape);
            return self.gamma(shape + 1.0) * boost;
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform_open();
            if math::ln(u) < 0.5 * x * x + d - d * v + d * math::ln(v) {
                return d * v;
            }
        }
    }

    /// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a);
        let y = self.gamma(b);
        x / (x + y)
    }

    /// An index drawn with probability proportional to `weights` (non-negative, not all 0).
    pub fn categorical(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut u = self.uniform() * total;
        for (i, &w) in weights.iter().enumerate() {
            if u < w {
                return i;
            }
            u -= w;
        }
        // Rounding can leave u a hair above the last weight: return the last non-zero one.
        weights.iter().rposition(|&w| w > 0.0).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loop_of_normals_draws_what_normal_draws() {
        let (mut one, mut many) = (Rng::new(7), Rng::new(7));
        let mut z = many.normals();
        for _ in 0..100_000 {
            assert_eq!(one.normal().to_bits(), z.draw().to_bits());
        }
    }

    /// The first outputs of xoshiro256++ from the reference state {1, 2, 3, 4}
    /// (Blackman and Vigna's reference implementation).
    #[test]
    fn xoshiro_matches_the_reference_sequence() {
        let mut r = Rng { s: [1, 2, 3, 4] };
        let expected = [41943041u64, 58720359, 3588806011781223, 3591011842654386];
        for e in expected {
            assert_eq!(r.next_u64(), e);
        }
    }

    #[test]
    fn streams_are_distinct_and_reproducible() {
        let a: Vec<u64> = (0..4).map(|_| Rng::stream(7, &[0, 1]).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut seen = std::collections::HashSet::new();
        for run in 0..50 {
            for agent in 0..8 {
                assert!(seen.insert(Rng::stream(7, &[run, agent]).next_u64()));
            }
        }
        assert_ne!(
            Rng::stream(7, &[1, 0]).next_u64(),
            Rng::stream(7, &[0, 1]).next_u64()
        );
    }

    fn mean_var(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        (
            m,
            xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0),
        )
    }

    #[test]
    fn samplers_have_the_right_moments() {
        let mut r = Rng::new(1);
        let n = 200_000;
        // Standard errors: mean sd/√n; we allow 5 of them.
        let (m, v) = mean_var(&(0..n).map(|_| r.normal()).collect::<Vec<_>>());
        assert!(m.abs() < 5.0 / (n as f64).sqrt(), "normal mean {m}");
        assert!((v - 1.0).abs() < 0.02, "normal var {v}");
        for shape in [0.3, 1.0, 4.5] {
            let (m, v) = mean_var(&(0..n).map(|_| r.gamma(shape)).collect::<Vec<_>>());
            assert!(
                (m - shape).abs() < 5.0 * (shape / n as f64).sqrt(),
                "gamma({shape}) mean {m}"
            );
            assert!(
                (v - shape).abs() < 0.05 * shape.max(1.0),
                "gamma({shape}) var {v}"
            );
        }
        let (a, b) = (2.0, 5.0);
        let (m, _) = mean_var(&(0..n).map(|_| r.beta(a, b)).collect::<Vec<_>>());
        assert!((m - a / (a + b)).abs() < 0.002, "beta mean {m}");
    }

    #[test]
    fn below_and_categorical_are_unbiased() {
        let mut r = Rng::new(3);
        let mut counts = [0usize; 3];
        for _ in 0..90_000 {
            counts[r.below(3)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (c as f64 - 30_000.0).abs() < 600.0),
            "{counts:?}"
        );
        let mut counts = [0usize; 3];
        for _ in 0..100_000 {
            counts[r.categorical(&[0.2, 0.0, 0.8])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((counts[0] as f64 / 1e5 - 0.2).abs() < 0.01);
    }
}
