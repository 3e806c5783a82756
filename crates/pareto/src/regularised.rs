//! The KL-regularised learners: each holds a softmax policy (logits) over the outcomes,
//! anchored at π_ref with strength β, and takes one exact mirror-ascent step per step.
//!
//! - Rewarded soups: two experts, one per objective, each climbing toward
//!   π_ref·e^{r_k/β}/Z; the soup at λ interpolates their logits, θ_λ = λθ₁ + (1−λ)θ₂, so
//!   log π_λ = λ log π₁ + (1−λ) log π₂ − log Z — exactly the optimum for the reward
//!   λr₁ + (1−λ)r₂ once the experts have converged.
//!   With `trainer = "adam"` the experts are instead trained by Adam on the gradient the
//!   neural engine's autodiff takes ([`crate::expert`]); the identity above still holds.
//! - Conditioned: one policy with the weight as input, θ_w = log π_ref + w₁a₁ + w₂a₂,
//!   trained at a weight drawn from the seed each step (the optimum a_k = r_k/β is
//!   representable, so one policy can hold the whole front).
//! - MaxMin: mirror descent on the dual weights w of max_π min_k E_π r_k − β·KL, the
//!   policy being π_w ∝ π_ref·e^{w·r/β} (see [`crate::dual`]).
//! - Single reward: mirror ascent on one reward, the share-weighted mean of the two.

use playground_core::math;
use playground_core::rng::Rng;

use crate::dual;
use crate::expert::AdamExpert;
use crate::front::Point;
use crate::problem::Problem;
use crate::softmax;

#[derive(Clone, Debug)]
pub enum Regularised {
    Soup {
        /// The two experts' logits (objective 1, objective 2).
        experts: [Vec<f64>; 2],
        points: usize,
        /// When the experts are trained by Adam with the neural engine: its two tables
        /// (their logits are copied into `experts` after every step).
        adam: Option<Box<[AdamExpert; 2]>>,
    },
    Conditioned {
        /// a₁, a₂: the logits' slope in each weight.
        slopes: [Vec<f64>; 2],
        points: usize,
        rng: Rng,
    },
    Maxmin {
        /// log w: the dual weights, kept in log space so no step can underflow.
        log_weights: Point,
    },
    SingleReward {
        logits: Vec<f64>,
    },
}

#[derive(Clone, Debug)]
pub struct KlLearner {
    pub beta: f64,
    pub eta: f64,
    pub kind: Regularised,
    /// Steps taken.
    pub t: usize,
    /// The exact optimum's returns at each grid weight (soups, conditioned), computed once.
    optimum: Vec<Point>,
}

impl KlLearner {
    pub fn new(kind: Regularised, beta: f64, eta: f64, problem: &Problem) -> Self {
        let mut learner = KlLearner {
            beta,
            eta,
            kind,
            t: 0,
            optimum: Vec::new(),
        };
        learner.optimum = learner
            .grid()
            .iter()
            .map(|&x| optimum_at(problem, x, beta))
            .collect();
        learner
    }

    pub fn soup(problem: &Problem, beta: f64, eta: f64, points: usize, adam: bool) -> Self {
        let e = problem.ref_logp.clone();
        let expert = |k: usize| AdamExpert::new(&e, &e, &problem.rewards(k), beta, eta);
        Self::new(
            Regularised::Soup {
                experts: [e.clone(), e.clone()],
                points,
                adam: adam.then(|| Box::new([expert(0), expert(1)])),
            },
            beta,
            eta,
            problem,
        )
    }

    pub fn conditioned(problem: &Problem, beta: f64, eta: f64, points: usize, rng: Rng) -> Self {
        let zero = vec![0.0; problem.outcomes.len()];
        Self::new(
            Regularised::Conditioned {
                slopes: [zero.clone(), zero],
                points,
                rng,
            },
            beta,
            eta,
            problem,
        )
    }

    pub fn maxmin(problem: &Problem, beta: f64, eta: f64) -> Self {
        let half = math::ln(0.5);
        Self::new(
            Regularised::Maxmin {
                log_weights: [half, half],
            },
            beta,
            eta,
            problem,
        )
    }

    pub fn single_reward(problem: &Problem, beta: f64, eta: f64) -> Self {
        Self::new(
            Regularised::SingleReward {
                logits: problem.ref_logp.clone(),
            },
            beta,
            eta,
            problem,
        )
    }

