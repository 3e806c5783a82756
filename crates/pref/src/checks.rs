//! The DPO Lab's Verify checks: each loss at π_ref against its known value, every
//! learner's gradient against finite differences, the closed-form optima as stationary
//! points of the convex losses, and no learner above the exact reward–KL frontier.

use playground_core::check::Check;
use playground_core::math;
use playground_core::scenario::DpoLearner;

use crate::bradley_terry;
use crate::experiment::DpoExperiment;
use crate::frontier::best_reward_within_all;
use crate::metrics::{gold_reward, kl_to_reference};
use crate::objective::Objective;
use crate::policy::PolicyForm;
use crate::problem::Problem;

/// A gradient this small is zero: the losses are convex in the logits, so a point where
/// it vanishes is a minimiser.
const STATIONARY: f64 = 1e-9;

pub fn all(e: &DpoExperiment) -> Vec<Check> {
    let mut out = vec![losses_at_reference(e), gradients(e), frontier(e)];
    out.extend(cardinal_reward(e));
    if e.form == PolicyForm::Tabular {
        out.extend(optima(e));
    }
    out
}

/// At π = π_ref every implicit reward is 0, so each loss with a reference takes a value
/// known in closed form.
fn losses_at_reference(e: &DpoExperiment) -> Check {
    let p = &e.problem;
    let at_ref = p.ref_logits();
    let mut worst = 0.0f64;
    let mut named = Vec::new();
    for (l, learner) in e.plan.learners.iter().enumerate() {
        // Pre-DPO's loss is not measured against π_ref: h ≠ 0 there.
        if learner.is_guided() {
            continue;
        }
        let Some((want, why)) = known_at_reference(learner, p) else {
            continue;
        };
        let got = e.objectives[l].value(p, &at_ref);
        worst = worst.max((got - want).abs());
        if !named.contains(&why) {
            named.push(why);
        }
    }
    let detail = if named.is_empty() {
        "no learner here has a reference value in closed form (SimPO, AlphaPO, ORPO have no \
         reference; LiPO-λ's weights depend on rank ties; RLHF's and RPO's on the data)"
            .to_string()
    } else {
        format!("{}; largest error {worst:.1e}", named.join(", "))
    };
    Check::new(
        "each loss at π_ref = its known value",
        worst <= 1e-12,
        detail,
    )
}

/// A learner's loss at π_ref in closed form, and how it reads.
fn known_at_reference(l: &DpoLearner, p: &Problem) -> Option<(f64, &'static str)> {
    let ln2 = std::f64::consts::LN_2;
    let b = l.beta();
    Some(match l {
        DpoLearner::Dpo { .. }
        | DpoLearner::Cdpo { .. }
        | DpoLearner::RobustDpo { .. }
        | DpoLearner::DpoShift { .. } => (ln2, "ln 2 (DPO, cDPO, rDPO, DPO-Shift)"),
        DpoLearner::Ipo { .. } => (1.0 / (4.0 * b * b), "1/(4β²) (IPO)"),
        DpoLearner::Exo {
            label_smoothing: e, ..
        } => (
            -ln2 - 0.5 * math::ln(e * (1.0 - e)),
            "−ln 2 − ½ln(ε(1 − ε)) (EXO)",
        ),
        DpoLearner::Kto {
            desirable_weight,
            undesirable_weight,
            ..
        } => (
            0.25 * (desirable_weight + undesirable_weight),
            "(λ_D + λ_U)/4 (KTO: each pair gives one desirable and one undesirable response, 1 − σ(0) = ½ each)",
        ),
        DpoLearner::PlackettLuce { .. } => {
            let k = p.lists.iter().flatten().map(|r| r.items.len()).max()?;
            let ln_factorial = (2..=k).map(|i| math::ln(i as f64)).sum();
            (
                ln_factorial,
                "ln K! (Plackett–Luce: every order equally likely)",
            )
        }
        DpoLearner::Gvpo { .. } => {
            let var = |g: &[f64]| {
                let m = g.iter().sum::<f64>() / g.len() as f64;
                g.iter().map(|r| (r - m) * (r - m)).sum::<f64>() / g.len() as f64
            };
            let mean = p.prompts.iter().map(|t| var(&t.gold)).sum::<f64>() / p.prompts.len() as f64;
            (mean, "Var r* (GVPO)")
        }
        _ => return None,
    })
}

