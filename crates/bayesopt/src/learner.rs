//! One learner in one run: its data, and the rule that picks its next queries.
//! [`RunState::decide`] is a pure function of the state (it works on a copy of the
//! random stream), so the page can draw the next query before it is made and the step
//! then makes exactly that query.

use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::{BayesoptLearner, Explore, GpSpec, Inference, Kernel};

use crate::acquisition as acq;
use crate::fit::{self, Fit};
use crate::gp::{Posterior, Standardise};
use crate::kernel::Hyper;
use crate::objective::Problem;
use crate::preferential::{self, Model, Outcome};
use crate::thompson::{self, AxisFactor};

/// The optimism of preferential BO's challenger: the highest μ_g + 2·s_g.
pub const DUEL_OPTIMISM: f64 = 3.0;

/// What every learner of an experiment shares.
#[derive(Debug)]
pub struct Context<'a> {
    pub problem: &'a Problem,
    pub gp: &'a GpSpec,
    pub noise: f64,
}

impl Context<'_> {
    pub fn start(&self) -> Hyper {
        Hyper {
            lengthscale: self.gp.lengthscale,
            signal: self.gp.signal_variance,
            noise: self.gp.noise_variance,
        }
    }

    fn kernel(&self) -> Kernel {
        self.gp.kernel
    }
}

/// One duel of preferential BO, by grid index: did `a` win?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DuelRecord {
    pub a: usize,
    pub b: usize,
    pub a_won: bool,
}

/// What a learner will do next, and the pictures behind it (standardised units for GP
/// rules, latent units for preferential BO, where higher is better and the mean shown
/// is −g so that lower is better everywhere).
#[derive(Clone, Debug)]
pub struct Decision {
    pub queries: Vec<usize>,
    pub mean: Vec<f64>,
    pub sd: Vec<f64>,
    pub acquisition: Vec<f64>,
    pub scale: Standardise,
    pub hyper: Hyper,
    pub fit: Option<Fit>,
    /// The GP posterior the decision used (GP rules only).
    pub posterior: Option<Posterior>,
    /// A rebuilt Thompson factor, to cache.
    pub factor: Option<AxisFactor>,
}

#[derive(Clone, Debug)]
pub struct RunState {
    /// Queried grid indices (the initial design first) and their noisy observations.
    pub queries: Vec<usize>,
    pub ys: Vec<f64>,
    pub hyper: Hyper,
    pub fit: Option<Fit>,
    pub rng: Rng,
    pub factor: Option<AxisFactor>,
    /// Preferential BO: the dueled points (initial design first) and the duels.
    pub points: Vec<usize>,
    pub duels: Vec<DuelRecord>,
    pub steps: usize,
    pub simple_regret: f64,
    pub cumulative_regret: f64,
}

impl RunState {
    pub fn new(initial: &[usize], ys: &[f64], hyper: Hyper, rng: Rng, problem: &Problem) -> Self {
        let best = initial
            .iter()
            .map(|&i| problem.values[i])
            .fold(f64::INFINITY, f64::min);
        let mut points = Vec::new();
        for &i in initial {
            if !points.contains(&i) {
                points.push(i);
            }
        }
        RunState {
            queries: initial.to_vec(),
            ys: ys.to_vec(),
            hyper,
            fit: None,
            rng,
            factor: None,
            simple_regret: best - problem.f_star,
            points,
            duels: Vec::new(),
            steps: 0,
            cumulative_regret: 0.0,
        }
    }

    fn xs(&self, problem: &Problem) -> Vec<Vec<f64>> {
        self.queries
            .iter()
            .map(|&i| problem.grid[i].clone())
            .collect()
    }

    /// The GP posterior (after refitting the hyperparameters when asked).
    fn posterior(&self, ctx: &Context<'_>) -> Result<(Posterior, Option<Fit>), String> {
        let xs = self.xs(ctx.problem);
        let mut hyper = self.hyper;
        let mut fitted = None;
        if ctx.gp.fit {
            let scale = Standardise::of(&self.ys);
            let ys: Vec<f64> = self.ys.iter().map(|y| scale.apply(*y)).collect();
            let starts = [ctx.start(), self.hyper];
            if let Some(f) = fit::fit(ctx.kernel(), &starts, &xs, &ys) {
                hyper = f.hyper;
                fitted = Some(f);
            }
        }
        let post = Posterior::new(ctx.kernel(), hyper, &xs, &self.ys).ok_or(
            "K + σ_n²I is not numerically positive definite (the GP's matrix is singular)",
        )?;
        Ok((post, fitted))
    }

