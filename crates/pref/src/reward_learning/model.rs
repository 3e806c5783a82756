//! The Bradley–Terry reward model: r̂ is a table (one number per unit), a comparison's
//! logit is z = Σ r̂(σ¹) − Σ r̂(σ²) = r̂·x with x = φ(σ¹) − φ(σ²), and a member fits
//!
//!   L(r̂) = Σ_i w_i [−μ_i ln σ(z_i) − (1 − μ_i) ln σ(−z_i)] + λ/2·‖r̂‖²
//!
//! (w_i: its bootstrap weight of label i, μ_i the label's target) by truncated Newton:
//! each direction solves (H + δI)d = −∇L by conjugate gradients with Hessian-vector
//! products, so no matrix is ever formed and an unlabelled unit costs nothing. With
//! λ = 0 a constant added to every unit may not change any logit (equal-length
//! segments), and on separable labels the loss keeps falling as the scale grows: the fit
//! then stops after [`MAX_NEWTON`] steps, unconverged, and says so.
//!
//! [`dense_fit`] solves the same problem another way (explicit Hessian, Cholesky, from
//! zero): Verify's independent solver.

use crate::linalg::cholesky_solve;
use playground_core::math;

/// Stop when every gradient entry is below this.
pub const CONVERGED: f64 = 1e-9;
pub const MAX_NEWTON: usize = 50;
/// Damping added to the Hessian so directions along zero curvature stay finite.
const DAMPING: f64 = 1e-10;

/// One labelled comparison: x = φ(σ¹) − φ(σ²) (sorted, sparse) and μ = P(σ¹ ≻ σ²).
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub x: Vec<(usize, f64)>,
    pub target: f64,
}

impl Comparison {
    pub fn logit(&self, reward: &[f64]) -> f64 {
        self.x.iter().map(|&(u, c)| c * reward[u]).sum()
    }
}

/// A weighted Bradley–Terry problem over `units` parameters.
#[derive(Clone, Copy, Debug)]
pub struct Problem<'a> {
    pub units: usize,
    pub comparisons: &'a [Comparison],
    /// One weight per comparison.
    pub weights: &'a [f64],
    pub l2: f64,
}

/// Where a fit stopped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FitReport {
    pub newton_steps: usize,
    /// max |∂L/∂r̂_u| at the end.
    pub gradient: f64,
    pub converged: bool,
}

impl Problem<'_> {
    fn pairs(&self) -> impl Iterator<Item = (&Comparison, f64)> {
        self.comparisons
            .iter()
            .zip(self.weights.iter().copied())
            .filter(|(_, w)| *w > 0.0)
    }

    pub fn loss(&self, reward: &[f64]) -> f64 {
        let data: f64 = self
            .pairs()
            .map(|(c, w)| {
                let z = c.logit(reward);
                -w * (c.target * math::log_sigmoid(z) + (1.0 - c.target) * math::log_sigmoid(-z))
            })
            .sum();
        data + 0.5 * self.l2 * reward.iter().map(|r| r * r).sum::<f64>()
    }

    /// ∇L, and each comparison's curvature w·σ(z)(1 − σ(z)) for Hessian products.
    pub(super) fn gradient(&self, reward: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let mut g: Vec<f64> = reward.iter().map(|r| self.l2 * r).collect();
        let mut curvature = Vec::with_capacity(self.comparisons.len());
        for (c, w) in self.pairs() {
            let p = math::sigmoid(c.logit(reward));
            for &(u, x) in &c.x {
                g[u] += w * (p - c.target) * x;
            }
            curvature.push(w * p * (1.0 - p));
        }
        (g, curvature)
    }

    /// (H + δI)v with H = Σ_i curvature_i x_i x_iᵀ + λI.
    fn hessian_times(&self, curvature: &[f64], v: &[f64]) -> Vec<f64> {
        let mut out: Vec<f64> = v.iter().map(|x| (self.l2 + DAMPING) * x).collect();
        for ((c, _), k) in self.pairs().zip(curvature) {
            let xv: f64 = c.x.iter().map(|&(u, x)| x * v[u]).sum();
            for &(u, x) in &c.x {
                out[u] += k * xv * x;
            }
        }
        out
    }

    /// Truncated Newton from `reward` (a warm start), in place.
    pub fn fit(&self, reward: &mut [f64]) -> FitReport {
        self.newton(reward, |p, g, curvature| p.conjugate_gradient(g, curvature))
    }

    /// Newton steps with a backtracking line search; `direction` solves for the step.
    fn newton(
        &self,
        reward: &mut [f64],
        direction: impl Fn(&Self, &[f64], &[f64]) -> Vec<f64>,
    ) -> FitReport {
        let mut steps = 0;
        loop {
            let (g, curvature) = self.gradient(reward);
            let size = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
            if size < CONVERGED || steps == MAX_NEWTON {
                return FitReport {
                    newton_steps: steps,
                    gradient: size,
                    converged: size < CONVERGED,
                };
            }
            let d = direction(self, &g, &curvature);
            let slope: f64 = g.iter().zip(&d).map(|(a, b)| a * b).sum();
            let before = self.loss(reward);
            let mut t = 1.0;
            let mut trial = reward.to_vec();
            loop {
                for ((x, r), dx) in trial.iter_mut().zip(reward.iter()).zip(&d) {
                    *x = r + t * dx;
                }
                // The last term forgives rounding: near the optimum the decrease a step
                // buys is below what the loss's last bits can show.
                let allowed = before + 1e-4 * t * slope + 1e-13 * before.abs();
                if self.loss(&trial) <= allowed || t < 1e-12 {
                    break;
                }
                t *= 0.5;
            }
            reward.copy_from_slice(&trial);
            steps += 1;
        }
    }

    /// Solve (H + δI)d = −g by conjugate gradients.
    fn conjugate_gradient(&self, g: &[f64], curvature: &[f64]) -> Vec<f64> {
        let mut d = vec![0.0; g.len()];
        let mut r: Vec<f64> = g.iter().map(|x| -x).collect();
        let mut p = r.clone();
        let mut rr: f64 = r.iter().map(|x| x * x).sum();
        let stop = rr * 1e-24;
        for _ in 0..(2 * g.len() + 20).min(1000) {
            if rr <= stop {
                break;
            }
            let hp = self.hessian_times(curvature, &p);
            let php: f64 = p.iter().zip(&hp).map(|(a, b)| a * b).sum();
            if php <= 0.0 {
                break;
            }
            let alpha = rr / php;
            for i in 0..d.len() {
                d[i] += alpha * p[i];
                r[i] -= alpha * hp[i];
            }
            let next: f64 = r.iter().map(|x| x * x).sum();
            let beta = next / rr;
            rr = next;
            for (pi, ri) in p.iter_mut().zip(&r) {
                *pi = ri + beta * *pi;
            }
        }
        d
    }

    /// The explicit Hessian H + δI, dense.
    fn dense_hessian(&self, curvature: &[f64]) -> Vec<f64> {
        let n = self.units;
        let mut h = vec![0.0; n * n];
        for i in 0..n {
            h[i * n + i] = self.l2 + DAMPING;
        }
        for ((c, _), k) in self.pairs().zip(curvature) {
            for &(u, xu) in &c.x {
                for &(v, xv) in &c.x {
                    h[u * n + v] += k * xu * xv;
                }
            }
        }
        h
    }
}

