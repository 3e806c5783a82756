//! Bandit agents: each chooses an arm, then learns from the reward.
//!
//! Plain enum dispatch keeps the hot loop free of virtual calls and lets the Verify panel
//! read any agent's state.

use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::AgentSpec;

use super::posterior::Posterior;

/// An agent's learning state in one run.
#[derive(Clone, Debug)]
pub enum Agent {
    EpsilonGreedy(ValueTable, f64),
    Ucb(ValueTable, f64),
    KlUcb(ValueTable, f64),
    ThompsonBeta { a: Vec<f64>, b: Vec<f64> },
    ThompsonGaussian(GaussianTs),
    ThompsonNormalGamma(NormalGammaTs),
    Gradient(GradientBandit),
    Exp3(Exp3),
}

/// Action-value estimates Q(a) with pull counts N(a), updated by sample averages or by a
/// constant step size.
#[derive(Clone, Debug)]
pub struct ValueTable {
    pub q: Vec<f64>,
    pub n: Vec<u64>,
    /// 1/√N(a), kept with N so UCB's per-step index costs a multiply-add per arm. Empty
    /// for the agents that do not need it (a square root per step is not free).
    pub(super) inv_sqrt_n: Vec<f64>,
    pub(super) step_size: Option<f64>,
    /// Total pulls so far (t − 1 at the moment of choosing).
    pub t: u64,
}

impl ValueTable {
    pub(crate) fn new(arms: usize, initial: f64, step_size: Option<f64>) -> Self {
        ValueTable {
            q: vec![initial; arms],
            n: vec![0; arms],
            inv_sqrt_n: Vec::new(),
            step_size,
            t: 0,
        }
    }

    #[inline]
    pub(crate) fn learn(&mut self, arm: usize, reward: f64) {
        self.n[arm] += 1;
        if let Some(s) = self.inv_sqrt_n.get_mut(arm) {
            *s = 1.0 / math::count(self.n[arm]).sqrt();
        }
        self.t += 1;
        let step = self.step_size.unwrap_or(1.0 / math::count(self.n[arm]));
        self.q[arm] += step * (reward - self.q[arm]);
    }
}

/// Thompson sampling with known noise: a Gaussian posterior on each arm's mean.
#[derive(Clone, Debug)]
pub struct GaussianTs {
    pub prior_mean: f64,
    pub prior_sd: f64,
    pub noise_sd: f64,
    pub n: Vec<u64>,
    pub sum: Vec<f64>,
    /// Each arm's posterior (mean, sd), refreshed when the arm is pulled: sampling then
    /// costs one normal draw and a multiply-add per arm.
    pub(super) posterior: Vec<(f64, f64)>,
    /// The prior's and the noise's precisions, 1/sd² (two divisions fewer per update).
    pub(super) precisions: (f64, f64),
}

/// Thompson sampling with unknown variance: sufficient statistics per arm under a
/// Normal–Gamma prior (n, mean, sum of squared deviations M2, kept by Welford's method).
#[derive(Clone, Debug)]
pub struct NormalGammaTs {
    pub mu0: f64,
    pub lambda0: f64,
    pub alpha0: f64,
    pub beta0: f64,
    pub n: Vec<u64>,
    pub mean: Vec<f64>,
    pub m2: Vec<f64>,
}

/// Softmax preferences H(a), learned by stochastic gradient ascent on expected reward.
#[derive(Clone, Debug)]
pub struct GradientBandit {
    pub alpha: f64,
    pub baseline: bool,
    pub h: Vec<f64>,
    /// softmax(h), kept in step with h (computing it costs k exponentials).
    pi: Vec<f64>,
    /// Average of the rewards before this step (R̄); used only with the baseline.
    pub avg_reward: f64,
    pub t: u64,
}

/// EXP3: exponential weights with γ-uniform exploration, importance-weighted rewards.
#[derive(Clone, Debug)]
pub struct Exp3 {
    pub gamma: f64,
    /// Log-weights, kept shifted so their maximum is 0 (no overflow on long runs).
    pub log_w: Vec<f64>,
}

impl ValueTable {
    /// A table for UCB, which also keeps 1/√N(a).
    pub(crate) fn for_ucb(arms: usize) -> Self {
        let mut v = ValueTable::new(arms, 0.0, None);
        v.inv_sqrt_n = vec![f64::INFINITY; arms];
        v
    }

    /// UCB's choice at time t = pulls + 1: an untried arm first (lowest index), otherwise
    /// the largest Q(a) + c·√(ln t / N(a)), ties to the lowest index. Deterministic on
    /// purpose (see the adversary).
    pub fn ucb_choice(&self, c: f64) -> usize {
        self.ucb_choice_at(c, sqrt_ln(self.t + 1))
    }

