//! The responses: features φ ~ N(0, I_d), the gold reward r*(y) = wᵀφ − (c/2)·‖φ‖² with
//! w a random unit vector, π_ref (uniform, or ∝ exp(vᵀφ/T)), and N Bradley–Terry labels
//! on pairs drawn from π_ref. Every draw comes from its own stream of the seed.

use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::OveroptEnv;

/// Stream paths under the seed, one per use.
pub const FEATURES: u64 = 1;
pub const GOLD: u64 = 2;
pub const REFERENCE: u64 = 3;
pub const LABELS: u64 = 4;
pub const PROXY: u64 = 5;
pub const SAMPLER: u64 = 6;

/// One label: `winner` was preferred to `loser`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    pub winner: usize,
    pub loser: usize,
}

#[derive(Clone, Debug)]
pub struct World {
    /// φ(y), one row per response.
    pub features: Vec<Vec<f64>>,
    /// w in r*.
    pub gold_direction: Vec<f64>,
    /// r*(y), centred so that E_{π_ref} r* = 0.
    pub gold: Vec<f64>,
    pub reference: Vec<f64>,
    /// ln π_ref, computed from the logits (exact where π_ref underflows).
    pub log_reference: Vec<f64>,
    /// The labels (of the first part, when the gold reward has parts).
    pub labels: Vec<Label>,
    /// With `components = 2`: each part's reward c_k (centred under π_ref) and labels.
    pub parts: Vec<Part>,
}

/// One part of a gold reward made of parts, with the labels drawn from it alone.
#[derive(Clone, Debug)]
pub struct Part {
    pub reward: Vec<f64>,
    pub labels: Vec<Label>,
}

/// A unit vector drawn uniformly on the sphere.
fn unit(rng: &mut Rng, d: usize) -> Vec<f64> {
    let mut v: Vec<f64> = (0..d).map(|_| rng.normal()).collect();
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-300);
    v.iter_mut().for_each(|x| *x /= norm);
    v
}

pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// E_p x.
pub fn expectation(p: &[f64], x: &[f64]) -> f64 {
    dot(p, x)
}

/// x − E_p x.
pub fn centred(p: &[f64], x: &[f64]) -> Vec<f64> {
    let m = expectation(p, x);
    x.iter().map(|v| v - m).collect()
}

/// KL(p‖q) in nats (terms with p = 0 count 0).
pub fn kl(p: &[f64], q: &[f64]) -> f64 {
    p.iter()
        .zip(q)
        .filter(|(a, _)| **a > 0.0)
        .map(|(a, b)| a * math::ln(a / b))
        .sum::<f64>()
        .max(0.0)
}

/// Inverse-CDF sampling from a fixed distribution in O(log n) per draw.
#[derive(Clone, Debug)]
pub struct Sampler {
    cumulative: Vec<f64>,
}

impl Sampler {
    pub fn new(p: &[f64]) -> Self {
        let mut acc = 0.0;
        let cumulative = p
            .iter()
            .map(|x| {
                acc += x;
                acc
            })
            .collect();
        Sampler { cumulative }
    }

    pub fn draw(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let u = rng.uniform() * total;
        let i = self.cumulative.partition_point(|&c| c <= u);
        i.min(self.cumulative.len() - 1)
    }
}