/// The same fit by Newton with the explicit Hessian factored by Cholesky, from zero:
/// Verify's independent solver.
pub fn dense_fit(problem: &Problem<'_>) -> (Vec<f64>, FitReport) {
    let mut reward = vec![0.0; problem.units];
    let report = problem.newton(&mut reward, |p, g, curvature| {
        let h = p.dense_hessian(curvature);
        let minus_g: Vec<f64> = g.iter().map(|x| -x).collect();
        cholesky_solve(h, &minus_g, p.units)
    });
    (reward, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(x: &[(usize, f64)], target: f64) -> Comparison {
        Comparison {
            x: x.to_vec(),
            target,
        }
    }

    #[test]
    fn two_units_with_soft_labels_recover_the_logit() {
        // One comparison of unit 0 against unit 1 with μ = σ(0.7): the unpenalised MLE's
        // logit is exactly 0.7 (z = r0 − r1); only the logit is unique, so the two
        // solvers are compared on it.
        let c = [cmp(&[(0, 1.0), (1, -1.0)], math::sigmoid(0.7))];
        let p = Problem {
            units: 2,
            comparisons: &c,
            weights: &[1.0],
            l2: 0.0,
        };
        let mut r = vec![0.0; 2];
        let report = p.fit(&mut r);
        assert!(report.converged, "{report:?}");
        assert!((r[0] - r[1] - 0.7).abs() < 1e-8, "{r:?}");
        let (dense, _) = dense_fit(&p);
        assert!((dense[0] - dense[1] - 0.7).abs() < 1e-8, "{dense:?}");
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let c = [
            cmp(&[(0, 2.0), (2, -1.0)], 1.0),
            cmp(&[(1, 1.0), (2, -2.0)], 0.0),
            cmp(&[(0, -1.0), (1, 1.0)], 0.5),
        ];
        let p = Problem {
            units: 3,
            comparisons: &c,
            weights: &[1.0, 2.0, 0.5],
            l2: 0.3,
        };
        let r = [0.2, -0.4, 0.9];
        let (g, _) = p.gradient(&r);
        for u in 0..3 {
            let h = 1e-6;
            let (mut up, mut down) = (r, r);
            up[u] += h;
            down[u] -= h;
            let fd = (p.loss(&up) - p.loss(&down)) / (2.0 * h);
            assert!((fd - g[u]).abs() < 1e-7, "unit {u}: {fd} vs {}", g[u]);
        }
    }

    #[test]
    fn separable_labels_run_the_scale_up_unless_penalised() {
        // A label that is always "first": the likelihood keeps rising with r0 − r1, so
        // the fit only stops once the gradient e^{−z} falls below the tolerance.
        let c = [cmp(&[(0, 1.0), (1, -1.0)], 1.0)];
        let fit = |l2| {
            let p = Problem {
                units: 2,
                comparisons: &c,
                weights: &[1.0],
                l2,
            };
            let mut r = vec![0.0; 2];
            p.fit(&mut r);
            r[0] - r[1]
        };
        assert!(fit(0.0) > 15.0, "{}", fit(0.0));
        assert!(fit(0.1) < 3.0, "{}", fit(0.1));
    }
}
