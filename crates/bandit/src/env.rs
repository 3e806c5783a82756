//! Bandit environments at run time.

// Lane loops index several arrays by lane: `for l in 0..LANES` says so more plainly
// than an iterator over one of them zipped with the others.
#![allow(clippy::needless_range_loop)]

use std::sync::Arc;

use playground_core::lanes::{self, LANES, Lanes, RngLanes};
use playground_core::rng::Rng;
use playground_core::scenario::EnvSpec;

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

/// One run's environment as it starts. Every learner of a run gets an identical copy
/// (same q*, same random walk), so they face the same problem; the engine steps a
/// block's copies together ([`EnvLanes`]).
#[derive(Clone, Debug)]
pub struct Env {
    kind: Kind,
    /// True mean of each arm (for the rigged adversary: the first step's payouts).
    q: Vec<f64>,
    /// The arm regret is measured against: the best mean, or for the adversary the best
    /// fixed arm in hindsight over the whole horizon.
    best: usize,
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
        let mut env = Env { kind, q, best: 0 };
        env.best = env.find_best();
        env
    }

    fn find_best(&self) -> usize {
        match &self.kind {
            Kind::Rigged { table } => table.best_arm(),
            _ => argmax_first(&self.q),
        }
    }

    /// True mean of every arm at the start (for the adversary, the first step's payouts).
    pub fn means(&self) -> &[f64] {
        &self.q
    }
}

/// A block of runs' copies of the environment, as the engine steps them: each arm's mean
/// across the runs side by side (see [`playground_core::lanes`]).
#[derive(Clone, Debug)]
pub(crate) struct EnvLanes {
    kind: LanesKind,
    /// q[arm][lane]: each run's true mean of each arm now.
    q: Vec<Lanes<f64>>,
    /// Each run's optimal arm and its mean (kept up to date: asked for every step).
    best: Lanes<u64>,
    best_q: Lanes<f64>,
    t: usize,
}

/// One step of a block's runs: the arm each run's agent chose, and what came of it.
#[derive(Debug)]
pub(crate) struct Pulls {
    pub arms: Lanes<u64>,
    pub rewards: Lanes<f64>,
    /// q(a*) − q(arm): the pull's expected regret (pseudo-regret; for the adversary, the
    /// realised payout gap to the best fixed arm, which may be negative).
    pub gaps: Lanes<f64>,
    /// 1 where the pulled arm is an optimal one, else 0: a number, so that the metrics add
    /// 100 × it. A choice between 100 and 0 became branches in the loop over the runs in
    /// the browser's machine code (V8 chose between the two floats by jumping), and the
    /// engine's ε-greedy and UCB ran 12% and 16% slower there.
    pub optimal: Lanes<f64>,
}

impl Pulls {
    pub fn new() -> Self {
        Pulls {
            arms: [0; LANES],
            rewards: [0.0; LANES],
            gaps: [0.0; LANES],
            optimal: [0.0; LANES],
        }
    }
}

/// [`Kind`], with the random walk's generators side by side.
#[derive(Clone, Debug)]
enum LanesKind {
    Bernoulli,
    Gaussian { sds: Vec<f64> },
    Walk { walk_sd: f64, walk: Box<RngLanes> },
    Rigged { table: Arc<RiggedTable> },
}

impl EnvLanes {
    /// The environments of a block's lanes, in lane order (one per lane, all of one spec).
    pub fn new(envs: Vec<Env>) -> Self {
        let arms = envs[0].q.len();
        let q = (0..arms)
            .map(|a| std::array::from_fn(|l| envs[l].q[a]))
            .collect();
        let best = std::array::from_fn(|l| envs[l].best as u64);
        let kind = match &envs[0].kind {
            Kind::Bernoulli => LanesKind::Bernoulli,
            Kind::Gaussian { sds } => LanesKind::Gaussian { sds: sds.clone() },
            Kind::Walk { walk_sd, .. } => LanesKind::Walk {
                walk_sd: *walk_sd,
                walk: Box::new(RngLanes::new(envs.iter().map(|e| match &e.kind {
                    Kind::Walk { walk, .. } => walk.clone(),
                    _ => unreachable!("a block's environments share their spec"),
                }))),
            },
            Kind::Rigged { table } => LanesKind::Rigged {
                table: Arc::clone(table),
            },
        };
        let best_q = std::array::from_fn(|l| envs[l].q[envs[l].best]);
        EnvLanes {
            kind,
            q,
            best,
            best_q,
            t: 0,
        }
    }

    /// Lane `l`'s true means now.
    pub fn means(&self, l: usize) -> Vec<f64> {
        lanes::column(&self.q, l)
    }

    /// Each lane pulls the arm in `p.arms`: the rewards, drawn with the lanes' own noise
    /// streams, and the pulls' gaps to the optimal arm.
    #[inline(always)]
    pub fn pull(&self, noise: &mut RngLanes, p: &mut Pulls) {
        let mut mean = [0.0; LANES];
        for (l, (m, &arm)) in mean.iter_mut().zip(&p.arms).enumerate() {
            *m = self.q[arm as usize][l];
        }
        for l in 0..LANES {
            p.gaps[l] = self.best_q[l] - mean[l];
            p.optimal[l] = f64::from(u8::from(p.arms[l] == self.best[l]));
        }
        let rewards = &mut p.rewards;
        match &self.kind {
            LanesKind::Bernoulli => {
                let mut u = [0.0; LANES];
                noise.uniforms(&mut u);
                for l in 0..LANES {
                    rewards[l] = f64::from(u8::from(u[l] < mean[l]));
                }
            }
            LanesKind::Gaussian { sds } => {
                noise.normals(rewards);
                for l in 0..LANES {
                    rewards[l] = mean[l] + sds[p.arms[l] as usize] * rewards[l];
                }
            }
            LanesKind::Walk { .. } => {
                noise.normals(rewards);
                for l in 0..LANES {
                    rewards[l] += mean[l];
                }
            }
            LanesKind::Rigged { .. } => *rewards = mean,
        }
    }

    /// Move to the next step (random walk, next row of the adversary's table).
    #[inline(always)]
    pub fn advance(&mut self) {
        self.t += 1;
        match &mut self.kind {
            LanesKind::Walk { walk_sd, walk } => {
                let mut z = [0.0; LANES];
                for q in &mut self.q {
                    walk.normals(&mut z);
                    for l in 0..LANES {
                        q[l] += *walk_sd * z[l];
                    }
                }
                lanes::argmax(&self.q, &mut self.best, &mut self.best_q);
            }
            LanesKind::Rigged { table } => {
                if self.t < table.horizon() {
                    for (q, pays) in self.q.iter_mut().zip(table.payouts(self.t)) {
                        *q = [pays; LANES];
                    }
                    for l in 0..LANES {
                        self.best_q[l] = self.q[self.best[l] as usize][l];
                    }
                }
            }
            LanesKind::Bernoulli | LanesKind::Gaussian { .. } => {}
        }
    }
}

/// Index of the largest value; the first one on ties.
pub fn argmax_first(xs: &[f64]) -> usize {
    super::agent::argmax_by(xs.len(), |i| xs[i])
}