    /// [`Self::ucb_choice`] given √(ln t), which is the same for every run at a step: the
    /// experiment works it out once per step instead of once per run.
    #[inline]
    fn ucb_choice_at(&self, c: f64, sqrt_ln_t: f64) -> usize {
        // Untried arms come first, one per step, so after k pulls every arm has been tried.
        if (self.t as usize) < self.n.len()
            && let Some(a) = self.n.iter().position(|&k| k == 0)
        {
            return a;
        }
        debug_assert!(self.n.iter().all(|&k| k > 0), "UCB left an arm untried");
        let bonus = c * sqrt_ln_t;
        argmax_by(self.q.len(), |a| self.q[a] + bonus * self.inv_sqrt_n[a])
    }
}

/// √(ln t), the growth of UCB's exploration bonus.
pub fn sqrt_ln(t: u64) -> f64 {
    math::ln(math::count(t)).sqrt()
}

/// The index in 0..len with the largest f(index); the first one on ties. Allocation-free,
/// because it runs once per agent per step.
#[inline]
pub fn argmax_by(len: usize, mut f: impl FnMut(usize) -> f64) -> usize {
    let mut best = 0;
    let mut best_value = f(0);
    for i in 1..len {
        let v = f(i);
        if v > best_value {
            best = i;
            best_value = v;
        }
    }
    best
}

/// KL-UCB's index for an arm with mean `q` after `n` pulls at time t: the largest u in
/// [q, 1] with n·kl(q, u) ≤ ln t + c·ln ln t.
///
/// kl(q, ·) is convex and increasing on [q, 1], and Pinsker's inequality kl ≥ 2(u − q)²
/// puts the root below q + √(d/2); Newton's method started there descends monotonically
/// onto the root in a handful of steps (bisection would need ~35).
pub fn kl_ucb_index(q: f64, n: u64, t: u64, c: f64) -> f64 {
    let t = t as f64;
    let d = (math::ln(t) + c * math::ln(math::ln(t).max(1.0))) / n as f64;
    let q = q.clamp(0.0, 1.0);
    let top = 1.0 - 1e-12;
    if q >= top || math::bernoulli_kl(q, top) <= d {
        return 1.0;
    }
    let mut u = (q + (0.5 * d).sqrt()).min(top);
    for _ in 0..100 {
        let f = math::bernoulli_kl(q, u) - d;
        let slope = (u - q) / (u * (1.0 - u));
        if f <= 1e-13 || slope <= 0.0 {
            break;
        }
        u -= f / slope;
    }
    u.max(q)
}

/// The greedy arm with ties broken uniformly at random. One pass finds the first maximum,
/// a second counts its ties; only when there are ties (mostly in the first steps) is a
/// random number drawn.
#[inline]
fn argmax_random(xs: &[f64], rng: &mut Rng) -> usize {
    // A branch per arm, not a compare-and-select: the greedy arm changes rarely once the
    // estimates settle, so the branches are predicted (measured on AMD EPYC: ε-greedy
    // 51 → 72 M agent-steps/s over a branch-free two-chain pass).
    let best = argmax_by(xs.len(), |i| xs[i]);
    let top = xs[best];
    let ties = xs.iter().filter(|&&x| x == top).count();
    if ties == 1 {
        return best;
    }
    let mut k = rng.below(ties);
    for (i, &x) in xs.iter().enumerate().skip(best) {
        if x == top {
            if k == 0 {
                return i;
            }
            k -= 1;
        }
    }
    unreachable!("the maximum is in the slice")
}

impl Exp3 {
    /// The arm probabilities (1 − γ)·w/Σw + γ/k.
    pub fn probabilities(&self) -> Vec<f64> {
        let k = self.log_w.len() as f64;
        math::softmax(&self.log_w)
            .into_iter()
            .map(|p| (1.0 - self.gamma) * p + self.gamma / k)
            .collect()
    }
}

impl GradientBandit {
    /// The policy π(a) = softmax(H)(a).
    pub fn policy(&self) -> Vec<f64> {
        self.pi.clone()
    }
}

