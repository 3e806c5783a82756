//! The proxy reward models: Bradley–Terry fits of r̂ to the labels, linear (r̂ = θᵀφ,
//! fitted by Newton's method to a gradient below 1e-12) or a one-hidden-layer tanh MLP
//! (r̂ = aᵀtanh(Wφ + b), fitted by full-batch gradient descent with heavy-ball momentum
//! for `epochs` steps), each with an L2 penalty. The loss is
//! L = (1/N)·Σ_i c_i·(−ln σ(r̂(y_i⁺) − r̂(y_i⁻))) + (l2/2)·‖params‖², where c_i counts label
//! i in the member's bootstrap resample (every c_i = 1 for a single proxy).
//!
//! An ensemble's members differ only in their resample (and, for the MLP, their
//! initialisation): each has its own stream. Every member's rewards are centred to mean
//! 0 under π_ref, since Bradley–Terry identifies a reward only up to a constant and the
//! worst-case and uncertainty-weighted combinations compare members response by response.

use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::{OveroptEnv, ProxyKind, RewardMode};

use super::world::{self, Label, World, dot};
use crate::linalg::cholesky_solve;

/// Newton stops when the gradient's norm is below this.
pub const NEWTON_TOLERANCE: f64 = 1e-12;
const NEWTON_ITERATIONS: usize = 100;
/// The MLP's gradient-descent step and momentum.
pub const MLP_LEARNING_RATE: f64 = 0.2;
pub const MLP_MOMENTUM: f64 = 0.9;

#[derive(Clone, Debug, PartialEq)]
pub enum Params {
    Linear(Vec<f64>),
    /// `w` is h rows of d, then `b` and `a`, h each.
    Mlp {
        w: Vec<Vec<f64>>,
        b: Vec<f64>,
        a: Vec<f64>,
    },
}

impl Params {
    fn flat(&self) -> Vec<f64> {
        match self {
            Params::Linear(t) => t.clone(),
            Params::Mlp { w, b, a } => w
                .iter()
                .flatten()
                .chain(b.iter())
                .chain(a.iter())
                .copied()
                .collect(),
        }
    }

    fn with_flat(&self, x: &[f64]) -> Params {
        match self {
            Params::Linear(_) => Params::Linear(x.to_vec()),
            Params::Mlp { w, b, .. } => {
                let (h, d) = (b.len(), w.first().map_or(0, Vec::len));
                Params::Mlp {
                    w: (0..h).map(|j| x[j * d..(j + 1) * d].to_vec()).collect(),
                    b: x[h * d..h * d + h].to_vec(),
                    a: x[h * d + h..h * d + 2 * h].to_vec(),
                }
            }
        }
    }

    /// r̂(φ).
    pub fn reward(&self, phi: &[f64]) -> f64 {
        match self {
            Params::Linear(t) => dot(t, phi),
            Params::Mlp { w, b, a } => w
                .iter()
                .zip(b)
                .zip(a)
                .map(|((wj, bj), aj)| aj * tanh(dot(wj, phi) + bj))
                .sum(),
        }
    }
}

/// tanh through the portable sigmoid: tanh z = 2σ(2z) − 1.
pub fn tanh(z: f64) -> f64 {
    2.0 * math::sigmoid(2.0 * z) - 1.0
}

/// One fitted proxy.
#[derive(Clone, Debug)]
pub struct Member {
    pub params: Params,
    /// How often each label is in this member's resample.
    pub weights: Vec<f64>,
    /// r̂_k(y) for every response, centred under π_ref.
    pub rewards: Vec<f64>,
    /// ‖∇L‖ at the fitted parameters.
    pub gradient_norm: f64,
    /// Newton iterations or gradient steps taken.
    pub iterations: usize,
}

/// The ensemble, or one proxy per part of the gold reward.
#[derive(Clone, Debug)]
pub struct Proxy {
    pub kind: ProxyKind,
    pub members: Vec<Member>,
    /// The members are the parts' proxies: the reward to optimise is their sum.
    pub parts: bool,
}

