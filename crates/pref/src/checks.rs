//! The DPO Lab's Verify checks: each loss at π_ref against its known value, every
//! learner's gradient against finite differences, the closed-form optima as stationary
//! points of the convex losses, and no learner above the exact reward–KL frontier.

use playground_core::check::Check;
use playground_core::math;

use crate::bradley_terry;
use crate::experiment::DpoExperiment;
use crate::fit::{gradient, mean_loss};
use crate::frontier::best_reward_within;
use crate::loss::PairLoss;
use crate::metrics::{gold_reward, kl_to_reference};

/// A gradient this small is zero: the losses are convex in the logits, so a point where
/// it vanishes is a minimiser.
const STATIONARY: f64 = 1e-9;

pub fn all(e: &DpoExperiment) -> Vec<Check> {
    let mut out = vec![losses_at_reference(e), gradients(e), frontier(e)];
    out.extend(optima(e));
    out
}

/// At π = π_ref every margin is 0: the DPO family's losses are ln 2, IPO's 1/(4β²).
fn losses_at_reference(e: &DpoExperiment) -> Check {
    let mut worst = 0.0f64;
    for loss in &e.losses {
        let want = match *loss {
            PairLoss::Ipo { beta } => 1.0 / (4.0 * beta * beta),
            _ => std::f64::consts::LN_2,
        };
        let got = mean_loss(&e.toy, loss, &e.pairs, &e.toy.ref_logp);
        worst = worst.max((got - want).abs());
    }
    Check::new(
        "each loss at π_ref = its known value",
        worst <= 1e-12,
        format!("ln 2 (DPO, cDPO, rDPO), 1/(4β²) (IPO); largest error {worst:.1e}"),
    )
}

/// Every learner's gradient now against central finite differences of its loss.
fn gradients(e: &DpoExperiment) -> Check {
    let mut worst = 0.0f64;
    for (loss, theta) in e.losses.iter().zip(&e.thetas) {
        let g = gradient(&e.toy, loss, &e.pairs, theta);
        for (k, gk) in g.iter().enumerate() {
            let h = 1e-5;
            let (mut up, mut down) = (theta.clone(), theta.clone());
            up[k] += h;
            down[k] -= h;
            let fd = (mean_loss(&e.toy, loss, &e.pairs, &up)
                - mean_loss(&e.toy, loss, &e.pairs, &down))
                / (2.0 * h);
            worst = worst.max((gk - fd).abs() / (1.0 + fd.abs()));
        }
    }
    Check::new(
        "gradient = finite differences",
        worst <= 1e-6,
        format!(
            "every learner's logits now, central differences h = 1e-5; largest relative error {worst:.1e}"
        ),
    )
}

/// E_π r* ≤ the most any policy earns within the same KL(π‖π_ref).
fn frontier(e: &DpoExperiment) -> Check {
    let mut worst = f64::NEG_INFINITY;
    for theta in &e.thetas {
        let p = math::softmax(theta);
        let gap = gold_reward(&e.toy, &p) - best_reward_within(&e.toy, kl_to_reference(&e.toy, &p));
        worst = worst.max(gap);
    }
    Check::new(
        "no learner lies above the reward–KL frontier",
        worst <= 1e-9,
        format!(
            "E_π r* minus the frontier's reward at the learner's KL, largest {worst:.2e} (the frontier: π_ref·e^(r*/β)/Z over β)"
        ),
    )
}

/// The closed-form optimum of each DPO and IPO learner is a stationary point of its
/// (convex) loss on this data, hence its minimiser.
fn optima(e: &DpoExperiment) -> Vec<Check> {
    let population = e.plan.env.pairs.is_none();
    let mut out = Vec::new();
    for loss in &e.losses {
        let (name, logits, why) = match *loss {
            PairLoss::Dpo { beta } if population => (
                format!("DPO β={beta}: minimiser = π_ref·e^(r*/β)/Z"),
                shifted(&e.toy.ref_logp, &e.toy.gold, beta),
                "population data".to_string(),
            ),
            PairLoss::Dpo { beta } => match bradley_terry::mle(e.toy.responses(), &e.pairs, 2_000) {
                Ok(r_hat) => (
                    format!("DPO β={beta}: minimiser = π_ref·e^(r̂/β)/Z"),
                    shifted(&e.toy.ref_logp, &r_hat, beta),
                    "r̂ the Bradley–Terry maximum-likelihood reward of these pairs (MM algorithm)"
                        .into(),
                ),
                // No finite maximum (a response never wins or never loses): DPO's margins
                // grow without bound and there is no optimum to check.
                Err(_) => continue,
            },
            PairLoss::Ipo { beta } if population => (
                format!("IPO β={beta}: fixed point in closed form"),
                ipo_fixed_point(e, beta),
                "u_i = (1/n) Σ_j (2P(i ≻ j) − 1)/(2β), population data".to_string(),
            ),
            _ => continue,
        };
        if out.iter().any(|c: &Check| c.name == name) {
            continue;
        }
        let g = gradient(&e.toy, loss, &e.pairs, &logits);
        let largest = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        out.push(Check::new(
            name,
            largest <= STATIONARY,
            format!("{why}; the loss's gradient there is at most {largest:.1e}, and the loss is convex in the logits"),
        ));
    }
    out
}

/// ln π_ref + r/β.
fn shifted(ref_logp: &[f64], reward: &[f64], beta: f64) -> Vec<f64> {
    ref_logp
        .iter()
        .zip(reward)
        .map(|(l, r)| l + r / beta)
        .collect()
}

/// IPO's population fixed point: potentials u_i = (1/n) Σ_{j≠i} (2p_ij − 1)/(2β) on top
/// of ln π_ref (least squares over the complete graph of pairs).
fn ipo_fixed_point(e: &DpoExperiment, beta: f64) -> Vec<f64> {
    let n = e.toy.responses();
    let c = 1.0 / (2.0 * beta);
    (0..n)
        .map(|i| {
            let u = (0..n)
                .filter(|&j| j != i)
                .map(|j| c * (2.0 * e.toy.preference(i, j) - 1.0))
                .sum::<f64>()
                / n as f64;
            e.toy.ref_logp[i] + u
        })
        .collect()
}
