//! The experiment of a `kind = "overoptimization"` scenario: one world (responses, gold
//! reward, π_ref, labels), one proxy ensemble fitted to the labels, and every learner's
//! curve of gold and proxy reward against √KL. Sweeps add one point per time step
//! (best-of-n's next n, the KL optimum's next β); policy gradient one exact step.

use playground_core::check::Check;
use playground_core::scenario::{OveroptLearner, OveroptScenario};
use playground_core::series::{LearnerSeries, Series};
use playground_core::{Experiment, Finals};
use serde_json::{Value, json};

use super::best_of_n::{self, Ranking};
use super::constrained;
use super::proxy::Proxy;
use super::sweep::{self, Policy};
use super::world::{World, dot};

pub const SQRT_KL: &str = "sqrt_kl";
pub const GOLD_REWARD: &str = "gold_reward";
/// The proxy R the learner optimises (its ensemble combination).
pub const PROXY_REWARD: &str = "proxy_reward";
pub const KL: &str = "kl";
pub const METRICS: [&str; 4] = [SQRT_KL, GOLD_REWARD, PROXY_REWARD, KL];

/// What a learner does, with the state it needs.
#[derive(Clone, Debug)]
pub enum Method {
    BestOfN {
        ranking: Ranking,
        ns: Vec<usize>,
    },
    KlOptimum {
        betas: Vec<f64>,
    },
    PolicyGradient {
        logits: Vec<f64>,
        beta: f64,
        eta: f64,
    },
    /// Constrained RLHF: the parts' proxies, their thresholds (∞: none), and each point's
    /// multipliers and E_π p_k.
    Constrained {
        betas: Vec<f64>,
        parts: Vec<Vec<f64>>,
        thresholds: Vec<f64>,
        proxy_points: Vec<Option<f64>>,
        multipliers: Vec<Vec<f64>>,
        expected: Vec<Vec<f64>>,
    },
}

/// One point of a curve: where it is and what it scores.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// n (best-of-n), β (KL optimum) or the step (policy gradient).
    pub at: f64,
    pub kl: f64,
    pub gold: f64,
    pub proxy: f64,
}

#[derive(Clone, Debug)]
pub struct Learner {
    pub method: Method,
    /// R: what the learner optimises.
    pub reward: Vec<f64>,
    pub points: Vec<Point>,
    pub length: usize,
}

impl Learner {
    fn new(spec: &OveroptLearner, proxy: &Proxy, world: &World, steps: usize) -> Self {
        let reward = proxy.combined(spec.reward(), spec.penalty());
        let (method, length) = match *spec {
            OveroptLearner::BestOfN { max_n, points, .. } => {
                let ns = best_of_n::sweep(max_n, points);
                let len = ns.len();
                let ranking = Ranking::new(&reward, &world.reference);
                (Method::BestOfN { ranking, ns }, len)
            }
            OveroptLearner::KlOptimum {
                beta_max,
                beta_min,
                points,
                ..
            } => (
                Method::KlOptimum {
                    betas: sweep::betas(beta_max, beta_min, points),
                },
                points,
            ),
            OveroptLearner::Constrained {
                beta_max,
                beta_min,
                points,
                ref thresholds,
                ..
            } => (
                constrained_method(
                    proxy, &reward, world, beta_max, beta_min, points, thresholds,
                ),
                points,
            ),
            OveroptLearner::PolicyGradient {
                beta,
                learning_rate,
                ..
            } => (
                Method::PolicyGradient {
                    logits: world.log_reference.clone(),
                    beta,
                    eta: learning_rate,
                },
                steps,
            ),
        };
        Learner {
            method,
            reward,
            points: Vec::new(),
            length,
        }
    }

    fn done(&self) -> bool {
        self.points.len() >= self.length
    }

    /// The next point of the curve.
    fn advance(&mut self, world: &World) -> Point {
        let i = self.points.len();
        let score = |p: &Policy, at: f64, reward: &[f64]| Point {
            at,
            kl: p.kl(&world.log_reference),
            gold: dot(&p.probs, &world.gold),
            proxy: dot(&p.probs, reward),
        };
        let point = match &mut self.method {
            Method::BestOfN { ranking, ns } => {
                let n = ns[i];
                let law = ranking.law(n, &world.reference);
                Point {
                    at: n as f64,
                    kl: ranking.kl(n),
                    gold: dot(&law, &world.gold),
                    proxy: dot(&law, &self.reward),
                }
            }
            Method::KlOptimum { betas } => {
                let beta = betas[i];
                score(
                    &sweep::optimum(&self.reward, &world.log_reference, beta),
                    beta,
                    &self.reward,
                )
            }
            Method::PolicyGradient { logits, beta, eta } => {
                sweep::ascend(logits, &self.reward, &world.log_reference, *beta, *eta);
                score(&Policy::from_logits(logits), (i + 1) as f64, &self.reward)
            }
            Method::Constrained {
                betas,
                parts,
                thresholds,
                multipliers,
                expected,
                ..
            } => {
                let start = multipliers
                    .last()
                    .cloned()
                    .unwrap_or(vec![0.0; parts.len()]);
                let beta = betas[i];
                let s = constrained::solve(parts, &world.log_reference, beta, thresholds, &start);
                multipliers.push(s.multipliers);
                expected.push(s.expected);
                score(&s.policy, beta, &self.reward)
            }
        };
        self.points.push(point);
        point
    }

    /// The point of highest gold reward so far (the first, on ties).
    pub fn gold_peak(&self) -> Option<Point> {
        self.points
            .iter()
            .copied()
            .reduce(|best, p| if p.gold > best.gold { p } else { best })
    }
}

