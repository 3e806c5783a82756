//! Bandit environments at run time.

use std::sync::Arc;

use crate::rng::Rng;
use crate::scenario::EnvSpec;

use super::adversary::RiggedTable;

/// How rewards are made, with the state that needs.
#[derive(Clone, Debug)]
enum Kind {
    Bernoulli,
    Gaussian {
        sds: Vec<f64>,
    },
    /// Gaussian, sd 1, with q* taking a random walk of step sd `walk_sd`.
    Walk {
        walk_sd: f64,
        walk: Rng,
    },
    Rigged {
        table: Arc<RiggedTable>,
    },
}

/// One learner's copy of the environment in one run. Every learner of a run gets an
/// identical copy (same q*, same random walk), so they face the same problem.
#[derive(Clone, Debug)]
pub struct Env {
    kind: Kind,
    /// Current true mean of each arm (for the rigged adversary: this step's payouts).
    q: Vec<f64>,
    /// The arm regret is measured against (kept up to date: asked for every step).
    best: usize,
    t: usize,
}

impl Env {
    /// The environment of run `run`. `rigged` is the adversary's table, built once per
    /// experiment (it needs no randomness).
    pub fn new(spec: &EnvSpec, seed: u64, run: u64, rigged: Option<&Arc<RiggedTable>>) -> Self {
        let mut setup = Rng::stream(seed, &[run, super::streams::ENV]);
        let (kind, q) = match spec {
            EnvSpec::Bernoulli { means } => (Kind::Bernoulli, means.clone()),
            EnvSpec::GaussianTestbed { arms, offset } => {
                let q = (0..*arms).map(|_| offset + setup.normal()).collect();
                (
                    Kind::Gaussian {
                        sds: vec![1.0; *arms],
                    },
                    q,
                )
            }
            EnvSpec::Gaussian { means, sds } => {
                (Kind::Gaussian { sds: sds.clone() }, means.clone())
            }
            EnvSpec::Nonstationary {
                arms,
                walk_sd,
                initial,
            } => (
                Kind::Walk {
                    walk_sd: *walk_sd,
                    walk: Rng::stream(seed, &[run, super::streams::WALK]),
                },
                vec![*initial; *arms],
            ),
            EnvSpec::Adversarial { .. } => {
                let table = Arc::clone(rigged.expect("adversarial env needs its table"));
                let q = table.payouts(0);
                (Kind::Rigged { table }, q)
            }
        };
        let mut env = Env {
            kind,
            q,
            best: 0,
            t: 0,
        };
        env.best = env.find_best();
        env
    }

    fn find_best(&self) -> usize {
        match &self.kind {
            Kind::Rigged { table } => table.best_arm(),
            _ => argmax_first(&self.q),
        }
    }

    /// True mean of every arm now (for the adversary, what each arm pays this step).
    pub fn means(&self) -> &[f64] {
        &self.q
    }

    /// The arm regret is measured against: the best mean now, or for the adversary the
    /// best fixed arm in hindsight over the whole horizon.
    pub fn optimal_arm(&self) -> usize {
        self.best
    }

    /// Expected regret of pulling `arm` now: q(a*) − q(arm) (pseudo-regret; for the
    /// adversary, the realised payout gap to the best fixed arm, which may be negative).
    pub fn regret_of(&self, arm: usize) -> f64 {
        self.q[self.optimal_arm()] - self.q[arm]
    }

    /// Pull an arm: draws the reward with the learner's own noise stream.
    pub fn pull(&self, arm: usize, noise: &mut Rng) -> f64 {
        match &self.kind {
            Kind::Bernoulli => f64::from(u8::from(noise.bernoulli(self.q[arm]))),
            Kind::Gaussian { sds } => self.q[arm] + sds[arm] * noise.normal(),
            Kind::Walk { .. } => self.q[arm] + noise.normal(),
            Kind::Rigged { .. } => self.q[arm],
        }
    }

    /// Move to the next step (random walk, next row of the adversary's table).
    pub fn advance(&mut self) {
        self.t += 1;
        match &mut self.kind {
            Kind::Walk { walk_sd, walk } => {
                for q in &mut self.q {
                    *q += *walk_sd * walk.normal();
                }
                self.best = argmax_first(&self.q);
            }
            Kind::Rigged { table } => {
                if self.t < table.horizon() {
                    self.q = table.payouts(self.t);
                }
            }
            Kind::Bernoulli | Kind::Gaussian { .. } => {}
        }
    }
}

/// Index of the largest value; the first one on ties.
pub fn argmax_first(xs: &[f64]) -> usize {
    super::agent::argmax_by(xs.len(), |i| xs[i])
}
