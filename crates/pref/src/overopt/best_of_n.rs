//! Best-of-n over discrete responses: draw y₁…yₙ from π_ref, keep the one the proxy R
//! ranks highest. Sort the responses by R and group equal values; with F_g = π_ref(R ≤
//! R_g), the kept response falls in group g with probability F_gⁿ − F_{g−1}ⁿ (the law
//! of the maximum of n draws: P(y₍ᵢ₎) = Fᵢⁿ − Fᵢ₋₁ⁿ when there are no ties).
//!
//! Ties: when several draws share the top value, the kept one is any of them chosen by a
//! rule that ignores which response it is (the sampler keeps the first). The draws are
//! independent, so whichever is kept is distributed as π_ref restricted to the group:
//! inside group g, P(y) = π_ref(y)/π_ref(g)·(F_gⁿ − F_{g−1}ⁿ). Its KL to π_ref is then
//! Σ_g P_g·ln(P_g/π_ref(g)) ≤ ln n − (n−1)/n.

use playground_core::math;
use playground_core::rng::Rng;

use super::world::Sampler;

/// The responses grouped by equal R, from the lowest R up.
#[derive(Clone, Debug)]
pub struct Ranking {
    /// Each group's responses.
    pub groups: Vec<Vec<usize>>,
    /// π_ref of each group.
    pub mass: Vec<f64>,
    /// F_g: π_ref of the group and every lower one.
    pub cumulative: Vec<f64>,
}

impl Ranking {
    pub fn new(reward: &[f64], reference: &[f64]) -> Self {
        let mut order: Vec<usize> = (0..reward.len()).collect();
        order.sort_by(|&a, &b| reward[a].total_cmp(&reward[b]).then(a.cmp(&b)));
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for y in order {
            match groups.last_mut() {
                Some(g) if reward[g[0]] == reward[y] => g.push(y),
                _ => groups.push(vec![y]),
            }
        }
        let total: f64 = reference.iter().sum();
        let mass: Vec<f64> = groups
            .iter()
            .map(|g| g.iter().map(|&y| reference[y]).sum::<f64>() / total)
            .collect();
        let mut acc = 0.0;
        let mut cumulative: Vec<f64> = mass
            .iter()
            .map(|m| {
                acc += m;
                acc
            })
            .collect();
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        Ranking {
            groups,
            mass,
            cumulative,
        }
    }

    /// P_g = F_gⁿ − F_{g−1}ⁿ for every group.
    pub fn group_law(&self, n: usize) -> Vec<f64> {
        let power = |f: f64| {
            if f <= 0.0 {
                0.0
            } else {
                math::exp(n as f64 * math::ln(f))
            }
        };
        let mut below = 0.0;
        self.cumulative
            .iter()
            .map(|&f| {
                let up = power(f);
                let p = (up - below).max(0.0);
                below = up;
                p
            })
            .collect()
    }

    /// P(y) for every response.
    pub fn law(&self, n: usize, reference: &[f64]) -> Vec<f64> {
        let total: f64 = reference.iter().sum();
        let mut out = vec![0.0; reference.len()];
        for ((g, p), m) in self.groups.iter().zip(self.group_law(n)).zip(&self.mass) {
            for &y in g {
                out[y] = if *m > 0.0 {
                    p * reference[y] / total / m
                } else {
                    0.0
                };
            }
        }
        out
    }

    /// KL(best-of-n ‖ π_ref) = Σ_g P_g·ln(P_g/π_ref(g)).
    pub fn kl(&self, n: usize) -> f64 {
        self.group_law(n)
            .iter()
            .zip(&self.mass)
            .filter(|(p, m)| **p > 0.0 && **m > 0.0)
            .map(|(p, m)| p * math::ln(p / m))
            .sum::<f64>()
            .max(0.0)
    }

    /// Which group each response is in.
    pub fn group_of(&self, responses: usize) -> Vec<usize> {
        let mut out = vec![0; responses];
        for (g, ys) in self.groups.iter().enumerate() {
            for &y in ys {
                out[y] = g;
            }
        }
        out
    }
}

/// The bound ln n − (n−1)/n on KL(best-of-n ‖ π_ref).
pub fn kl_bound(n: usize) -> f64 {
    math::ln(n as f64) - (n as f64 - 1.0) / n as f64
}

/// One best-of-n draw: n responses from π_ref, the first with the highest R kept.
pub fn sample(reward: &[f64], sampler: &Sampler, n: usize, rng: &mut Rng) -> usize {
    let mut best = sampler.draw(rng);
    for _ in 1..n {
        let y = sampler.draw(rng);
        if reward[y] > reward[best] {
            best = y;
        }
    }
    best
}

/// `points` whole numbers from 1 to `max_n`, spaced evenly in log n (repeats dropped, so
/// there may be fewer), always including 1 and `max_n`.
pub fn sweep(max_n: usize, points: usize) -> Vec<usize> {
    if points <= 1 || max_n == 1 {
        return vec![max_n];
    }
    let top = math::ln(max_n as f64);
    let mut out: Vec<usize> = Vec::new();
    for i in 0..points {
        let n = math::exp(top * i as f64 / (points - 1) as f64).round() as usize;
        let n = n.clamp(1, max_n);
        if out.last() != Some(&n) {
            out.push(n);
        }
    }
    if out.last() != Some(&max_n) {
        out.push(max_n);
    }
    out
}