/// Every learner's gradient now against central finite differences of its loss.
fn gradients(e: &DpoExperiment) -> Check {
    let mut worst = 0.0f64;
    for (l, theta) in e.thetas.iter().enumerate() {
        let objective = e.objectives[l].frozen_at(e.seen_by(l), &e.logits(l));
        let (_, g) = e.objective_of(l, &objective, theta);
        for (k, gk) in g.iter().enumerate() {
            let h = 1e-5;
            let (mut up, mut down) = (theta.clone(), theta.clone());
            up[k] += h;
            down[k] -= h;
            let fd = (e.objective_of(l, &objective, &up).0
                - e.objective_of(l, &objective, &down).0)
                / (2.0 * h);
            worst = worst.max((gk - fd).abs() / (1.0 + fd.abs()));
        }
    }
    Check::new(
        "gradient = finite differences",
        worst <= 1e-6,
        format!(
            "every learner's parameters now, central differences h = 1e-5 (KTO's z₀ held, as its gradient holds it); largest relative error {worst:.1e}"
        ),
    )
}

/// E_π r* ≤ the most any policy earns within the same KL(π‖π_ref).
fn frontier(e: &DpoExperiment) -> Check {
    let toys = &e.problem.prompts;
    let mut worst = f64::NEG_INFINITY;
    for l in 0..e.thetas.len() {
        let policy = e.policy(l);
        let n = toys.len() as f64;
        let kl: f64 = toys
            .iter()
            .zip(&policy)
            .map(|(t, q)| kl_to_reference(t, q))
            .sum::<f64>()
            / n;
        let gold: f64 = toys
            .iter()
            .zip(&policy)
            .map(|(t, q)| gold_reward(t, q))
            .sum::<f64>()
            / n;
        worst = worst.max(gold - best_reward_within_all(toys, kl));
    }
    Check::new(
        "no learner lies above the reward–KL frontier",
        worst <= 1e-9,
        format!(
            "E_π r* minus the frontier's reward at the learner's KL, largest {worst:.2e} (the frontier: π_ref·e^(r*/β)/Z over β)"
        ),
    )
}

/// Where a tabular learner's closed-form optimum is known, it is a stationary point of
/// its (convex) loss on this data, hence its minimiser.
fn optima(e: &DpoExperiment) -> Vec<Check> {
    let mut out: Vec<Check> = Vec::new();
    for (l, learner) in e.plan.learners.iter().enumerate() {
        let Some((name, logits, why)) = closed_form(e, learner, &e.objectives[l]) else {
            continue;
        };
        if learner.is_guided() {
            continue;
        }
        if out.iter().any(|c| c.name == name) {
            continue;
        }
        let (_, g) = e.objectives[l].eval(&e.problem, &logits);
        let largest = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        out.push(Check::new(
            name,
            largest <= STATIONARY,
            format!("{why}; the loss's gradient there is at most {largest:.1e}, and the loss is convex in the logits"),
        ));
    }
    out
}

/// A learner's optimum in closed form (concatenated logits), its check's name and why.
fn closed_form(
    e: &DpoExperiment,
    learner: &DpoLearner,
    objective: &Objective,
) -> Option<(String, Vec<f64>, String)> {
    let p = &e.problem;
    let b = learner.beta();
    let gold: Vec<&[f64]> = p.prompts.iter().map(|t| t.gold.as_slice()).collect();
    Some(match (learner, objective) {
        (DpoLearner::Dpo { .. }, _) if p.population => (
            format!("DPO β={b}: minimiser = π_ref·e^(r*/β)/Z"),
            shifted(p, &gold, b),
            "population data".into(),
        ),
        (DpoLearner::Dpo { .. }, _) => {
            let r_hat = mle_rewards(p, 0.0)?;
            (
                format!("DPO β={b}: minimiser = π_ref·e^(r̂/β)/Z"),
                shifted(p, &as_rows(&r_hat), b),
                "r̂ the Bradley–Terry maximum-likelihood reward of these pairs (MM algorithm)"
                    .into(),
            )
        }
        (
            DpoLearner::Cdpo {
                label_smoothing, ..
            },
            _,
        ) if p.population => {
            let r_hat = mle_rewards(p, *label_smoothing)?;
            (
                format!("cDPO β={b}, ε={label_smoothing}: minimiser = π_ref·e^(r̂_ε/β)/Z"),
                shifted(p, &as_rows(&r_hat), b),
                "r̂_ε the Bradley–Terry maximum-likelihood reward of the population with labels \
                 flipped at rate ε (MM algorithm): cDPO is DPO on those labels"
                    .into(),
            )
        }
        (DpoLearner::Ipo { .. }, _) if p.population => (
            format!("IPO β={b}: fixed point in closed form"),
            ipo_fixed_point(p, b),
            "u_i = (1/n) Σ_j (2P(i ≻ j) − 1)/(2β), population data".into(),
        ),
        (DpoLearner::Copg { .. }, _) => (
            format!("CoPG β={b}: minimiser = π_ref·e^(r*/β)/Z"),
            shifted(p, &gold, b),
            "every pair's loss is zero exactly there, whichever policy sampled the pairs".into(),
        ),
        (DpoLearner::Gvpo { .. }, _) => (
            format!("GVPO β={b}: minimiser = π_ref·e^(r*/β)/Z"),
            shifted(p, &gold, b),
            "its loss is zero exactly there, whatever the data".into(),
        ),
        (DpoLearner::FDpg { divergence, .. }, _) => (
            format!("f-DPG {divergence} β={b}: minimiser = π_ref·e^(r*/β)/Z"),
            shifted(p, &gold, b),
            "a divergence is zero only at its target".into(),
        ),
        (DpoLearner::Rlhf { .. }, Objective::Rlhf { reward, .. }) => (
            format!(
                "RLHF{} β={b}: maximiser = π_ref·e^(r̂/β)/Z",
                if learner.is_cardinal() {
                    " (cardinal)"
                } else {
                    ""
                }
            ),
            shifted(p, &as_rows(reward), b),
            format!(
                "r̂ the fitted {} reward (the KL-regularised optimum, Gibbs)",
                if learner.is_cardinal() {
                    "least-squares"
                } else {
                    "Bradley–Terry"
                }
            ),
        ),
        _ => return None,
    })
}