    /// The next queries of `rule` at step `t` (1-based), with a copy of the stream.
    pub fn decide(
        &self,
        rule: &BayesoptLearner,
        ctx: &Context<'_>,
        t: usize,
        rng: &mut Rng,
    ) -> Result<Decision, String> {
        if let BayesoptLearner::Preferential {
            inference,
            duel_noise,
            samples,
            ..
        } = rule
        {
            return self.decide_duel(ctx, *inference, *duel_noise, *samples, rng);
        }
        let (post, fit) = self.posterior(ctx)?;
        let grid = &ctx.problem.grid;
        let (mean, sd) = post.on_grid(grid);
        let best = post.best();
        let n = grid.len();
        let mut factor = None;
        let score = |f: &dyn Fn(usize) -> f64| best_of((0..n).map(f).collect());
        let (queries, acquisition) = match rule {
            BayesoptLearner::RandomSearch { .. } => (vec![rng.below(n)], vec![0.0; n]),
            BayesoptLearner::ExpectedImprovement { xi, .. } => {
                score(&|i| acq::expected_improvement(mean[i], sd[i], best, *xi))
            }
            BayesoptLearner::ProbabilityOfImprovement { xi, .. } => {
                score(&|i| acq::probability_of_improvement(mean[i], sd[i], best, *xi))
            }
            BayesoptLearner::Ucb { beta, .. } => score(&|i| acq::ucb(mean[i], sd[i], *beta)),
            BayesoptLearner::Thompson { .. } => {
                let (choice, built) = self.thompson(&post, ctx, rng)?;
                factor = built;
                choice
            }
            BayesoptLearner::EpsilonGreedy {
                epsilon, explore, ..
            } => self.epsilon_greedy(&mean, &sd, *epsilon, *explore, rng),
            BayesoptLearner::Shotgun { epsilon, batch, .. } => {
                self.shotgun(ctx, &post, (&mean, &sd), *epsilon, *batch, rng)
            }
            BayesoptLearner::Prior {
                center,
                width,
                gamma,
                ..
            } => {
                let c = center
                    .clone()
                    .unwrap_or_else(|| vec![0.5; ctx.problem.dims]);
                self.prior_weighted(ctx, (&mean, &sd), best, &c, *width, *gamma, t)
            }
            BayesoptLearner::Preferential { .. } => unreachable!("handled above"),
        };
        Ok(Decision {
            queries,
            mean,
            sd,
            acquisition,
            scale: post.scale,
            hyper: post.hyper,
            fit,
            posterior: Some(post),
            factor,
        })
    }

    /// The minimum of one posterior sample on the grid (Matheron's rule), with the axis
    /// factor when it had to be rebuilt for a new lengthscale.
    fn thompson(
        &self,
        post: &Posterior,
        ctx: &Context<'_>,
        rng: &mut Rng,
    ) -> Result<(Choice, Option<AxisFactor>), String> {
        let (dims, n) = (ctx.problem.dims, ctx.problem.grid.len());
        let side = if dims == 1 {
            n
        } else {
            (n as f64).sqrt().round() as usize
        };
        let rebuilt = match &self.factor {
            Some(f) if f.fits(ctx.kernel(), post.hyper.lengthscale) => None,
            _ => Some(
                AxisFactor::new(ctx.kernel(), post.hyper.lengthscale, side)
                    .ok_or("the grid's kernel matrix has no Cholesky factor")?,
            ),
        };
        let f = rebuilt.as_ref().or(self.factor.as_ref()).expect("a factor");
        let prior = thompson::prior_sample(f, dims, post.hyper.signal, rng);
        let sample =
            thompson::posterior_sample(post, &ctx.problem.grid, &self.queries, &prior, rng);
        Ok((best_of(sample.iter().map(|v| -v).collect()), rebuilt))
    }

