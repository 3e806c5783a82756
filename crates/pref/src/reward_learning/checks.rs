//! The Verify checks of a `kind = "reward-learning"` run:
//!
//! - identifiability: single-transition segments labelled with their exact Bradley–Terry
//!   probabilities σ(r(u) − r(v)) are fitted (no penalty) and the learned reward must
//!   equal the true one up to a constant, within [`RECOVERED`]; for state rewards the same
//!   labels go to Hunter's MM algorithm (`bradley_terry::mle`) as an independent solver;
//! - each learner's fit (run 1, every member) against an independent solver: Newton with
//!   the explicit Hessian factored by Cholesky, from zero, within [`AGREE`]; without a
//!   penalty on separable labels both solvers must find no finite maximum; an MLP
//!   learner's gradient (the table's pulled back through the network, plus weight decay)
//!   against central finite differences of its loss, within [`GRADIENT_AGREE`];
//! - determinism: the first steps rebuilt from the scenario give bit-identical series.

use playground_core::Experiment;
use playground_core::check::Check;
use playground_core::math;
use playground_core::scenario::RewardFeatures;

use playground_core::rng::Rng;

use super::experiment::RewardExperiment;
use super::mlp::MlpReward;
use super::model::{Comparison, Problem, dense_fit};
use super::world::World;
use crate::bradley_terry;
use crate::toy::Pair;

pub const RECOVERED: f64 = 1e-6;
pub const AGREE: f64 = 1e-6;
/// Relative error allowed between an MLP's gradient and central differences (h = 1e-5).
pub const GRADIENT_AGREE: f64 = 1e-5;
/// Steps replayed by the determinism check.
pub const REPLAYED: usize = 3;
const MM_ITERATIONS: usize = 3_000;

pub fn all(e: &RewardExperiment) -> Vec<Check> {
    let mut out = Vec::new();
    let mut kinds: Vec<RewardFeatures> = e.learners.iter().map(|l| l.features).collect();
    kinds.dedup();
    if kinds.contains(&RewardFeatures::State) {
        out.push(recovery(&e.world, RewardFeatures::State));
    }
    if kinds.contains(&RewardFeatures::StateAction) {
        out.push(recovery(&e.world, RewardFeatures::StateAction));
    }
    let labels = e.plan.labels();
    for (l, name) in labels.iter().enumerate() {
        out.push(match e.learner(0, l).members[0].net {
            Some(_) => mlp_gradient(e, l, name),
            None => independent_solver(e, l, name),
        });
    }
    out.push(determinism(e));
    out
}

/// Exact labels on single transitions: unit i against units i+1, i+2 and i+5 (cyclically,
/// so the comparisons connect every unit) with μ = σ(r_i − r_j).
pub fn single_transition_labels(truth: &[Option<f64>]) -> (Vec<usize>, Vec<Comparison>) {
    let used: Vec<usize> = (0..truth.len()).filter(|&u| truth[u].is_some()).collect();
    let n = used.len();
    let mut comparisons = Vec::new();
    for i in 0..n {
        for stride in [1, 2, 5] {
            let j = (i + stride) % n;
            if j == i || (stride * 2 == n && i >= n / 2) {
                continue;
            }
            let (u, v) = (used[i], used[j]);
            let gap = truth[u].unwrap_or(0.0) - truth[v].unwrap_or(0.0);
            comparisons.push(Comparison {
                x: vec![
                    (u.min(v), if u < v { 1.0 } else { -1.0 }),
                    (u.max(v), if u < v { -1.0 } else { 1.0 }),
                ],
                target: math::sigmoid(gap),
            });
        }
    }
    (used, comparisons)
}

/// Centre a table over the given units.
fn centred(values: &[f64], used: &[usize]) -> Vec<f64> {
    let mean = used.iter().map(|&u| values[u]).sum::<f64>() / used.len().max(1) as f64;
    used.iter().map(|&u| values[u] - mean).collect()
}