/// Cardinal feedback reports each pair's gold gap exactly, so the least-squares reward
/// must equal r* up to one constant on each group of responses the pairs connect.
fn cardinal_reward(e: &DpoExperiment) -> Option<Check> {
    let l = e.plan.learners.iter().position(DpoLearner::is_cardinal)?;
    let Objective::Rlhf { reward, .. } = &e.objectives[l] else {
        return None;
    };
    let mut spread = 0.0f64;
    for ((toy, pairs), r) in e.problem.prompts.iter().zip(&e.problem.pairs).zip(reward) {
        for p in pairs.iter().filter(|p| p.weight > 0.0) {
            let gap = (r[p.chosen] - r[p.rejected]) - (toy.gold[p.chosen] - toy.gold[p.rejected]);
            spread = spread.max(gap.abs());
        }
    }
    Some(Check::new(
        "cardinal feedback: r̂ = r* up to a constant",
        spread <= 1e-9,
        format!(
            "on every labelled pair r̂(y_w) − r̂(y_l) matches r*(y_w) − r*(y_l) within {spread:.1e} \
             (least squares on willingness to pay)"
        ),
    ))
}

fn as_rows(r: &[Vec<f64>]) -> Vec<&[f64]> {
    r.iter().map(Vec::as_slice).collect()
}

/// Each prompt's Bradley–Terry MLE reward on its pairs (population: labels flipped at
/// rate `flip`), or None when one has no finite maximum (DPO's margins then grow without
/// bound and there is no optimum to check).
fn mle_rewards(p: &Problem, flip: f64) -> Option<Vec<Vec<f64>>> {
    p.prompts
        .iter()
        .zip(&p.pairs)
        .map(|(toy, pairs)| {
            let data = if p.population {
                toy.noisy_population(flip)
            } else {
                pairs.clone()
            };
            bradley_terry::mle(toy.responses(), &data, 2_000).ok()
        })
        .collect()
}

/// ln π_ref + r/β, prompt after prompt.
fn shifted(p: &Problem, reward: &[&[f64]], beta: f64) -> Vec<f64> {
    p.prompts
        .iter()
        .zip(reward)
        .flat_map(|(t, r)| t.ref_logp.iter().zip(*r).map(move |(l, r)| l + r / beta))
        .collect()
}

/// IPO's population fixed point: potentials u_i = (1/n) Σ_{j≠i} (2p_ij − 1)/(2β) on top
/// of ln π_ref (least squares over the complete graph of pairs), prompt after prompt.
fn ipo_fixed_point(p: &Problem, beta: f64) -> Vec<f64> {
    let c = 1.0 / (2.0 * beta);
    p.prompts
        .iter()
        .flat_map(|toy| {
            let n = toy.responses();
            (0..n).map(move |i| {
                let u = (0..n)
                    .filter(|&j| j != i)
                    .map(|j| c * (2.0 * toy.preference(i, j) - 1.0))
                    .sum::<f64>()
                    / n as f64;
                toy.ref_logp[i] + u
            })
        })
        .collect()
}