impl World {
    pub fn new(env: &OveroptEnv, seed: u64) -> Self {
        let (n, d) = (env.responses, env.features);
        let mut rng = Rng::stream(seed, &[FEATURES]);
        let features: Vec<Vec<f64>> = (0..n)
            .map(|_| (0..d).map(|_| rng.normal()).collect())
            .collect();
        let gold_direction = unit(&mut Rng::stream(seed, &[GOLD]), d);
        let logits: Vec<f64> = match env.ref_temperature {
            None => vec![0.0; n],
            Some(t) => {
                let v = unit(&mut Rng::stream(seed, &[REFERENCE]), d);
                features.iter().map(|f| dot(&v, f) / t).collect()
            }
        };
        let reference = math::softmax(&logits);
        let lse = math::log_sum_exp(&logits);
        let log_reference: Vec<f64> = logits.iter().map(|l| l - lse).collect();
        let (gold, parts) = if env.components > 1 {
            let second = correlated(
                &gold_direction,
                env.component_correlation,
                &mut Rng::stream(seed, &[GOLD, 1]),
            );
            let parts: Vec<Part> = [&gold_direction, &second]
                .iter()
                .enumerate()
                .map(|(k, w)| {
                    let raw: Vec<f64> = features
                        .iter()
                        .map(|f| {
                            let u = dot(w, f);
                            u - 0.5 * env.curvature * u * u
                        })
                        .collect();
                    let reward = centred(&reference, &raw);
                    let labels =
                        draw_labels(&reward, &reference, env.labels, env.label_noise, seed, k);
                    Part { reward, labels }
                })
                .collect();
            let gold = (0..n)
                .map(|y| parts.iter().map(|p| p.reward[y]).sum())
                .collect();
            (gold, parts)
        } else {
            let raw: Vec<f64> = features
                .iter()
                .map(|f| dot(&gold_direction, f) - 0.5 * env.curvature * dot(f, f))
                .collect();
            (centred(&reference, &raw), Vec::new())
        };
        let labels = match parts.first() {
            Some(p) => p.labels.clone(),
            None => draw_labels(&gold, &reference, env.labels, env.label_noise, seed, 0),
        };
        World {
            features,
            gold_direction,
            gold,
            reference,
            log_reference,
            labels,
            parts,
        }
    }

    /// The world one part's proxy is fitted in: its labels in place of the labels.
    pub fn for_part(&self, k: usize) -> World {
        World {
            labels: self.parts[k].labels.clone(),
            parts: Vec::new(),
            ..self.clone()
        }
    }

    /// The same world seen through a compositional preference model's attributes: each
    /// response's φ followed by how extreme it is, ½‖φ‖².
    pub fn with_attributes(&self) -> World {
        let features = self
            .features
            .iter()
            .map(|f| {
                let mut a = f.clone();
                a.push(0.5 * dot(f, f));
                a
            })
            .collect();
        World {
            features,
            ..self.clone()
        }
    }

    pub fn responses(&self) -> usize {
        self.gold.len()
    }
}

/// A unit vector whose dot product with the unit vector `w` is `rho`.
fn correlated(w: &[f64], rho: f64, rng: &mut Rng) -> Vec<f64> {
    let v = unit(rng, w.len());
    let along = dot(&v, w);
    let mut e: Vec<f64> = v.iter().zip(w).map(|(a, b)| a - along * b).collect();
    let norm = dot(&e, &e).sqrt().max(1e-300);
    e.iter_mut().for_each(|x| *x /= norm);
    let side = (1.0 - rho * rho).sqrt();
    w.iter().zip(&e).map(|(a, b)| rho * a + side * b).collect()
}

/// N labels: a pair of distinct responses from π_ref (redrawn while equal), the first
/// preferred with probability σ(r*_a − r*_b), then flipped with probability `noise`.
/// Part k > 0 of a gold reward draws from a stream of its own.
pub fn draw_labels(
    gold: &[f64],
    reference: &[f64],
    n: usize,
    noise: f64,
    seed: u64,
    part: usize,
) -> Vec<Label> {
    let sampler = Sampler::new(reference);
    let mut rng = if part == 0 {
        Rng::stream(seed, &[LABELS])
    } else {
        Rng::stream(seed, &[LABELS, part as u64])
    };
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let a = sampler.draw(&mut rng);
        let mut b = sampler.draw(&mut rng);
        let mut tries = 0;
        while b == a && tries < 1000 {
            b = sampler.draw(&mut rng);
            tries += 1;
        }
        let a_wins = rng.uniform() < math::sigmoid(gold[a] - gold[b]);
        let flip = rng.uniform() < noise;
        let (winner, loser) = if a_wins != flip { (a, b) } else { (b, a) };
        out.push(Label { winner, loser });
    }
    out
}
