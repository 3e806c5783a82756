//! Preferential BO's model: a latent utility g ~ GP(0, k) (higher is better) seen only
//! through duels, P(a ≻ b | g) = Φ((g(a) − g(b))/(√2σ)). The posterior over g at the
//! dueled points is a skew (unified skew-normal) distribution; it is approximated by a
//! Gaussian at its mode (Laplace) or sampled exactly by elliptical slice sampling (MCMC).

use std::f64::consts::PI;

use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::{Inference, Kernel};

use crate::kernel::{self, Hyper};
use crate::linalg;

/// One answered duel, by positions in the model's list of points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub winner: usize,
    pub loser: usize,
}

/// ln Φ(z), accurate far into the lower tail.
pub fn log_cdf(z: f64) -> f64 {
    if z > -30.0 {
        math::ln(math::normal_cdf(z))
    } else {
        -0.5 * z * z - math::ln(-z) - 0.5 * math::ln(2.0 * PI)
    }
}

/// φ(z)/Φ(z) (the inverse Mills ratio), stable for very negative z.
fn mills(z: f64) -> f64 {
    if z > -8.0 {
        math::normal_pdf(z) / math::normal_cdf(z)
    } else {
        let iz2 = 1.0 / (z * z);
        -z / (1.0 - iz2 + 3.0 * iz2 * iz2)
    }
}

/// The prior at the dueled points and the duels themselves. Everything is computed in
/// whitened coordinates v, g = L v with K = L Lᵀ and v ~ N(0, I) a priori: the posterior's
/// negative Hessian is then I + LᵀWL ⪰ I, well conditioned however close the points are,
/// where K⁻¹ + W would not be.
#[derive(Clone, Debug)]
pub struct Model {
    pub kernel: Kernel,
    pub hyper: Hyper,
    /// σ of the duel in the latent's units.
    pub sigma: f64,
    pub xs: Vec<Vec<f64>>,
    pub duels: Vec<Outcome>,
    /// Cholesky factor of K (jittered).
    chol: Vec<f64>,
}

impl Model {
    pub fn new(
        kernel: Kernel,
        hyper: Hyper,
        sigma: f64,
        xs: Vec<Vec<f64>>,
        duels: Vec<Outcome>,
    ) -> Option<Self> {
        let n = xs.len();
        let k = kernel::matrix(kernel, &hyper, &xs);
        let (chol, _) = linalg::cholesky_jittered(&k, n, 1e-8)?;
        Some(Model {
            kernel,
            hyper,
            sigma,
            xs,
            duels,
            chol,
        })
    }

    fn n(&self) -> usize {
        self.xs.len()
    }

    /// g = L v.
    pub fn latent(&self, v: &[f64]) -> Vec<f64> {
        linalg::lower_times(&self.chol, self.n(), v)
    }

    fn z(&self, g: &[f64], d: &Outcome) -> f64 {
        (g[d.winner] - g[d.loser]) / (std::f64::consts::SQRT_2 * self.sigma)
    }

    /// ln p(duels | g).
    pub fn log_likelihood(&self, g: &[f64]) -> f64 {
        self.duels.iter().map(|d| log_cdf(self.z(g, d))).sum()
    }

    fn log_posterior(&self, v: &[f64]) -> f64 {
        self.log_likelihood(&self.latent(v)) - 0.5 * linalg::dot(v, v)
    }

    /// The likelihood's gradient b and its negative Hessian W in g.
    fn derivatives(&self, g: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let n = self.n();
        let c = 1.0 / (std::f64::consts::SQRT_2 * self.sigma);
        let mut b = vec![0.0; n];
        let mut w = vec![0.0; n * n];
        for d in &self.duels {
            let z = self.z(g, d);
            let r = mills(z);
            let curv = r * (z + r) * c * c;
            b[d.winner] += r * c;
            b[d.loser] -= r * c;
            for (i, si) in [(d.winner, 1.0), (d.loser, -1.0)] {
                for (j, sj) in [(d.winner, 1.0), (d.loser, -1.0)] {
                    w[i * n + j] += si * sj * curv;
                }
            }
        }
        (b, w)
    }

