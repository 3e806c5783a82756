//! The objectives, all minimised over the unit interval or square (Branin's square and
//! Gramacy–Lee's interval are mapped onto it), their grids and their optima.

use std::f64::consts::PI;

use playground_core::math;
use playground_core::scenario::{BAYESOPT_GRID_1D, BAYESOPT_GRID_2D, BayesoptEnv, Objective};

/// The function minimised, with its drawn points when it is a drawn curve.
#[derive(Clone, Debug, PartialEq)]
pub enum Function {
    Forrester,
    GramacyLee,
    Branin,
    Drawn(Vec<[f64; 2]>),
}

impl Function {
    pub fn of(env: &BayesoptEnv) -> Self {
        match env.objective {
            Objective::Forrester => Function::Forrester,
            Objective::GramacyLee => Function::GramacyLee,
            Objective::Branin => Function::Branin,
            Objective::Drawn => Function::Drawn(env.points.clone().unwrap_or_default()),
        }
    }

    pub fn dims(&self) -> usize {
        if *self == Function::Branin { 2 } else { 1 }
    }
}

/// Forrester et al. (2008): the published minimum and where it is.
pub const FORRESTER_MIN: f64 = -6.0207;
pub const FORRESTER_ARGMIN: f64 = 0.7572;
/// Gramacy & Lee (2012), as tabulated by Surjanovic & Bingham's library.
pub const GRAMACY_LEE_MIN: f64 = -0.869011;
pub const GRAMACY_LEE_ARGMIN: f64 = 0.548563;
/// Branin: 0.397887 at (−π, 12.275), (π, 2.275) and (9.42478, 2.475).
pub const BRANIN_MIN: f64 = 0.397887;
pub const BRANIN_ARGMINS: [[f64; 2]; 3] = [[-PI, 12.275], [PI, 2.275], [9.42478, 2.475]];

/// sin through libm, like every transcendental function here (see `playground_core::math`).
fn sin(x: f64) -> f64 {
    libm::sin(x)
}

pub fn forrester(x: f64) -> f64 {
    let a = 6.0 * x - 2.0;
    a * a * sin(12.0 * x - 4.0)
}

/// Gramacy–Lee at x in [0.5, 2.5] (its own coordinates).
pub fn gramacy_lee(x: f64) -> f64 {
    let d = x - 1.0;
    sin(10.0 * PI * x) / (2.0 * x) + d * d * d * d
}

/// Branin at (x₁, x₂) in [−5, 10] × [0, 15] (its own coordinates).
pub fn branin(x1: f64, x2: f64) -> f64 {
    let b = 5.1 / (4.0 * PI * PI);
    let c = 5.0 / PI;
    let t = 1.0 / (8.0 * PI);
    let q = x2 - b * x1 * x1 + c * x1 - 6.0;
    q * q + 10.0 * (1.0 - t) * math::cos(x1) + 10.0
}

/// The piecewise-linear curve through `points` (x increasing), flat beyond its ends.
pub fn drawn(points: &[[f64; 2]], x: f64) -> f64 {
    let first = points[0];
    let last = points[points.len() - 1];
    if x <= first[0] {
        return first[1];
    }
    if x >= last[0] {
        return last[1];
    }
    let k = points.partition_point(|p| p[0] <= x);
    let (a, b) = (points[k - 1], points[k]);
    a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])
}

/// Golden-section search for a minimum of `f` on [lo, hi] (unimodal there), to `tol`.
pub fn golden_min(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64, tol: f64) -> (f64, f64) {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let mut a = hi - g * (hi - lo);
    let mut b = lo + g * (hi - lo);
    let (mut fa, mut fb) = (f(a), f(b));
    while hi - lo > tol {
        if fa < fb {
            hi = b;
            b = a;
            fb = fa;
            a = hi - g * (hi - lo);
            fa = f(a);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + g * (hi - lo);
            fb = f(b);
        }
    }
    let x = (lo + hi) / 2.0;
    (x, f(x))
}