    /// One exact step.
    pub fn step(&mut self, problem: &Problem) {
        let (beta, eta) = (self.beta, self.eta);
        let refp = &problem.ref_logp;
        match &mut self.kind {
            Regularised::Soup {
                experts,
                adam: Some(adam),
                ..
            } => {
                for (theta, expert) in experts.iter_mut().zip(adam.iter_mut()) {
                    expert.step();
                    *theta = expert.logits();
                }
            }
            Regularised::Soup { experts, .. } => {
                for (k, theta) in experts.iter_mut().enumerate() {
                    softmax::mirror_step(theta, refp, &problem.rewards(k), beta, eta);
                }
            }
            Regularised::Conditioned { slopes, rng, .. } => {
                let u = rng.uniform();
                let w = [u, 1.0 - u];
                // The mirror step's move in the logits at w, η(w·r − β·w·a), shared
                // between the slopes in proportion to the weights (the chain rule).
                for (y, o) in problem.outcomes.iter().enumerate() {
                    let wr = w[0] * o[0] + w[1] * o[1];
                    let wa = w[0] * slopes[0][y] + w[1] * slopes[1][y];
                    let push = eta * (wr - beta * wa);
                    slopes[0][y] += w[0] * push;
                    slopes[1][y] += w[1] * push;
                }
            }
            Regularised::Maxmin { log_weights } => {
                let w = weights_of(*log_weights);
                let pi = softmax::probs(&dual::policy_logits(refp, &problem.outcomes, w, beta));
                let g = softmax::returns(&pi, &problem.outcomes);
                let s = [log_weights[0] - eta * g[0], log_weights[1] - eta * g[1]];
                let z = math::log_sum_exp(&s);
                *log_weights = [s[0] - z, s[1] - z];
            }
            Regularised::SingleReward { logits } => {
                let reward = softmax::weighted(&problem.outcomes, problem.shares);
                softmax::mirror_step(logits, refp, &reward, beta, eta);
            }
        }
        self.t += 1;
    }

    /// The λ (soups) or w₁ (conditioned) values the learner is evaluated at.
    pub fn grid(&self) -> Vec<f64> {
        match &self.kind {
            Regularised::Soup { points, .. } | Regularised::Conditioned { points, .. } => {
                softmax::grid(*points)
            }
            _ => vec![],
        }
    }

    /// The logits of the learner's policy at λ or w₁ = `x` (soups, conditioned), or of its
    /// one policy.
    pub fn logits_at(&self, x: f64, problem: &Problem) -> Vec<f64> {
        match &self.kind {
            Regularised::Soup { experts, .. } => softmax::interpolate(&experts[0], &experts[1], x),
            Regularised::Conditioned { slopes, .. } => problem
                .ref_logp
                .iter()
                .enumerate()
                .map(|(y, l)| l + x * slopes[0][y] + (1.0 - x) * slopes[1][y])
                .collect(),
            Regularised::Maxmin { log_weights } => dual::policy_logits(
                &problem.ref_logp,
                &problem.outcomes,
                weights_of(*log_weights),
                self.beta,
            ),
            Regularised::SingleReward { logits } => logits.clone(),
        }
    }

    /// The policies the learner offers: one per grid value, or its one policy.
    pub fn policies(&self, problem: &Problem) -> Vec<Vec<f64>> {
        let grid = self.grid();
        if grid.is_empty() {
            vec![softmax::probs(&self.logits_at(0.0, problem))]
        } else {
            grid.iter()
                .map(|&x| softmax::probs(&self.logits_at(x, problem)))
                .collect()
        }
    }

    /// Their returns: the learner's points in objective space.
    pub fn points(&self, problem: &Problem) -> Vec<Point> {
        self.policies(problem)
            .iter()
            .map(|pi| softmax::returns(pi, &problem.outcomes))
            .collect()
    }

    /// The returns of the exact optimum for the reward w·r at each grid weight
    /// w = (x, 1 − x): the KL-regularised front soups and conditioned policies aim at.
    pub fn optimum_points(&self) -> &[Point] {
        &self.optimum
    }

    /// The dual weights (MaxMin).
    pub fn dual_weights(&self) -> Option<Point> {
        match self.kind {
            Regularised::Maxmin { log_weights } => Some(weights_of(log_weights)),
            _ => None,
        }
    }
}

/// The returns of the exact optimum π_ref·e^{w·r/β}/Z for w = (x, 1 − x).
pub fn optimum_at(problem: &Problem, x: f64, beta: f64) -> Point {
    let r = softmax::weighted(&problem.outcomes, [x, 1.0 - x]);
    let pi = softmax::probs(&softmax::optimum_logits(&problem.ref_logp, &r, beta));
    softmax::returns(&pi, &problem.outcomes)
}

fn weights_of(log_weights: Point) -> Point {
    [math::exp(log_weights[0]), math::exp(log_weights[1])]
}
