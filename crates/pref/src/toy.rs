//! A handful of responses to one prompt: the reference policy, the gold reward, the
//! Bradley–Terry labels it implies, and the KL-regularised optimum
//! π*_β(y) = π_ref(y)·exp(r*(y)/β) / Z.

use playground_core::math;
use playground_core::rng::Rng;

/// One prompt's responses: the reference log-probabilities, the gold reward r*, and
/// each response's length in tokens (1 unless given; SimPO divides by it).
#[derive(Clone, Debug, PartialEq)]
pub struct Toy {
    pub ref_logp: Vec<f64>,
    pub gold: Vec<f64>,
    pub lengths: Vec<f64>,
}

/// Where a sampled pair's two (distinct) responses are drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairSource {
    /// Both from π_ref, the second redrawn until it differs (the usual offline data).
    Reference,
    /// Uniformly among the responses.
    Uniform,
}

/// How a sampled pair is labelled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Labelling {
    /// The higher gold reward always wins (ties by a coin), instead of Bradley–Terry.
    pub deterministic: bool,
    /// Each label is then flipped with this probability.
    pub flip: f64,
}

/// A preference "chosen ≻ rejected" (response indices), counted `weight` times.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    pub chosen: usize,
    pub rejected: usize,
    pub weight: f64,
}

impl Toy {
    /// From π_ref's probabilities (normalised here) and r*, one entry per response.
    pub fn new(ref_probs: &[f64], gold: &[f64]) -> Result<Self, String> {
        if ref_probs.len() != gold.len() || ref_probs.len() < 2 {
            return Err(format!(
                "ref_probs and gold_reward need one entry per response, at least two ({} and {})",
                ref_probs.len(),
                gold.len()
            ));
        }
        if ref_probs.iter().any(|&p| !(p > 0.0 && p.is_finite())) {
            return Err("every reference probability must be positive".into());
        }
        let z: f64 = ref_probs.iter().sum();
        Ok(Toy {
            ref_logp: ref_probs.iter().map(|p| math::ln(p / z)).collect(),
            gold: gold.to_vec(),
            lengths: vec![1.0; gold.len()],
        })
    }

    /// The same responses with lengths in tokens.
    pub fn with_lengths(mut self, lengths: &[f64]) -> Result<Self, String> {
        if lengths.len() != self.gold.len() || lengths.iter().any(|&l| l.is_nan() || l < 1.0) {
            return Err("lengths need one entry per response, each at least 1".into());
        }
        self.lengths = lengths.to_vec();
        Ok(self)
    }

    /// The population with each label flipped with probability ε: every order's weight
    /// becomes (1 − ε)·P + ε·(1 − P).
    pub fn noisy_population(&self, flip: f64) -> Vec<Pair> {
        self.population()
            .into_iter()
            .map(|p| Pair {
                weight: (1.0 - flip) * p.weight + flip * (1.0 - p.weight),
                ..p
            })
            .collect()
    }

    /// π_ref's probabilities.
    pub fn ref_probs(&self) -> Vec<f64> {
        self.ref_logp.iter().map(|l| math::exp(*l)).collect()
    }

    pub fn responses(&self) -> usize {
        self.gold.len()
    }

    /// Bradley–Terry: P(i ≻ j) = σ(r*(i) − r*(j)).
    pub fn preference(&self, i: usize, j: usize) -> f64 {
        math::sigmoid(self.gold[i] - self.gold[j])
    }

    /// The population of labels: every unordered pair of distinct responses once, split
    /// between its two orders by the Bradley–Terry probabilities (weights sum to 1 per
    /// unordered pair).
    pub fn population(&self) -> Vec<Pair> {
        let n = self.responses();
        let mut out = Vec::with_capacity(n * (n - 1));
        for i in 0..n {
            for j in i + 1..n {
                for (w, l) in [(i, j), (j, i)] {
                    out.push(Pair {
                        chosen: w,
                        rejected: l,
                        weight: self.preference(w, l),
                    });
                }
            }
        }
        out
    }

    /// `n` pairs of distinct responses drawn from `source`, labelled by Bradley–Terry on
    /// r* (or deterministically), then flipped at the labelling's rate; weight 1 each.
    pub fn sample_pairs(
        &self,
        n: usize,
        source: PairSource,
        labelling: Labelling,
        rng: &mut Rng,
    ) -> Vec<Pair> {
        let ref_probs = self.ref_probs();
        let draw = |rng: &mut Rng| match source {
            PairSource::Reference => rng.categorical(&ref_probs),
            PairSource::Uniform => rng.below(self.responses()),
        };
        (0..n)
            .map(|_| {
                let a = draw(rng);
                let b = loop {
                    let b = draw(rng);
                    if b != a {
                        break b;
                    }
                };
                let a_wins = if labelling.deterministic {
                    match self.gold[a].total_cmp(&self.gold[b]) {
                        std::cmp::Ordering::Equal => rng.uniform() < 0.5,
                        order => order.is_gt(),
                    }
                } else {
                    rng.uniform() < self.preference(a, b)
                };
                let a_wins = a_wins != (rng.uniform() < labelling.flip);
                let (chosen, rejected) = if a_wins { (a, b) } else { (b, a) };
                Pair {
                    chosen,
                    rejected,
                    weight: 1.0,
                }
            })
            .collect()
    }

    /// `k` distinct responses drawn one after another from `source`, each among those not
    /// yet drawn (sampling without replacement).
    pub fn draw_distinct(&self, k: usize, source: PairSource, rng: &mut Rng) -> Vec<usize> {
        let mut weights = match source {
            PairSource::Reference => self.ref_probs(),
            PairSource::Uniform => vec![1.0; self.responses()],
        };
        (0..k.min(self.responses()))
            .map(|_| {
                let y = rng.categorical(&weights);
                weights[y] = 0.0;
                y
            })
            .collect()
    }

    /// `items` ranked best first: by a Plackett–Luce draw on r* (the next best is `i` with
    /// probability ∝ e^(r*(i)) among those left, Bradley–Terry for two), or sorted by r*
    /// when `deterministic` (ties keep their drawn order).
    pub fn rank(&self, items: &[usize], deterministic: bool, rng: &mut Rng) -> Vec<usize> {
        let mut left = items.to_vec();
        if deterministic {
            left.sort_by(|a, b| self.gold[*b].total_cmp(&self.gold[*a]));
            return left;
        }
        let mut out = Vec::with_capacity(left.len());
        while !left.is_empty() {
            let top = left
                .iter()
                .map(|&i| self.gold[i])
                .fold(f64::NEG_INFINITY, f64::max);
            let weights: Vec<f64> = left
                .iter()
                .map(|&i| math::exp(self.gold[i] - top))
                .collect();
            out.push(left.remove(rng.categorical(&weights)));
        }
        out
    }

    /// π*_β = π_ref·exp(r*/β) / Z: the KL-regularised optimum, which DPO on population
    /// data reaches.
    pub fn optimum(&self, beta: f64) -> Vec<f64> {
        let logits: Vec<f64> = self
            .ref_logp
            .iter()
            .zip(&self.gold)
            .map(|(l, r)| l + r / beta)
            .collect();
        math::softmax(&logits)
    }
}