    /// ε-greedy: the lowest μ not yet queried, or with probability ε a random point of the
    /// (μ, s) Pareto front (ε-PF) or of the grid (ε-RS).
    fn epsilon_greedy(
        &self,
        mean: &[f64],
        sd: &[f64],
        epsilon: f64,
        explore: Explore,
        rng: &mut Rng,
    ) -> Choice {
        let a = self.greed(mean);
        let pick = if rng.uniform() < epsilon {
            match explore {
                Explore::Pareto => random_front_point(mean, sd, rng),
                Explore::Random => rng.below(mean.len()),
            }
        } else {
            acq::argmax(&a)
        };
        (vec![pick], a)
    }

    /// ε-shotgun: the ε-PF point, then `batch − 1` points drawn from N(x₀, ℓ²I) around
    /// it, each snapped to the grid.
    fn shotgun(
        &self,
        ctx: &Context<'_>,
        post: &Posterior,
        (mean, sd): (&[f64], &[f64]),
        epsilon: f64,
        batch: usize,
        rng: &mut Rng,
    ) -> Choice {
        let a = self.greed(mean);
        let first = if rng.uniform() < epsilon {
            random_front_point(mean, sd, rng)
        } else {
            acq::argmax(&a)
        };
        let mut queries = vec![first];
        let centre = &ctx.problem.grid[first];
        let spread = post.hyper.lengthscale;
        for _ in 1..batch {
            let x: Vec<f64> = centre.iter().map(|c| c + spread * rng.normal()).collect();
            queries.push(ctx.problem.nearest(&x));
        }
        (queries, a)
    }

    /// πBO: ln EI(x) + (γ/t)·ln π(x), maximised (the lowest μ if EI is 0 everywhere).
    #[allow(clippy::too_many_arguments)]
    fn prior_weighted(
        &self,
        ctx: &Context<'_>,
        (mean, sd): (&[f64], &[f64]),
        best: f64,
        center: &[f64],
        width: f64,
        gamma: f64,
        t: usize,
    ) -> Choice {
        let grid = &ctx.problem.grid;
        let a: Vec<f64> = (0..grid.len())
            .map(|i| {
                let ei = acq::expected_improvement(mean[i], sd[i], best, 0.0);
                let ln_ei = if ei > 0.0 {
                    math::ln(ei)
                } else {
                    f64::NEG_INFINITY
                };
                ln_ei + acq::log_prior_weight(&grid[i], center, width, gamma, t)
            })
            .collect();
        if a.iter().all(|v| *v == f64::NEG_INFINITY) {
            let pick = acq::argmax(&mean.iter().map(|m| -m).collect::<Vec<_>>());
            return (vec![pick], a);
        }
        best_of(a)
    }

    /// The greedy score −μ, with the points already queried left out: on a grid the
    /// lowest posterior mean is often a point already seen, and a noise-free GP learns
    /// nothing from seeing it again (in a continuous space the minimiser of μ is a new
    /// point near the best one, which is what this keeps).
    fn greed(&self, mean: &[f64]) -> Vec<f64> {
        let mut a: Vec<f64> = mean.iter().map(|m| -m).collect();
        for &i in &self.queries {
            a[i] = f64::NEG_INFINITY;
        }
        if a.iter().all(|v| *v == f64::NEG_INFINITY) {
            return mean.iter().map(|m| -m).collect();
        }
        a
    }

    /// The latent-utility model of the duels so far.
    pub fn model(&self, ctx: &Context<'_>, duel_noise: f64) -> Option<Model> {
        let xs: Vec<Vec<f64>> = self
            .points
            .iter()
            .map(|&i| ctx.problem.grid[i].clone())
            .collect();
        let pos = |g: usize| self.points.iter().position(|&p| p == g).expect("dueled");
        let duels = self
            .duels
            .iter()
            .map(|d| {
                let (w, l) = if d.a_won { (d.a, d.b) } else { (d.b, d.a) };
                Outcome {
                    winner: pos(w),
                    loser: pos(l),
                }
            })
            .collect();
        let hyper = ctx.start();
        Model::new(
            ctx.kernel(),
            hyper,
            duel_noise / ctx.problem.scale,
            xs,
            duels,
        )
    }