fn max_gap(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()))
}

fn recovery(world: &World, features: RewardFeatures) -> Check {
    let truth = world.true_reward(features);
    let (used, comparisons) = single_transition_labels(truth);
    let name = format!(
        "single transitions, exact labels: the {} reward is recovered up to a constant",
        features.name()
    );
    if used.len() < 2 {
        return Check::new(name, false, "the map has fewer than two rewarded units");
    }
    let weights = vec![1.0; comparisons.len()];
    let problem = Problem {
        units: truth.len(),
        comparisons: &comparisons,
        weights: &weights,
        l2: 0.0,
    };
    let mut fitted = vec![0.0; truth.len()];
    problem.fit(&mut fitted);
    let true_values: Vec<f64> = truth.iter().map(|t| t.unwrap_or(0.0)).collect();
    let gap = max_gap(&centred(&fitted, &used), &centred(&true_values, &used));
    let mut detail = format!(
        "{} units, {} comparisons: max |r̂ − r| after centring {gap:.1e} (≤ {RECOVERED:.0e})",
        used.len(),
        comparisons.len()
    );
    let mut passed = gap <= RECOVERED;
    if features == RewardFeatures::State {
        match mm_solution(&used, &comparisons) {
            Ok(mm) => {
                let mm_gap = max_gap(&centred(&fitted, &used), &mm);
                detail.push_str(&format!("; MM (Hunter) agrees to {mm_gap:.1e}"));
                passed &= mm_gap <= RECOVERED;
            }
            Err(e) => {
                detail.push_str(&format!("; MM failed: {e}"));
                passed = false;
            }
        }
    }
    Check::new(name, passed, detail)
}

/// The item-level Bradley–Terry MLE of single-unit comparisons by MM, centred.
fn mm_solution(used: &[usize], comparisons: &[Comparison]) -> Result<Vec<f64>, String> {
    let index = |u: usize| used.iter().position(|&v| v == u).unwrap_or(0);
    let mut pairs = Vec::new();
    for c in comparisons {
        let (plus, minus) = if c.x[0].1 > 0.0 {
            (c.x[0].0, c.x[1].0)
        } else {
            (c.x[1].0, c.x[0].0)
        };
        let (i, j) = (index(plus), index(minus));
        pairs.push(Pair {
            chosen: i,
            rejected: j,
            weight: c.target,
        });
        pairs.push(Pair {
            chosen: j,
            rejected: i,
            weight: 1.0 - c.target,
        });
    }
    let r = bradley_terry::mle(used.len(), &pairs, MM_ITERATIONS)?;
    let all: Vec<usize> = (0..used.len()).collect();
    Ok(centred(&r, &all))
}

/// The MLP's gradient of λ/2‖θ‖² plus the Bradley–Terry loss of run 1's labels (first
/// member's weights) against central finite differences in every parameter.
fn mlp_gradient(e: &RewardExperiment, l: usize, name: &str) -> Check {
    let title = format!("{name}: the MLP's gradient = finite differences");
    let learner = e.learner(0, l);
    let member = &learner.members[0];
    let Some(net) = &member.net else {
        return Check::new(title, false, "not an MLP learner");
    };
    let spec = &e.plan.learners[l];
    let inputs = e.world.unit_inputs(learner.features);
    let mut probe = MlpReward::new(&inputs, spec.hidden(), 0.0, &mut Rng::new(0));
    let theta = net.parameters();
    let problem = Problem {
        units: member.reward.len(),
        comparisons: &learner.comparisons,
        weights: &member.weights,
        l2: 0.0,
    };
    let mut loss = |t: &[f64]| {
        probe.set_parameters(t);
        let decay: f64 = t.iter().map(|x| x * x).sum();
        problem.loss(&probe.table()) + 0.5 * learner.l2 * decay
    };
    let (g, _) = problem.gradient(&net.table());
    let analytic: Vec<f64> = net
        .pull_back(&g)
        .iter()
        .zip(&theta)
        .map(|(g, t)| g + learner.l2 * t)
        .collect();
    let h = 1e-5;
    let mut worst = 0.0f64;
    for i in 0..theta.len() {
        let mut t = theta.clone();
        t[i] += h;
        let up = loss(&t);
        t[i] -= 2.0 * h;
        let down = loss(&t);
        let numeric = (up - down) / (2.0 * h);
        // Below 1e-2 the error is measured absolutely: a difference quotient of a loss
        // summed over many labels cannot resolve a gradient of 1e-8 to 1e-5.
        let scale = (analytic[i].abs() + numeric.abs()).max(1e-2);
        worst = worst.max((analytic[i] - numeric).abs() / scale);
    }
    Check::new(
        title,
        worst <= GRADIENT_AGREE,
        format!(
            "{} parameters, {} labels, h = {h:.0e}: largest error {worst:.1e}, relative (absolute \
             below 1e-2) (≤ {GRADIENT_AGREE:.0e})",
            theta.len(),
            learner.comparisons.len()
        ),
    )
}

