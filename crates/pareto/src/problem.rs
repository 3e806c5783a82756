//! Any Pareto Lab environment as the same few things: the outcomes (the returns of its
//! deterministic policies), π_ref over them, the groups' shares, the hypervolume's
//! reference point, and — computed once — the exact Pareto front and its supported part.

use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::{DST_TIMES, ParetoEnv};

use crate::aggregate::Schedule;
use crate::front::{self, Point};
use crate::grid::TreasureGrid;

#[derive(Clone, Debug)]
pub struct Problem {
    /// The returns of the deterministic policies (paths, arms, responses), no repeats for
    /// maps; one per response, in order, for response toys.
    pub outcomes: Vec<Point>,
    pub names: [&'static str; 2],
    /// log π_ref over the outcomes (uniform for maps and bandits).
    pub ref_logp: Vec<f64>,
    /// The groups' shares (single-reward RLHF's weights): equal outside `groups`.
    pub shares: [f64; 2],
    /// The hypervolume's reference point: (0, −horizon) for maps, the worst value of
    /// each objective otherwise.
    pub reference: Point,
    /// The map, for maps.
    pub grid: Option<TreasureGrid>,
    /// The plans and discounts, for time preferences.
    pub schedule: Option<Schedule>,
    /// Deep Sea Treasure's published front (Vamplew et al.), for Deep Sea Treasure.
    pub published: Option<Vec<Point>>,
    /// The exact Pareto front of the outcomes, by J₁ ascending.
    pub front: Vec<Point>,
    /// The front's points linear scalarisation can reach (convex-hull vertices).
    pub supported: Vec<Point>,
    /// The best value of each objective over the outcomes.
    pub ideal: Point,
    /// The worst value of each objective over the outcomes.
    pub nadir: Point,
}

impl Problem {
    /// Built from a validated environment; `seed` draws the helpful/harmless toy.
    pub fn new(env: &ParetoEnv, seed: u64) -> Self {
        let names = env.objective_names();
        let mut shares = [0.5, 0.5];
        let mut published = None;
        let mut grid = None;
        let mut schedule = None;
        let (outcomes, ref_logp, reference) = match env {
            ParetoEnv::Bandit { arms } => {
                let pts: Vec<Point> = arms.iter().map(|a| [a[0], a[1]]).collect();
                let r = worst(&pts);
                (pts.clone(), uniform(pts.len()), r)
            }
            ParetoEnv::HelpfulHarmless {
                responses,
                correlation,
            } => {
                let (pts, logp) = helpful_harmless(*responses, *correlation, seed);
                let r = worst(&pts);
                (pts, logp, r)
            }
            ParetoEnv::Groups {
                rewards,
                shares: s,
                ref_probs,
            } => {
                let pts: Vec<Point> = (0..rewards[0].len())
                    .map(|y| [rewards[0][y], rewards[1][y]])
                    .collect();
                shares = [s[0] / (s[0] + s[1]), s[1] / (s[0] + s[1])];
                let logp = match ref_probs {
                    Some(p) => {
                        let z: f64 = p.iter().sum();
                        p.iter().map(|x| math::ln(x / z)).collect()
                    }
                    None => uniform(pts.len()),
                };
                let r = worst(&pts);
                (pts, logp, r)
            }
            ParetoEnv::TimePreferences { gammas, plans } => {
                let s = Schedule::new(gammas, plans);
                let pts = s.outcomes();
                schedule = Some(s);
                let r = worst(&pts);
                (pts.clone(), uniform(pts.len()), r)
            }
            ParetoEnv::DeepSeaTreasure { .. } | ParetoEnv::TreasureMap { .. } => {
                let (map, treasures, horizon) = env.grid().unwrap_or_default();
                let g = TreasureGrid::new(&map, &treasures, horizon);
                if let ParetoEnv::DeepSeaTreasure { .. } = env {
                    published = Some(published_front(&treasures));
                }
                let pts = g.outcomes();
                grid = Some(g);
                let n = pts.len();
                (pts, uniform(n), [0.0, -(horizon as f64)])
            }
        };
        let front = front::pareto_front(&outcomes);
        let supported = front::supported(&front);
        Problem {
            ideal: best(&outcomes),
            nadir: worst(&outcomes),
            outcomes,
            names,
            ref_logp,
            shares,
            reference,
            grid,
            schedule,
            published,
            front,
            supported,
        }
    }

    /// π_ref's probabilities.
    pub fn ref_probs(&self) -> Vec<f64> {
        self.ref_logp.iter().map(|l| math::exp(*l)).collect()
    }

    /// Objective `k` of every outcome.
    pub fn rewards(&self, k: usize) -> Vec<f64> {
        self.outcomes.iter().map(|p| p[k]).collect()
    }

    /// A point with each objective scaled to [0, 1] by the outcomes' range (so weights
    /// mean the same whatever the units).
    pub fn scaled(&self, p: Point) -> Point {
        let s = |k: usize| {
            let range = self.ideal[k] - self.nadir[k];
            if range > 0.0 {
                (p[k] - self.nadir[k]) / range
            } else {
                0.0
            }
        };
        [s(0), s(1)]
    }

    /// The exact hypervolume of the Pareto front.
    pub fn front_hypervolume(&self) -> f64 {
        front::hypervolume(&self.front, self.reference)
    }

    /// A scale for tolerances: 1 + the largest |objective|.
    pub fn scale(&self) -> f64 {
        1.0 + self
            .outcomes
            .iter()
            .map(|p| p[0].abs().max(p[1].abs()))
            .fold(0.0, f64::max)
    }
}

fn uniform(n: usize) -> Vec<f64> {
    vec![-math::ln(n as f64); n]
}

fn worst(points: &[Point]) -> Point {
    let f = |k: usize| points.iter().map(|p| p[k]).fold(f64::INFINITY, f64::min);
    [f(0), f(1)]
}

fn best(points: &[Point]) -> Point {
    let f = |k: usize| {
        points
            .iter()
            .map(|p| p[k])
            .fold(f64::NEG_INFINITY, f64::max)
    };
    [f(0), f(1)]
}

/// The published front (both variants share the map): each treasure at its shortest
/// time.
fn published_front(treasures: &[f64]) -> Vec<Point> {
    treasures
        .iter()
        .zip(DST_TIMES)
        .map(|(&v, t)| [v, -(t as f64)])
        .collect()
}

/// The helpful/harmless toy: r₁ = x, r₂ = ρx + √(1−ρ²)·z with x, z standard normals, and
/// log π_ref = log-softmax of a third normal, all from the seed.
fn helpful_harmless(n: usize, rho: f64, seed: u64) -> (Vec<Point>, Vec<f64>) {
    let mut rng = Rng::stream(seed, &[0]);
    let mut pts = Vec::with_capacity(n);
    let mut logits = Vec::with_capacity(n);
    for _ in 0..n {
        let (x, z, g) = (rng.normal(), rng.normal(), rng.normal());
        pts.push([x, rho * x + (1.0 - rho * rho).sqrt() * z]);
        logits.push(g);
    }
    let lse = math::log_sum_exp(&logits);
    (pts, logits.iter().map(|l| l - lse).collect())
}