    /// Lᵀb and I + LᵀWL at v.
    fn whitened(&self, v: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let n = self.n();
        let l = &self.chol;
        let (b, w) = self.derivatives(&self.latent(v));
        let ltb = (0..n)
            .map(|i| (i..n).map(|k| l[k * n + i] * b[k]).sum())
            .collect();
        // WL, then Lᵀ(WL).
        let mut wl = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                wl[i * n + j] = (j..n).map(|k| w[i * n + k] * l[k * n + j]).sum();
            }
        }
        let mut h = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                h[i * n + j] = (i..n).map(|k| l[k * n + i] * wl[k * n + j]).sum::<f64>()
                    + if i == j { 1.0 } else { 0.0 };
            }
        }
        (ltb, h)
    }

    /// The Laplace approximation: Newton to the mode v̂, then N(v̂, (I + LᵀWL)⁻¹).
    pub fn laplace(&self) -> Option<Latent> {
        let n = self.n();
        let mut v = vec![0.0; n];
        let mut value = self.log_posterior(&v);
        for _ in 0..100 {
            let (ltb, h) = self.whitened(&v);
            let grad: Vec<f64> = (0..n).map(|i| ltb[i] - v[i]).collect();
            let step_dir = linalg::solve(&linalg::cholesky(&h, n)?, n, &grad);
            // Damped Newton: halve the step until the log posterior does not fall.
            let mut step = 1.0;
            let mut next = v.clone();
            for _ in 0..40 {
                next = (0..n).map(|i| v[i] + step * step_dir[i]).collect();
                if self.log_posterior(&next) >= value {
                    break;
                }
                step *= 0.5;
            }
            let moved = next
                .iter()
                .zip(&v)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            value = self.log_posterior(&next);
            v = next;
            if moved < 1e-12 {
                break;
            }
        }
        let (_, h) = self.whitened(&v);
        let h_chol = linalg::cholesky(&h, n)?;
        Some(Latent::Laplace { mode: v, h_chol })
    }

    /// Elliptical slice sampling (Murray, Adams & MacKay 2010) of the exact posterior of
    /// v (prior N(0, I)): `burn` samples dropped, then `keep` kept.
    pub fn mcmc(&self, keep: usize, burn: usize, rng: &mut Rng) -> Latent {
        let n = self.n();
        let mut v = vec![0.0; n];
        let mut ll = self.log_likelihood(&self.latent(&v));
        let mut samples = Vec::with_capacity(keep);
        for it in 0..burn + keep {
            let nu: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
            let threshold = ll + math::ln(rng.uniform_open());
            let mut theta = rng.uniform() * 2.0 * PI;
            let (mut lo, mut hi) = (theta - 2.0 * PI, theta);
            for _ in 0..200 {
                let (c, s) = (libm::cos(theta), libm::sin(theta));
                let cand: Vec<f64> = (0..n).map(|i| v[i] * c + nu[i] * s).collect();
                let cand_ll = self.log_likelihood(&self.latent(&cand));
                if cand_ll > threshold {
                    v = cand;
                    ll = cand_ll;
                    break;
                }
                if theta < 0.0 {
                    lo = theta;
                } else {
                    hi = theta;
                }
                theta = lo + rng.uniform() * (hi - lo);
            }
            if it >= burn {
                samples.push(v.clone());
            }
        }
        Latent::Samples(samples)
    }

    /// The posterior by the chosen method.
    pub fn posterior(&self, how: Inference, samples: usize, rng: &mut Rng) -> Option<Latent> {
        match how {
            Inference::Laplace => self.laplace(),
            Inference::Mcmc => Some(self.mcmc(samples, samples, rng)),
        }
    }

    /// c = L⁻¹k(X, x) (so E[g(x) | v] = c·v), k(x, x), and Var(g(x) | v) = k(x, x) − ‖c‖².
    fn weights(&self, x: &[f64]) -> (Vec<f64>, f64) {
        let k: Vec<f64> = self
            .xs
            .iter()
            .map(|xi| kernel::cov(self.kernel, &self.hyper, x, xi))
            .collect();
        let c = linalg::forward(&self.chol, self.n(), &k);
        (c, kernel::cov(self.kernel, &self.hyper, x, x))
    }

    /// Mean and standard deviation of g(x).
    pub fn predict(&self, post: &Latent, x: &[f64]) -> (f64, f64) {
        let (c, kxx) = self.weights(x);
        let cond = (kxx - linalg::dot(&c, &c)).max(0.0);
        match post {
            Latent::Laplace { mode, h_chol } => {
                let u = linalg::forward(h_chol, self.n(), &c);
                (linalg::dot(&c, mode), (cond + linalg::dot(&u, &u)).sqrt())
            }
            Latent::Samples(s) => {
                let means: Vec<f64> = s.iter().map(|v| linalg::dot(&c, v)).collect();
                let m = means.iter().sum::<f64>() / means.len() as f64;
                let var = means.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / means.len() as f64;
                (m, (cond + var).sqrt())
            }
        }
    }

    /// The predicted probability that `a` wins a new duel against `b`.
    pub fn duel_probability(&self, post: &Latent, a: &[f64], b: &[f64]) -> f64 {
        let (ca, kaa) = self.weights(a);
        let (cb, kbb) = self.weights(b);
        let kab = kernel::cov(self.kernel, &self.hyper, a, b);
        let diff: Vec<f64> = ca.iter().zip(&cb).map(|(x, y)| x - y).collect();
        // Var(g(a) − g(b) | v).
        let cond = (kaa + kbb - 2.0 * kab - linalg::dot(&diff, &diff)).max(0.0);
        let noise = 2.0 * self.sigma * self.sigma;
        match post {
            Latent::Laplace { mode, h_chol } => {
                let u = linalg::forward(h_chol, self.n(), &diff);
                let var = cond + linalg::dot(&u, &u);
                math::normal_cdf(linalg::dot(&diff, mode) / (noise + var).sqrt())
            }
            Latent::Samples(s) => {
                let sd = (noise + cond).sqrt();
                s.iter()
                    .map(|v| math::normal_cdf(linalg::dot(&diff, v) / sd))
                    .sum::<f64>()
                    / s.len() as f64
            }
        }
    }
}

/// A posterior over g at the model's points.
#[derive(Clone, Debug)]
pub enum Latent {
    /// N(mode, (I + LᵀWL)⁻¹) over v, with that matrix's Cholesky factor.
    Laplace { mode: Vec<f64>, h_chol: Vec<f64> },
    /// Samples of v.
    Samples(Vec<Vec<f64>>),
}

/// The exact probability that `a` beats `b` again after one observed win of `a` over
/// `b`, with no other data: with d = g(a) − g(b) ~ N(0, s²) and c = √2σ,
/// P = E[Φ(d/c)²]/E[Φ(d/c)] = 2·P(Z₁ ≤ d/c, Z₂ ≤ d/c) = ½ + asin(ρ)/π, ρ = s²/(c² + s²)
/// (the bivariate normal orthant probability).
pub fn exact_repeat_probability(s2: f64, sigma: f64) -> f64 {
    let c2 = 2.0 * sigma * sigma;
    0.5 + libm::asin(s2 / (c2 + s2)) / PI
}