fn independent_solver(e: &RewardExperiment, l: usize, name: &str) -> Check {
    let learner = e.learner(0, l);
    let title =
        format!("{name}: each model's fit agrees with an independent solver (Cholesky Newton)");
    if learner.comparisons.is_empty() {
        return Check::new(title, true, "no labels yet: every model is r̂ = 0");
    }
    let mut worst = 0.0f64;
    let mut unbounded = 0;
    for m in &learner.members {
        let problem = Problem {
            units: m.reward.len(),
            comparisons: &learner.comparisons,
            weights: &m.weights,
            l2: learner.l2,
        };
        let (dense, report) = dense_fit(&problem);
        let ours = m.fit.map(|f| f.converged).unwrap_or(false);
        if !report.converged || !ours {
            // Without a penalty on separable labels there is no finite maximum: both
            // solvers must agree that they did not find one.
            if report.converged != ours {
                return Check::new(
                    title,
                    false,
                    format!("one solver converged and the other did not (dense: {report:?})"),
                );
            }
            unbounded += 1;
            continue;
        }
        let gap = if learner.l2 > 0.0 {
            max_gap(&dense, &m.reward)
        } else {
            // Unpenalised, only the logits are unique.
            let z = |r: &[f64]| -> Vec<f64> {
                learner.comparisons.iter().map(|c| c.logit(r)).collect()
            };
            max_gap(&z(&dense), &z(&m.reward))
        };
        worst = worst.max(gap);
    }
    let mut detail = format!(
        "{} labels, {} models: max gap {worst:.1e} (≤ {AGREE:.0e})",
        learner.comparisons.len(),
        learner.members.len()
    );
    if unbounded > 0 {
        detail.push_str(&format!(
            "; {unbounded} with no finite maximum (separable labels, no penalty): neither solver \
             converged, as it should"
        ));
    }
    Check::new(title, worst <= AGREE, detail)
}

fn determinism(e: &RewardExperiment) -> Check {
    let steps = e.t().min(REPLAYED);
    let name = "determinism: the same scenario replays bit for bit";
    let Ok(mut again) = RewardExperiment::new(&e.plan) else {
        return Check::new(name, false, "the scenario no longer builds");
    };
    while again.t() < steps {
        again.work(usize::MAX);
    }
    let same = e
        .series()
        .learners
        .iter()
        .zip(&again.series().learners)
        .all(|(a, b)| {
            a.metrics.iter().zip(&b.metrics).all(|(x, y)| {
                x.mean[..steps]
                    .iter()
                    .zip(&y.mean[..steps])
                    .all(|(p, q)| p.to_bits() == q.to_bits())
            })
        });
    Check::new(name, same, format!("the first {steps} steps replayed"))
}