impl Agent {
    pub fn new(spec: &AgentSpec, arms: usize) -> Self {
        match *spec {
            AgentSpec::EpsilonGreedy {
                epsilon,
                step_size,
                initial,
                ..
            } => Agent::EpsilonGreedy(ValueTable::new(arms, initial, step_size), epsilon),
            AgentSpec::Ucb { c, .. } => Agent::Ucb(ValueTable::for_ucb(arms), c),
            AgentSpec::KlUcb { c, .. } => Agent::KlUcb(ValueTable::new(arms, 0.0, None), c),
            AgentSpec::ThompsonBeta {
                prior_a, prior_b, ..
            } => Agent::ThompsonBeta {
                a: vec![prior_a; arms],
                b: vec![prior_b; arms],
            },
            AgentSpec::ThompsonGaussian {
                prior_mean,
                prior_sd,
                noise_sd,
                ..
            } => Agent::ThompsonGaussian(GaussianTs {
                prior_mean,
                prior_sd,
                noise_sd,
                n: vec![0; arms],
                sum: vec![0.0; arms],
                posterior: vec![(prior_mean, prior_sd); arms],
                precisions: (1.0 / (prior_sd * prior_sd), 1.0 / (noise_sd * noise_sd)),
            }),
            AgentSpec::ThompsonNormalGamma {
                mu0,
                lambda0,
                alpha0,
                beta0,
                ..
            } => Agent::ThompsonNormalGamma(NormalGammaTs {
                mu0,
                lambda0,
                alpha0,
                beta0,
                n: vec![0; arms],
                mean: vec![0.0; arms],
                m2: vec![0.0; arms],
            }),
            AgentSpec::Gradient {
                alpha, baseline, ..
            } => Agent::Gradient(GradientBandit {
                alpha,
                baseline,
                h: vec![0.0; arms],
                pi: vec![1.0 / arms as f64; arms],
                avg_reward: 0.0,
                t: 0,
            }),
            AgentSpec::Exp3 { gamma, .. } => Agent::Exp3(Exp3 {
                gamma,
                log_w: vec![0.0; arms],
            }),
        }
    }

    /// Choose an arm at step t, using `rng` for any randomness; `sqrt_ln_t` is
    /// [`sqrt_ln`]`(t)`, shared by every run.
    ///
    /// This is each agent's definition, one run at a time. The engine steps the kinds it
    /// has lane kernels for with those (`agent_lanes.rs`, tested to choose exactly as this
    /// does) and every other kind with this, lane by lane: inlined into that loop, as a
    /// call per agent-step cost the browser about 8% of its speed. Thompson sampling's
    /// draws stay out of line ([`Agent::thompson`]): inlined, they ran 15% slower there.
    #[inline(always)]
    pub fn choose(&self, rng: &mut Rng, sqrt_ln_t: f64) -> usize {
        match self {
            Agent::EpsilonGreedy(v, eps) => {
                if *eps > 0.0 && rng.uniform() < *eps {
                    rng.below(v.q.len())
                } else {
                    argmax_random(&v.q, rng)
                }
            }
            Agent::Ucb(v, c) => {
                debug_assert_eq!(sqrt_ln_t, sqrt_ln(v.t + 1));
                v.ucb_choice_at(*c, sqrt_ln_t)
            }
            Agent::KlUcb(v, c) => {
                if let Some(a) = v.n.iter().position(|&k| k == 0) {
                    return a;
                }
                argmax_by(v.q.len(), |a| kl_ucb_index(v.q[a], v.n[a], v.t + 1, *c))
            }
            Agent::ThompsonBeta { .. }
            | Agent::ThompsonGaussian(_)
            | Agent::ThompsonNormalGamma(_) => self.thompson(rng),
            Agent::Gradient(g) => rng.categorical(&g.pi),
            Agent::Exp3(e) => rng.categorical(&e.probabilities()),
        }
    }

    /// Thompson sampling's choice: the arm whose posterior draw is largest.
    #[inline(never)]
    fn thompson(&self, rng: &mut Rng) -> usize {
        match self {
            Agent::ThompsonBeta { a, b } => argmax_by(a.len(), |i| rng.beta(a[i], b[i])),
            Agent::ThompsonGaussian(g) => {
                let mut z = rng.normals();
                argmax_by(g.n.len(), |a| g.sample_mean(a, z.draw()))
            }
            Agent::ThompsonNormalGamma(g) => argmax_by(g.n.len(), |a| g.sample_mean(a, rng)),
            _ => unreachable!("only Thompson agents sample posteriors"),
        }
    }

    /// Learn from the reward of the arm just pulled.
    #[inline(always)]
    pub fn learn(&mut self, arm: usize, reward: f64) {
        match self {
            Agent::EpsilonGreedy(v, _) | Agent::Ucb(v, _) | Agent::KlUcb(v, _) => {
                v.learn(arm, reward)
            }
            Agent::ThompsonBeta { a, b } => {
                // Exact for 0/1 rewards, which is all the [0, 1] environments pay.
                a[arm] += reward;
                b[arm] += 1.0 - reward;
            }
            Agent::ThompsonGaussian(g) => {
                g.n[arm] += 1;
                g.sum[arm] += reward;
                g.posterior[arm] = g.params(arm);
            }
            Agent::ThompsonNormalGamma(g) => {
                g.n[arm] += 1;
                let d = reward - g.mean[arm];
                g.mean[arm] += d / g.n[arm] as f64;
                g.m2[arm] += d * (reward - g.mean[arm]);
            }
            Agent::Gradient(g) => g.learn(arm, reward),
            Agent::Exp3(e) => e.learn(arm, reward),
        }
    }

