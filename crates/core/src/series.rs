//! Metric series: one value per step for each learner and metric, averaged over runs.

use serde::{Deserialize, Serialize};

/// One metric of one learner: the mean over runs at each step and the half-width of its
/// 95% confidence interval (1.96 standard errors; 0 with a single run).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub name: String,
    pub mean: Vec<f64>,
    pub ci95: Vec<f64>,
}

/// All metrics of one learner, in display order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LearnerSeries {
    pub label: String,
    pub metrics: Vec<Metric>,
}

impl LearnerSeries {
    pub fn new(label: impl Into<String>, metric_names: &[&str]) -> Self {
        LearnerSeries {
            label: label.into(),
            metrics: metric_names
                .iter()
                .map(|n| Metric {
                    name: (*n).to_string(),
                    ..Metric::default()
                })
                .collect(),
        }
    }

    pub fn metric(&self, name: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.name == name)
    }

    pub fn metric_mut(&mut self, name: &str) -> Option<&mut Metric> {
        self.metrics.iter_mut().find(|m| m.name == name)
    }
}

/// Every learner's series. Step `i` (0-based) of every metric is time t = i + 1.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub learners: Vec<LearnerSeries>,
}

impl Series {
    pub fn learner(&self, label: &str) -> Option<&LearnerSeries> {
        self.learners.iter().find(|l| l.label == label)
    }

    /// A 64-bit FNV-1a hash of every number's bits, in order: two series are bit-identical
    /// exactly when (barring a collision) their fingerprints are equal. Used to test that
    /// native and wasm32 builds compute the same numbers.
    pub fn fingerprint(&self) -> u64 {
        let mut h = Fnv1a::new();
        for l in &self.learners {
            h.eat(l.label.as_bytes());
            for m in &l.metrics {
                h.eat(m.name.as_bytes());
                for x in m.mean.iter().chain(&m.ci95) {
                    h.eat(&x.to_bits().to_le_bytes());
                }
            }
        }
        h.finish()
    }
}

/// The 64-bit FNV-1a hash: tiny, fixed forever, the same on every platform (unlike
/// `std`'s hashers, whose output may change between releases).
#[derive(Clone, Copy, Debug)]
pub struct Fnv1a(u64);

impl Fnv1a {
    pub fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    pub fn eat(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

impl Default for Fnv1a {
    fn default() -> Self {
        Self::new()
    }
}

/// Running sums over runs for one step, turned into (mean, 95% half-width).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    n: u64,
    sum: f64,
    sum_sq: f64,
}

impl Moments {
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        self.sum += x;
        self.sum_sq += x * x;
    }

    /// Add another set of sums (a later block of runs: the order is part of the numbers).
    pub fn merge(&mut self, other: &Moments) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum / self.n as f64
        }
    }

    /// The three sums as 64-bit words, the count first, then the sums' bits: how a
    /// helper's part carries them between workers ([`crate::split::encode_parts`]).
    pub fn to_words(&self) -> [u64; 3] {
        [self.n, self.sum.to_bits(), self.sum_sq.to_bits()]
    }

    pub fn from_words([n, sum, sum_sq]: [u64; 3]) -> Self {
        Moments {
            n,
            sum: f64::from_bits(sum),
            sum_sq: f64::from_bits(sum_sq),
        }
    }

    /// 1.96 × the standard error of the mean (sample variance with n − 1).
    pub fn ci95(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let n = self.n as f64;
        let var = ((self.sum_sq - self.sum * self.sum / n) / (n - 1.0)).max(0.0);
        crate::math::Z95 * (var / n).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_match_textbook_formulae() {
        let mut m = Moments::default();
        for x in [1.0, 2.0, 3.0, 4.0] {
            m.push(x);
        }
        assert_eq!(m.mean(), 2.5);
        // s² = 5/3, se = √(5/12).
        assert!((m.ci95() - crate::math::Z95 * (5.0f64 / 12.0).sqrt()).abs() < 1e-12);
        let mut one = Moments::default();
        one.push(3.0);
        assert_eq!(one.ci95(), 0.0);
    }
}