/// An objective with its grid, the true values on it and its minimum.
#[derive(Clone, Debug)]
pub struct Problem {
    pub objective: Function,
    pub dims: usize,
    /// Grid points in unit coordinates; 2-D points are row-major (first axis slowest).
    pub grid: Vec<Vec<f64>>,
    /// f on the grid (noise-free).
    pub values: Vec<f64>,
    /// The minimum over the whole domain (not only the grid), so regret ≥ 0.
    pub f_star: f64,
    /// The standard deviation of f over the grid: the objective's scale.
    pub scale: f64,
}

impl Problem {
    pub fn new(objective: &Function) -> Self {
        let dims = objective.dims();
        let grid = unit_grid(dims);
        let values: Vec<f64> = grid.iter().map(|u| eval(objective, u)).collect();
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        Problem {
            f_star: true_minimum(objective),
            objective: objective.clone(),
            dims,
            grid,
            values,
            scale: var.sqrt().max(1e-12),
        }
    }

    /// f at a point in unit coordinates.
    pub fn eval(&self, u: &[f64]) -> f64 {
        eval(&self.objective, u)
    }

    /// A point from unit coordinates to the objective's own.
    pub fn to_domain(&self, u: &[f64]) -> Vec<f64> {
        to_domain(&self.objective, u)
    }

    /// The grid point nearest `u` (unit coordinates).
    pub fn nearest(&self, u: &[f64]) -> usize {
        let side = if self.dims == 1 {
            BAYESOPT_GRID_1D
        } else {
            BAYESOPT_GRID_2D
        };
        let step = |x: f64| {
            let k = (x.clamp(0.0, 1.0) * (side - 1) as f64).round() as usize;
            k.min(side - 1)
        };
        if self.dims == 1 {
            step(u[0])
        } else {
            step(u[0]) * side + step(u[1])
        }
    }

    /// The best value on the grid (the lowest regret a grid learner can reach).
    pub fn grid_min(&self) -> f64 {
        self.values.iter().copied().fold(f64::INFINITY, f64::min)
    }
}

fn unit_grid(dims: usize) -> Vec<Vec<f64>> {
    if dims == 1 {
        let n = BAYESOPT_GRID_1D;
        (0..n).map(|i| vec![i as f64 / (n - 1) as f64]).collect()
    } else {
        let n = BAYESOPT_GRID_2D;
        let at = |i: usize| i as f64 / (n - 1) as f64;
        (0..n * n).map(|k| vec![at(k / n), at(k % n)]).collect()
    }
}

pub fn to_domain(objective: &Function, u: &[f64]) -> Vec<f64> {
    match objective {
        Function::GramacyLee => vec![0.5 + 2.0 * u[0]],
        Function::Branin => vec![-5.0 + 15.0 * u[0], 15.0 * u[1]],
        _ => u.to_vec(),
    }
}

pub fn eval(objective: &Function, u: &[f64]) -> f64 {
    let x = to_domain(objective, u);
    match objective {
        Function::Forrester => forrester(x[0]),
        Function::GramacyLee => gramacy_lee(x[0]),
        Function::Branin => branin(x[0], x[1]),
        Function::Drawn(points) => drawn(points, x[0]),
    }
}

/// The true minimum: by golden section in the basin of the published minimiser
/// (Forrester, Gramacy–Lee), exactly 5/(4π) for Branin (cos x₁ = −1 and the square
/// vanishes), and the lowest point for a drawn curve (a piecewise-linear curve is lowest
/// at a knot).
pub fn true_minimum(objective: &Function) -> f64 {
    match objective {
        Function::Forrester => golden_min(forrester, 0.7, 0.8, 1e-12).1,
        Function::GramacyLee => golden_min(gramacy_lee, 0.5, 0.6, 1e-12).1,
        Function::Branin => 5.0 / (4.0 * PI),
        Function::Drawn(points) => points.iter().map(|p| p[1]).fold(f64::INFINITY, f64::min),
    }
}
