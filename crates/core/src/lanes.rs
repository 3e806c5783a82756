//! A block of runs' random generators side by side, for engines that step the runs of a
//! block together (the bandit engine's groups, `playground-bandit`).
//!
//! Every run keeps its own xoshiro256++ stream, drawn exactly as [`Rng`] draws it, so a
//! run's numbers never depend on which runs are stepped with it. The states are stored
//! as a structure of arrays (word j of every run's state side by side): drawing a word
//! for every run is then one loop of 64-bit adds, shifts and xors over arrays, which the
//! compiler turns into SIMD instructions — WebAssembly's simd128 in the browser, SSE2,
//! AVX2 or AVX-512 natively. Integer and IEEE operations give the same bits in every lane on every
//! platform, so the numbers stay bit-identical between native and wasm builds.
//!
//! A run whose draw needs more (the ziggurat's rare slow path, a tie to break) takes its
//! generator out of the block for a moment ([`RngLanes::with_lane`]), draws on as [`Rng`]
//! does, and puts it back.

// Lane loops index several arrays by lane: `for l in 0..LANES` says so more plainly
// than an iterator over one of them zipped with the others.
#![allow(clippy::needless_range_loop)]

use crate::rng::{self, Rng};
use crate::{math, ziggurat};

/// Runs stepped together: one block of [`crate::split`], so a block's sums stay in run
/// order whichever worker steps it.
pub const LANES: usize = crate::split::BLOCK;

/// One value per run of a block.
pub type Lanes<T> = [T; LANES];

/// Lanes stepped together by a loop that carries values from row to row (an argmax over a
/// table's rows): few enough that those values stay in registers — one AVX-512 or four
/// simd128 vectors per array. A whole block at once kept them in memory in WebAssembly
/// (its sixteen vector registers hold one block-wide array of doubles, and an argmax
/// carries two), and the engine's ε-greedy and UCB ran 15% and 17% slower there.
pub const CHUNK: usize = 8;

/// A block's lanes, a [`CHUNK`] at a time.
pub const CHUNKS: usize = LANES / CHUNK;
const _: () = assert!(LANES.is_multiple_of(CHUNK));

/// Chunk `c` of a block's lanes.
#[inline(always)]
pub fn chunk<T>(lanes: &Lanes<T>, c: usize) -> &[T; CHUNK] {
    lanes[c * CHUNK..(c + 1) * CHUNK].try_into().unwrap()
}

#[inline(always)]
pub fn chunk_mut<T>(lanes: &mut Lanes<T>, c: usize) -> &mut [T; CHUNK] {
    (&mut lanes[c * CHUNK..(c + 1) * CHUNK]).try_into().unwrap()
}

// A lane mask is one bit per lane in a u64.
const _: () = assert!(LANES <= 64);

/// A block's generators, one per lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RngLanes {
    s: [Lanes<u64>; 4],
}

impl RngLanes {
    /// The generators of a block's lanes, in lane order (exactly [`LANES`] of them).
    pub fn new(rngs: impl IntoIterator<Item = Rng>) -> Self {
        let mut lanes = RngLanes { s: [[0; LANES]; 4] };
        let mut count = 0;
        for (l, rng) in rngs.into_iter().enumerate() {
            lanes.set_lane(l, &rng);
            count += 1;
        }
        assert_eq!(count, LANES, "RngLanes::new needs one generator per lane");
        lanes
    }

    /// Lane `l`'s generator as it is now.
    #[inline(always)]
    pub fn lane(&self, l: usize) -> Rng {
        // Not `self.s.map(…)`: that copies all four arrays (a kilobyte) for four words.
        Rng::from_state(std::array::from_fn(|j| self.s[j][l]))
    }

    #[inline(always)]
    pub fn set_lane(&mut self, l: usize, rng: &Rng) {
        for (word, value) in self.s.iter_mut().zip(rng.state()) {
            word[l] = value;
        }
    }

    /// Draw from lane `l`'s generator as from an [`Rng`].
    #[inline(always)]
    pub fn with_lane<T>(&mut self, l: usize, draw: impl FnOnce(&mut Rng) -> T) -> T {
        let mut rng = self.lane(l);
        let out = draw(&mut rng);
        self.set_lane(l, &rng);
        out
    }

    /// The next 64 random bits of every lane ([`Rng::next_u64`], lane by lane).
    #[inline(always)]
    pub fn next_u64(&mut self, out: &mut Lanes<u64>) {
        let [s0, s1, s2, s3] = &mut self.s;
        for l in 0..LANES {
            out[l] = rng::xoshiro(&mut s0[l], &mut s1[l], &mut s2[l], &mut s3[l]);
        }
    }

    /// A uniform draw on [0, 1) in every lane ([`Rng::uniform`]).
    #[inline(always)]
    pub fn uniforms(&mut self, out: &mut Lanes<f64>) {
        let mut bits = [0; LANES];
        self.next_u64(&mut bits);
        for l in 0..LANES {
            out[l] = math::unit_wide(bits[l]);
        }
    }

    /// A standard normal draw in every lane ([`Rng::normal`]): the ziggurat's common case
    /// for all lanes at once, then its slow path for the few lanes (about 1 in 80) whose
    /// point missed a rectangle's core.
    #[inline(always)]
    pub fn normals(&mut self, out: &mut Lanes<f64>) {
        let t = ziggurat::tables();
        let mut bits = [0; LANES];
        self.next_u64(&mut bits);
        let mut missed = 0u64;
        for l in 0..LANES {
            let (x, done) = ziggurat::first_try(t, bits[l], math::unit_wide(bits[l]));
            out[l] = x;
            missed |= u64::from(!done) << l;
        }
        for l in set_bits(missed) {
            out[l] = self.with_lane(l, |rng| {
                ziggurat::normal_slow(bits[l], &mut || rng.next_u64())
            });
        }
    }
}