/// The loss and its gradient in the flattened parameters.
pub fn loss_and_gradient(
    params: &Params,
    world: &World,
    weights: &[f64],
    l2: f64,
) -> (f64, Vec<f64>) {
    let labels = &world.labels;
    let n = labels.len() as f64;
    let flat = params.flat();
    let mut loss = 0.5 * l2 * dot(&flat, &flat);
    let mut grad: Vec<f64> = flat.iter().map(|x| l2 * x).collect();
    match params {
        Params::Linear(theta) => {
            for (label, c) in labels.iter().zip(weights) {
                if *c == 0.0 {
                    continue;
                }
                let x = difference(world, label);
                let m = dot(theta, &x);
                loss -= c * math::log_sigmoid(m) / n;
                let s = c * math::sigmoid(-m) / n;
                for (g, xi) in grad.iter_mut().zip(&x) {
                    *g -= s * xi;
                }
            }
        }
        Params::Mlp { w, b, a } => {
            let (h, d) = (b.len(), w.first().map_or(0, Vec::len));
            // dL/dr̂(y) for the responses the labels name.
            let mut dr = vec![0.0; world.responses()];
            let mut cache: Vec<Option<f64>> = vec![None; world.responses()];
            let mut r =
                |y: usize| *cache[y].get_or_insert_with(|| params.reward(&world.features[y]));
            for (label, c) in labels.iter().zip(weights) {
                if *c == 0.0 {
                    continue;
                }
                let m = r(label.winner) - r(label.loser);
                loss -= c * math::log_sigmoid(m) / n;
                let s = c * math::sigmoid(-m) / n;
                dr[label.winner] -= s;
                dr[label.loser] += s;
            }
            for (y, g) in dr.iter().enumerate() {
                if *g == 0.0 {
                    continue;
                }
                let phi = &world.features[y];
                for j in 0..h {
                    let t = tanh(dot(&w[j], phi) + b[j]);
                    grad[h * d + h + j] += g * t;
                    let dz = g * a[j] * (1.0 - t * t);
                    grad[h * d + j] += dz;
                    for (k, p) in phi.iter().enumerate() {
                        grad[j * d + k] += dz * p;
                    }
                }
            }
        }
    }
    (loss, grad)
}

fn difference(world: &World, label: &Label) -> Vec<f64> {
    world.features[label.winner]
        .iter()
        .zip(&world.features[label.loser])
        .map(|(a, b)| a - b)
        .collect()
}

fn norm(x: &[f64]) -> f64 {
    dot(x, x).sqrt()
}

/// Newton's method with backtracking on the (strictly convex) linear loss.
fn fit_linear(world: &World, weights: &[f64], l2: f64) -> (Params, usize) {
    let d = world.features[0].len();
    let n = world.labels.len() as f64;
    let mut theta = Params::Linear(vec![0.0; d]);
    let (mut loss, mut grad) = loss_and_gradient(&theta, world, weights, l2);
    let mut it = 0;
    while it < NEWTON_ITERATIONS && norm(&grad) > NEWTON_TOLERANCE {
        it += 1;
        let Params::Linear(t) = &theta else {
            unreachable!()
        };
        let mut hess = vec![vec![0.0; d]; d];
        for (i, row) in hess.iter_mut().enumerate() {
            row[i] = l2;
        }
        for (label, c) in world.labels.iter().zip(weights) {
            if *c == 0.0 {
                continue;
            }
            let x = difference(world, label);
            let m = dot(t, &x);
            let s = c * math::sigmoid(m) * math::sigmoid(-m) / n;
            for i in 0..d {
                for j in 0..d {
                    hess[i][j] += s * x[i] * x[j];
                }
            }
        }
        let step = cholesky_solve(hess.concat(), &grad, grad.len());
        let mut size = 1.0;
        loop {
            let next: Vec<f64> = t.iter().zip(&step).map(|(a, s)| a - size * s).collect();
            let candidate = Params::Linear(next);
            let (l, g) = loss_and_gradient(&candidate, world, weights, l2);
            if l <= loss + 1e-15 * loss.abs() || size < 1e-10 {
                theta = candidate;
                loss = l;
                grad = g;
                break;
            }
            size *= 0.5;
        }
    }
    (theta, it)
}