    fn decide_duel(
        &self,
        ctx: &Context<'_>,
        inference: Inference,
        duel_noise: f64,
        samples: usize,
        rng: &mut Rng,
    ) -> Result<Decision, String> {
        let model = self
            .model(ctx, duel_noise)
            .ok_or("the dueled points' kernel matrix has no Cholesky factor")?;
        let post = model
            .posterior(inference, samples, rng)
            .ok_or("the Laplace approximation's matrix is not positive definite")?;
        let grid = &ctx.problem.grid;
        let (g_mean, sd): (Vec<f64>, Vec<f64>) =
            grid.iter().map(|x| model.predict(&post, x)).unzip();
        // The incumbent: the dueled point of highest posterior mean utility.
        let incumbent = self
            .points
            .iter()
            .copied()
            .reduce(|a, b| if g_mean[b] > g_mean[a] { b } else { a })
            .expect("the initial design is not empty");
        let mut acquisition: Vec<f64> = (0..grid.len())
            .map(|i| g_mean[i] + DUEL_OPTIMISM * sd[i])
            .collect();
        acquisition[incumbent] = f64::NEG_INFINITY;
        let challenger = acq::argmax(&acquisition);
        Ok(Decision {
            queries: vec![incumbent, challenger],
            mean: g_mean.iter().map(|g| -g).collect(),
            sd,
            acquisition,
            scale: Standardise { mean: 0.0, sd: 1.0 },
            hyper: model.hyper,
            fit: None,
            posterior: None,
            factor: None,
        })
    }

    /// Record a GP rule's queries: observe them (noise from the learner's stream).
    pub fn observe(&mut self, d: Decision, ctx: &Context<'_>) {
        for &i in &d.queries {
            let f = ctx.problem.values[i];
            let noise = if ctx.noise > 0.0 {
                ctx.noise * self.rng.normal()
            } else {
                0.0
            };
            self.queries.push(i);
            self.ys.push(f + noise);
            self.cumulative_regret += f - ctx.problem.f_star;
            self.simple_regret = self.simple_regret.min(f - ctx.problem.f_star);
        }
        self.hyper = d.hyper;
        self.fit = d.fit;
        if d.factor.is_some() {
            self.factor = d.factor;
        }
        self.steps += 1;
    }

    /// Record a duel between the decision's two points. Simple regret is that of the
    /// incumbent (the learner's recommendation: it never sees values).
    pub fn record_duel(&mut self, d: &Decision, a_won: bool, ctx: &Context<'_>) {
        let (a, b) = (d.queries[0], d.queries[1]);
        self.duels.push(DuelRecord { a, b, a_won });
        if !self.points.contains(&b) {
            self.points.push(b);
        }
        let fa = ctx.problem.values[a];
        let fb = ctx.problem.values[b];
        self.queries.extend([a, b]);
        self.ys.extend([fa, fb]);
        self.cumulative_regret += fa + fb - 2.0 * ctx.problem.f_star;
        self.simple_regret = fa - ctx.problem.f_star;
        self.steps += 1;
    }

    /// A simulated answer: a wins with probability Φ((f(b) − f(a))/(√2σ)).
    pub fn simulate_duel(&mut self, d: &Decision, duel_noise: f64, ctx: &Context<'_>) -> bool {
        let (fa, fb) = (
            ctx.problem.values[d.queries[0]],
            ctx.problem.values[d.queries[1]],
        );
        let p = math::normal_cdf((fb - fa) / (std::f64::consts::SQRT_2 * duel_noise));
        self.rng.uniform() < p
    }
}

/// Queries and the acquisition on the grid they maximise.
type Choice = (Vec<usize>, Vec<f64>);

/// The grid point of highest score, and the scores.
fn best_of(scores: Vec<f64>) -> Choice {
    (vec![acq::argmax(&scores)], scores)
}

/// A uniformly random point of the (μ, s) Pareto front.
fn random_front_point(mean: &[f64], sd: &[f64], rng: &mut Rng) -> usize {
    let front = acq::pareto_front(mean, sd);
    front[rng.below(front.len())]
}

/// P(a ≻ b) after one duel, exactly, for the Verify panel (see
/// [`preferential::exact_repeat_probability`]).
pub fn one_duel_exact(model: &Model, a: &[f64], b: &[f64]) -> f64 {
    let k = |x: &[f64], y: &[f64]| crate::kernel::cov(model.kernel, &model.hyper, x, y);
    let s2 = k(a, a) + k(b, b) - 2.0 * k(a, b);
    preferential::exact_repeat_probability(s2, model.sigma)
}