    /// The posterior over each arm's mean, for Thompson agents.
    pub fn posteriors(&self) -> Option<Vec<Posterior>> {
        match self {
            Agent::ThompsonBeta { a, b } => Some(
                a.iter()
                    .zip(b)
                    .map(|(&a, &b)| Posterior::Beta { a, b })
                    .collect(),
            ),
            Agent::ThompsonGaussian(g) => Some((0..g.n.len()).map(|a| g.posterior(a)).collect()),
            Agent::ThompsonNormalGamma(g) => {
                Some((0..g.n.len()).map(|a| g.mean_posterior(a)).collect())
            }
            _ => None,
        }
    }
}

impl GaussianTs {
    /// Conjugate update: precisions add, means are precision-weighted. Returns (mean, sd).
    /// Always inlined: the web build (size-optimised) left it a call in every Thompson
    /// update, and inlining it made the page's Thompson sampling 5–6% faster.
    #[inline(always)]
    pub fn params(&self, arm: usize) -> (f64, f64) {
        let (prior_prec, noise_prec) = self.precisions;
        let prec = prior_prec + math::count(self.n[arm]) * noise_prec;
        let mean = (prior_prec * self.prior_mean + noise_prec * self.sum[arm]) / prec;
        (mean, (1.0 / prec).sqrt())
    }

    /// The posterior (mean, sd) the agent samples from now.
    pub fn current(&self, arm: usize) -> (f64, f64) {
        self.posterior[arm]
    }

    /// A draw from arm `arm`'s posterior, given a standard normal draw `z`.
    fn sample_mean(&self, arm: usize, z: f64) -> f64 {
        let (mean, sd) = self.posterior[arm];
        mean + sd * z
    }

    pub fn posterior(&self, arm: usize) -> Posterior {
        let (mean, sd) = self.posterior[arm];
        Posterior::Normal { mean, sd }
    }
}

impl NormalGammaTs {
    /// Posterior parameters (μₙ, λₙ, αₙ, βₙ) of an arm.
    pub fn params(&self, arm: usize) -> (f64, f64, f64, f64) {
        let n = self.n[arm] as f64;
        let xbar = self.mean[arm];
        let lambda = self.lambda0 + n;
        let mu = (self.lambda0 * self.mu0 + n * xbar) / lambda;
        let alpha = self.alpha0 + 0.5 * n;
        let dev = xbar - self.mu0;
        let beta = self.beta0 + 0.5 * self.m2[arm] + self.lambda0 * n * dev * dev / (2.0 * lambda);
        (mu, lambda, alpha, beta)
    }

    /// Draw τ ~ Gamma(αₙ, rate βₙ), then μ ~ N(μₙ, 1/(λₙτ)).
    fn sample_mean(&self, arm: usize, rng: &mut Rng) -> f64 {
        let (mu, lambda, alpha, beta) = self.params(arm);
        let tau = rng.gamma(alpha) / beta;
        mu + rng.normal() / (lambda * tau).sqrt()
    }

    /// The marginal posterior of the mean: Student-t with 2αₙ degrees of freedom.
    pub fn mean_posterior(&self, arm: usize) -> Posterior {
        let (mu, lambda, alpha, beta) = self.params(arm);
        Posterior::StudentT {
            loc: mu,
            scale: (beta / (alpha * lambda)).sqrt(),
            dof: 2.0 * alpha,
        }
    }
}

impl GradientBandit {
    /// Sutton & Barto eq. 2.12: H(a) += α(R − R̄)(1[a = A] − π(a)), with R̄ the average of
    /// the rewards before this one (R̄₁ = R₁, so the first step moves nothing).
    fn learn(&mut self, arm: usize, reward: f64) {
        self.t += 1;
        let baseline = if !self.baseline {
            0.0
        } else if self.t == 1 {
            reward
        } else {
            self.avg_reward
        };
        for (a, h) in self.h.iter_mut().enumerate() {
            let indicator = if a == arm { 1.0 } else { 0.0 };
            *h += self.alpha * (reward - baseline) * (indicator - self.pi[a]);
        }
        math::softmax_into(&self.h, &mut self.pi);
        self.avg_reward += (reward - self.avg_reward) / self.t as f64;
    }
}

impl Exp3 {
    /// Importance-weighted reward estimate r/p(a) added to the pulled arm's log-weight.
    fn learn(&mut self, arm: usize, reward: f64) {
        let p = self.probabilities()[arm];
        let k = self.log_w.len() as f64;
        self.log_w[arm] += self.gamma * (reward / p) / k;
        let max = self.log_w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for w in &mut self.log_w {
            *w -= max;
        }
    }
}