/// Full-batch gradient descent with heavy-ball momentum from a seeded initialisation.
fn fit_mlp(world: &World, weights: &[f64], env: &OveroptEnv, rng: &mut Rng) -> (Params, usize) {
    let (h, d) = (env.hidden, env.features);
    let init = Params::Mlp {
        w: (0..h)
            .map(|_| (0..d).map(|_| rng.normal() / (d as f64).sqrt()).collect())
            .collect(),
        b: (0..h).map(|_| 0.1 * rng.normal()).collect(),
        a: (0..h).map(|_| rng.normal() / (h as f64).sqrt()).collect(),
    };
    let mut x = init.flat();
    let mut v = vec![0.0; x.len()];
    for _ in 0..env.epochs {
        let (_, g) = loss_and_gradient(&init.with_flat(&x), world, weights, env.l2);
        for ((xi, vi), gi) in x.iter_mut().zip(v.iter_mut()).zip(&g) {
            *vi = MLP_MOMENTUM * *vi - MLP_LEARNING_RATE * gi;
            *xi += *vi;
        }
    }
    (init.with_flat(&x), env.epochs)
}

impl Proxy {
    pub fn fit(world: &World, env: &OveroptEnv, seed: u64) -> Self {
        if !world.parts.is_empty() {
            let members = (0..world.parts.len())
                .map(|k| Self::member(&world.for_part(k), env, seed, k, false))
                .collect();
            return Proxy {
                kind: env.proxy,
                members,
                parts: true,
            };
        }
        let members = (0..env.ensemble)
            .map(|k| Self::member(world, env, seed, k, env.ensemble > 1))
            .collect();
        Proxy {
            kind: env.proxy,
            members,
            parts: false,
        }
    }

    /// Member `k`, fitted to every label or (`resample`) to its bootstrap resample.
    fn member(world: &World, env: &OveroptEnv, seed: u64, k: usize, resample: bool) -> Member {
        // A compositional model sees the attributes, not φ itself.
        let attributed;
        let world = if env.proxy == ProxyKind::Compositional {
            attributed = world.with_attributes();
            &attributed
        } else {
            world
        };
        let n = world.labels.len();
        let mut rng = Rng::stream(seed, &[world::PROXY, k as u64]);
        let weights = if resample {
            let mut w = vec![0.0; n];
            for _ in 0..n {
                w[rng.below(n)] += 1.0;
            }
            w
        } else {
            vec![1.0; n]
        };
        let (params, iterations) = match env.proxy {
            ProxyKind::Linear | ProxyKind::Compositional => fit_linear(world, &weights, env.l2),
            ProxyKind::Mlp => fit_mlp(world, &weights, env, &mut rng),
        };
        let (_, g) = loss_and_gradient(&params, world, &weights, env.l2);
        let raw: Vec<f64> = world.features.iter().map(|f| params.reward(f)).collect();
        Member {
            rewards: world::centred(&world.reference, &raw),
            gradient_norm: norm(&g),
            params,
            weights,
            iterations,
        }
    }

    /// The reward a learner optimises: the members' mean, their minimum, or their mean
    /// less `penalty` times their variance (population variance over the K members).
    pub fn combined(&self, mode: RewardMode, penalty: f64) -> Vec<f64> {
        let k = self.members.len() as f64;
        let n = self.members[0].rewards.len();
        (0..n)
            .map(|y| {
                let values = self.members.iter().map(|m| m.rewards[y]);
                let mean = values.clone().sum::<f64>() / k;
                match mode {
                    RewardMode::Mean if self.parts => values.sum(),
                    RewardMode::Mean => mean,
                    RewardMode::WorstCase => values.fold(f64::INFINITY, f64::min),
                    RewardMode::UncertaintyWeighted => {
                        let var = values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / k;
                        mean - penalty * var
                    }
                }
            })
            .collect()
    }
}