/// A constrained learner's sweep: each gold part's proxy with its proxy point (a gold
/// reward in one part: the one reward the learners optimise, R, against r*), and the
/// thresholds (given, or the points).
fn constrained_method(
    proxy: &Proxy,
    reward: &[f64],
    world: &World,
    beta_max: f64,
    beta_min: f64,
    points: usize,
    given: &Option<Vec<f64>>,
) -> Method {
    let (parts, golds): (Vec<Vec<f64>>, Vec<Vec<f64>>) = if world.parts.is_empty() {
        (vec![reward.to_vec()], vec![world.gold.clone()])
    } else {
        let proxies = proxy.members.iter().map(|m| m.rewards.clone()).collect();
        (
            proxies,
            world.parts.iter().map(|p| p.reward.clone()).collect(),
        )
    };
    let proxy_points =
        constrained::proxy_points(&parts, &golds, &world.log_reference, beta_max, beta_min);
    let thresholds = given.clone().unwrap_or_else(|| {
        proxy_points
            .iter()
            .map(|p| p.unwrap_or(f64::INFINITY))
            .collect()
    });
    Method::Constrained {
        betas: sweep::betas(beta_max, beta_min, points),
        parts,
        thresholds,
        proxy_points,
        multipliers: Vec::new(),
        expected: Vec::new(),
    }
}

#[derive(Debug)]
pub struct OveroptExperiment {
    pub(crate) plan: OveroptScenario,
    pub(crate) world: World,
    pub(crate) proxy: Proxy,
    pub(crate) learners: Vec<Learner>,
    series: Series,
    t: usize,
    horizon: usize,
}

impl OveroptExperiment {
    pub fn new(plan: &OveroptScenario) -> Result<Self, String> {
        plan.validate().map_err(|e| e.to_string())?;
        let world = World::new(&plan.env, plan.seed);
        let proxy = Proxy::fit(&world, &plan.env, plan.seed);
        let learners: Vec<Learner> = plan
            .learners
            .iter()
            .map(|l| Learner::new(l, &proxy, &world, plan.steps))
            .collect();
        let series = Series {
            learners: plan
                .labels()
                .into_iter()
                .map(|label| LearnerSeries::new(label, &METRICS))
                .collect(),
        };
        let horizon = learners.iter().map(|l| l.length).max().unwrap_or(0);
        Ok(OveroptExperiment {
            plan: plan.clone(),
            world,
            proxy,
            learners,
            series,
            t: 0,
            horizon,
        })
    }

    pub fn plan(&self) -> &OveroptScenario {
        &self.plan
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn proxy(&self) -> &Proxy {
        &self.proxy
    }

    pub fn learners(&self) -> &[Learner] {
        &self.learners
    }

    fn finals_of(&self, l: usize) -> Value {
        let learner = &self.learners[l];
        let at = match learner.method {
            Method::BestOfN { .. } => "n",
            Method::KlOptimum { .. } | Method::Constrained { .. } => "beta",
            Method::PolicyGradient { .. } => "step",
        };
        let point = |p: Point| {
            json!({
                at: if at == "beta" { json!(p.at) } else { json!(p.at as u64) },
                "sqrt_kl": p.kl.sqrt(),
                "kl": p.kl,
                "gold_reward": p.gold,
                "proxy_reward": p.proxy,
            })
        };
        let spec = &self.plan.learners[l];
        let mut out = json!({ "reward": spec.reward().name() });
        if let (Some(end), Some(peak)) = (learner.points.last(), learner.gold_peak()) {
            out["end"] = point(*end);
            out["gold_peak"] = point(peak);
            out["gold_drop"] = json!(peak.gold - end.gold);
            if let Method::BestOfN { .. } = learner.method {
                out["n_at_gold_peak"] = json!(peak.at as u64);
            }
            if let Method::Constrained {
                thresholds,
                proxy_points,
                multipliers,
                expected,
                ..
            } = &learner.method
            {
                let finite = |x: &f64| x.is_finite().then_some(*x);
                out["thresholds"] = json!(thresholds.iter().map(finite).collect::<Vec<_>>());
                out["proxy_points"] = json!(proxy_points);
                out["multipliers"] = json!(multipliers.last());
                out["part_proxy"] = json!(expected.last());
            }
        }
        out
    }
}

impl Experiment for OveroptExperiment {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.horizon
    }

    /// One point of every learner that has points left (a unit of work is one point).
    fn work(&mut self, _budget: usize) -> usize {
        if self.is_done() {
            return 0;
        }
        let mut done = 0;
        for (learner, series) in self.learners.iter_mut().zip(&mut self.series.learners) {
            if learner.done() {
                continue;
            }
            let p = learner.advance(&self.world);
            for (name, v) in [
                (SQRT_KL, p.kl.sqrt()),
                (GOLD_REWARD, p.gold),
                (PROXY_REWARD, p.proxy),
                (KL, p.kl),
            ] {
                if let Some(m) = series.metric_mut(name) {
                    m.mean.push(v);
                    m.ci95.push(0.0);
                }
            }
            done += 1;
        }
        self.t += 1;
        done.max(1)
    }

    fn series(&self) -> &Series {
        &self.series
    }

    fn checks(&self) -> Vec<Check> {
        super::checks::all(self)
    }

    /// Per learner: its reward mode, the end of its curve and its gold peak (each with
    /// n, β or the step, √KL, KL, gold and proxy reward), the drop from peak to end, and
    /// for best-of-n the n at the peak.
    fn finals(&self) -> Finals {
        let mut out = Finals::new();
        for (l, label) in self.plan.labels().into_iter().enumerate() {
            out.insert(label, self.finals_of(l));
        }
        out
    }
}