/// `f` of every lane's value, in a loop of its own. (Not the array's own `map`: that one
/// was left out of line, compiled without the SIMD extensions of the step calling it.)
#[inline(always)]
pub fn map(xs: &Lanes<f64>, f: impl Fn(f64) -> f64) -> Lanes<f64> {
    let mut out = [0.0; LANES];
    for l in 0..LANES {
        out[l] = f(xs[l]);
    }
    out
}

/// Each lane's index of its largest row value, the first one on ties, into `best`, and
/// that value into `top` (an argmax over rows[i][l] for every lane l).
#[inline(always)]
pub fn argmax(rows: &[Lanes<f64>], best: &mut Lanes<u64>, top: &mut Lanes<f64>) {
    for c in 0..CHUNKS {
        let (mut t, mut b) = (*chunk(&rows[0], c), [0; CHUNK]);
        for (i, row) in rows.iter().enumerate().skip(1) {
            keep_higher(i, chunk(row, c), &mut t, &mut b);
        }
        *chunk_mut(best, c) = b;
        *chunk_mut(top, c) = t;
    }
}

/// Lane `l`'s value of each row (one run's numbers out of a block's).
pub fn column(rows: &[Lanes<f64>], l: usize) -> Vec<f64> {
    rows.iter().map(|row| row[l]).collect()
}

/// A step of an argmax across lanes (a block's or a chunk's): where `row` is higher than
/// `top`, take its value into `top` and the index `i` into `best` (strictly higher: ties
/// keep the earlier index).
/// The selects are written bit by bit with a mask of all ones: written as `if`s, the loop
/// stayed scalar in WebAssembly, with a branch per lane that random draws mispredict half
/// the time (Thompson sampling ran at two thirds of this speed there).
#[inline(always)]
pub fn keep_higher<const N: usize>(
    i: usize,
    row: &[f64; N],
    top: &mut [f64; N],
    best: &mut [u64; N],
) {
    for l in 0..N {
        let higher = u64::from(row[l] > top[l]).wrapping_neg();
        top[l] = f64::from_bits(row[l].to_bits() & higher | top[l].to_bits() & !higher);
        best[l] = i as u64 & higher | best[l] & !higher;
    }
}

/// The lanes whose bits are set in a mask, in lane order.
#[inline]
pub fn set_bits(mut mask: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (mask != 0).then(|| {
            let l = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            l
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block() -> (Vec<Rng>, RngLanes) {
        let rngs: Vec<Rng> = (0..LANES as u64).map(|r| Rng::stream(7, &[r])).collect();
        let lanes = RngLanes::new(rngs.clone());
        (rngs, lanes)
    }

    #[test]
    fn every_lane_draws_what_its_generator_draws() {
        let (mut rngs, mut lanes) = block();
        // Enough normal draws that the ziggurat's slow path and its tail are taken.
        for _ in 0..2000 {
            let (mut bits, mut u, mut z) = ([0; LANES], [0.0; LANES], [0.0; LANES]);
            lanes.next_u64(&mut bits);
            lanes.uniforms(&mut u);
            lanes.normals(&mut z);
            for (l, rng) in rngs.iter_mut().enumerate() {
                assert_eq!(bits[l], rng.next_u64());
                assert_eq!(u[l].to_bits(), rng.uniform().to_bits());
                assert_eq!(z[l].to_bits(), rng.normal().to_bits());
            }
        }
        for (l, rng) in rngs.iter().enumerate() {
            assert_eq!(&lanes.lane(l), rng);
        }
    }

    #[test]
    fn a_lane_taken_out_goes_on_where_it_was() {
        let (mut rngs, mut lanes) = block();
        let drawn = lanes.with_lane(5, |rng| rng.below(10));
        assert_eq!(drawn, rngs[5].below(10));
        let mut bits = [0; LANES];
        lanes.next_u64(&mut bits);
        assert_eq!(bits[5], rngs[5].next_u64());
        assert_eq!(bits[6], rngs[6].next_u64());
    }

    #[test]
    fn argmax_finds_each_lanes_first_largest_row() {
        let mut rng = Rng::new(3);
        // Values from a few levels, so that most lanes have ties.
        let rows: Vec<Lanes<f64>> = (0..7)
            .map(|_| std::array::from_fn(|_| rng.below(3) as f64))
            .collect();
        let (mut best, mut top) = ([9; LANES], [f64::NAN; LANES]);
        argmax(&rows, &mut best, &mut top);
        for l in 0..LANES {
            let column = column(&rows, l);
            let max = column.iter().copied().fold(f64::MIN, f64::max);
            let first = column.iter().position(|&x| x == max).unwrap();
            assert_eq!((best[l], top[l]), (first as u64, max), "lane {l}");
        }
    }

    #[test]
    fn set_bits_lists_the_lanes_in_order() {
        assert_eq!(set_bits(0b1010_0001).collect::<Vec<_>>(), [0, 5, 7]);
        assert_eq!(set_bits(0).count(), 0);
        assert_eq!(set_bits(1 << 63).collect::<Vec<_>>(), [63]);
    }
}
