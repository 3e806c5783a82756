//! Posterior distributions of an arm's mean, as Thompson sampling holds them: their
//! densities (for the animated plot) and moments (for the Verify panel).

use serde::{Deserialize, Serialize};

use playground_core::math;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Posterior {
    Beta {
        a: f64,
        b: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    /// Location-scale Student-t: the marginal of the mean under a Normal–Gamma posterior.
    StudentT {
        loc: f64,
        scale: f64,
        dof: f64,
    },
}

impl Posterior {
    pub fn mean(&self) -> f64 {
        match *self {
            Posterior::Beta { a, b } => a / (a + b),
            Posterior::Normal { mean, .. } => mean,
            Posterior::StudentT { loc, .. } => loc,
        }
    }

    /// Variance (infinite for a Student-t with ≤ 2 degrees of freedom).
    pub fn variance(&self) -> f64 {
        match *self {
            Posterior::Beta { a, b } => a * b / ((a + b) * (a + b) * (a + b + 1.0)),
            Posterior::Normal { sd, .. } => sd * sd,
            Posterior::StudentT { scale, dof, .. } if dof > 2.0 => {
                scale * scale * dof / (dof - 2.0)
            }
            Posterior::StudentT { .. } => f64::INFINITY,
        }
    }

    /// Probability density at x.
    pub fn density(&self, x: f64) -> f64 {
        match *self {
            Posterior::Beta { a, b } => {
                if !(0.0..=1.0).contains(&x) {
                    return 0.0;
                }
                let ln_beta = math::ln_gamma(a) + math::ln_gamma(b) - math::ln_gamma(a + b);
                let ln_x = if x > 0.0 {
                    math::ln(x)
                } else {
                    f64::NEG_INFINITY
                };
                let ln_1mx = if x < 1.0 {
                    math::ln(1.0 - x)
                } else {
                    f64::NEG_INFINITY
                };
                let log_d = (a - 1.0) * ln_x + (b - 1.0) * ln_1mx - ln_beta;
                // 0·(−∞) at the edges when a or b equals 1.
                if log_d.is_nan() {
                    math::exp(-ln_beta)
                } else {
                    math::exp(log_d)
                }
            }
            Posterior::Normal { mean, sd } => math::normal_pdf((x - mean) / sd) / sd,
            Posterior::StudentT { loc, scale, dof } => {
                let z = (x - loc) / scale;
                let ln_c = math::ln_gamma(0.5 * (dof + 1.0))
                    - math::ln_gamma(0.5 * dof)
                    - 0.5 * math::ln(dof * std::f64::consts::PI);
                math::exp(ln_c - 0.5 * (dof + 1.0) * math::ln_1p(z * z / dof)) / scale
            }
        }
    }

    /// A plotting range that holds nearly all of the mass.
    pub fn support_hint(&self) -> (f64, f64) {
        match *self {
            Posterior::Beta { .. } => (0.0, 1.0),
            Posterior::Normal { mean, sd } => (mean - 4.0 * sd, mean + 4.0 * sd),
            Posterior::StudentT { loc, scale, .. } => (loc - 6.0 * scale, loc + 6.0 * scale),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn integrate(p: &Posterior, f: impl Fn(f64) -> f64, lo: f64, hi: f64) -> f64 {
        let n = 20_000;
        let h = (hi - lo) / n as f64;
        (0..n)
            .map(|i| {
                let x = lo + (i as f64 + 0.5) * h;
                f(x) * p.density(x) * h
            })
            .sum()
    }

    #[test]
    fn densities_integrate_to_one_and_match_their_moments() {
        let cases = [
            Posterior::Beta { a: 3.0, b: 5.0 },
            Posterior::Normal { mean: 0.4, sd: 0.2 },
            Posterior::StudentT {
                loc: 1.0,
                scale: 0.5,
                dof: 9.0,
            },
        ];
        for p in cases {
            let (lo, hi) = match p {
                Posterior::StudentT { .. } => (-60.0, 60.0),
                _ => p.support_hint(),
            };
            let mass = integrate(&p, |_| 1.0, lo, hi);
            let mean = integrate(&p, |x| x, lo, hi);
            let var = integrate(&p, |x| (x - p.mean()) * (x - p.mean()), lo, hi);
            assert!((mass - 1.0).abs() < 1e-4, "{p:?} mass {mass}");
            assert!((mean - p.mean()).abs() < 1e-4, "{p:?} mean {mean}");
            assert!((var - p.variance()).abs() < 1e-3, "{p:?} var {var}");
        }
    }

    #[test]
    fn uniform_beta_has_density_one_at_the_edges() {
        let p = Posterior::Beta { a: 1.0, b: 1.0 };
        assert!((p.density(0.0) - 1.0).abs() < 1e-12);
        assert!((p.density(1.0) - 1.0).abs() < 1e-12);
    }
}
