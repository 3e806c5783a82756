//! The scalarising learners: each step picks one deterministic policy (an outcome) as the
//! best under a scalar utility of its return, and adds its return to the points found.
//!
//! - Linear: u = w·J over a sweep of weights. It only ever reaches convex-hull vertices
//!   of the front: a point inside the hull loses to a mixture of its neighbours, and
//!   deterministic policies cannot mix, so it is never the unique best.
//! - Chebyshev: u = −max_i w_i·|z*_i − J_i| for a utopia point z*; a weight whose ray
//!   from z* crosses a concave stretch of the front picks the point there.
//! - Hypervolume-guided: u = the hypervolume the point adds to those found so far, so
//!   the utility (the implied weights) changes after every pick, toward the gaps.
//!
//! Objectives are scaled to [0, 1] by the outcomes' range before weighting.

use crate::front::{self, Point};
use crate::problem::Problem;

#[derive(Clone, Debug, PartialEq)]
pub enum Utility {
    Linear,
    /// z*, in scaled units.
    Chebyshev {
        utopia: Point,
    },
    Hypervolume,
}

#[derive(Clone, Debug)]
pub struct Scalariser {
    pub utility: Utility,
    /// Weights in the sweep (unused by the hypervolume-guided learner).
    pub weights: usize,
    /// Every pick, in order: the weight used (hypervolume-guided: none) and the return.
    pub picks: Vec<(Option<Point>, Point)>,
}

/// The k-th of K sweep weights, w = ((k+½)/K, 1 − (k+½)/K): never 0, so every pick is
/// Pareto-optimal, not merely weakly so.
pub fn sweep_weight(k: usize, count: usize) -> Point {
    let w1 = (k as f64 + 0.5) / count as f64;
    [w1, 1.0 - w1]
}

impl Scalariser {
    pub fn new(utility: Utility, weights: usize) -> Self {
        Scalariser {
            utility,
            weights,
            picks: Vec::new(),
        }
    }

    /// The default utopia point: the ideal point plus 1% of each range, in scaled units.
    pub fn default_utopia() -> Point {
        [1.01, 1.01]
    }

    /// The points found so far (distinct returns).
    pub fn points(&self) -> Vec<Point> {
        let mut out: Vec<Point> = Vec::new();
        for (_, p) in &self.picks {
            if !out.contains(p) {
                out.push(*p);
            }
        }
        out
    }

    /// Step `t` (0-based): the t-th weight of the sweep, or the next hypervolume gain.
    /// Does nothing once the sweep is over or nothing adds hypervolume.
    pub fn step(&mut self, t: usize, problem: &Problem) {
        match self.utility {
            Utility::Hypervolume => {
                if let Some(p) = self.best_gain(problem) {
                    self.picks.push((None, p));
                }
            }
            _ if t < self.weights => {
                let w = sweep_weight(t, self.weights);
                let p = self.best_for(w, problem);
                self.picks.push((Some(w), p));
            }
            _ => {}
        }
    }

    /// The outcome with the best utility under weight `w` (the first, on ties).
    pub fn best_for(&self, w: Point, problem: &Problem) -> Point {
        let score = |p: &Point| {
            let s = problem.scaled(*p);
            match self.utility {
                Utility::Chebyshev { utopia } => {
                    -(w[0] * (utopia[0] - s[0]).abs()).max(w[1] * (utopia[1] - s[1]).abs())
                }
                _ => w[0] * s[0] + w[1] * s[1],
            }
        };
        let mut best = problem.outcomes[0];
        let mut best_score = score(&best);
        for p in &problem.outcomes[1..] {
            let s = score(p);
            if s > best_score {
                best = *p;
                best_score = s;
            }
        }
        best
    }

    /// The outcome that adds the most hypervolume to the points found, if any adds some.
    fn best_gain(&self, problem: &Problem) -> Option<Point> {
        let mut found = self.points();
        let base = front::hypervolume(&found, problem.reference);
        let mut best: Option<(Point, f64)> = None;
        for &p in &problem.outcomes {
            found.push(p);
            let gain = front::hypervolume(&found, problem.reference) - base;
            found.pop();
            if gain > 1e-12 * (1.0 + base) && best.is_none_or(|(_, g)| gain > g) {
                best = Some((p, gain));
            }
        }
        best.map(|(p, _)| p)
    }
}
