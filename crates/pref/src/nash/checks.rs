//! The Verify checks of a `kind = "nash"` run. What is exact and what is not:
//!
//! - exact (identities, to rounding): the Minimax Winner of the linear programme is one
//!   (no response beats it) and support enumeration finds the same; a Condorcet winner,
//!   when there is one, is it; Newton's Bradley–Terry fit equals Hunter's MM fit; RLHF's
//!   iterate equals its closed form; every policy sums to 1.
//! - exact bounds: the average of multiplicative weights has duality gap = average
//!   regret ≤ ln(1/min π_ref)/(ηt) + η/8 (Hedge's bound for rewards in [0, 1]); at its
//!   fixed point Nash-MD's gap is at most τ·ln(1/min π_ref) + ‖π − π̃‖₁ (it converges to
//!   a regularised equilibrium, not to the Minimax Winner itself).
//! - an observed convergence, at the end of the run only: extragradient's last iterate
//!   within [`EXTRAGRADIENT_GAP`] of a Minimax Winner. Its last-iterate convergence is a
//!   theorem when the Minimax Winner is unique, with a rate that depends on η and the
//!   game, so too few steps fail this check honestly.

use playground_core::Experiment;
use playground_core::check::Check;
use playground_core::math;

use super::bt;
use super::dynamics::{Learner, Rule, nash_md_anchor};
use super::experiment::NashExperiment;
use super::minimax;
use crate::bradley_terry;

/// A duality gap this small is zero.
pub const EXACT: f64 = 1e-9;
/// Extragradient's last iterate counts as converged below this gap.
pub const EXTRAGRADIENT_GAP: f64 = 1e-3;
/// Nash-MD counts as at its fixed point when one more step moves it less than this (ℓ1).
pub const FIXED_POINT: f64 = 1e-9;
const MM_ITERATIONS: usize = 20_000;

pub fn all(e: &NashExperiment) -> Vec<Check> {
    let mut out = vec![minimax_by_lp(e), minimax_agrees(e)];
    out.extend(condorcet(e));
    out.extend(bradley_terry_solvers(e));
    out.push(sums_to_one(e));
    for (l, learner) in e.learners.iter().enumerate() {
        out.extend(learner_check(e, l, learner));
    }
    out
}

fn learner_check(e: &NashExperiment, l: usize, learner: &Learner) -> Option<Check> {
    let label = &e.plan.labels()[l];
    match learner.rule {
        Rule::Rlhf { eta, beta, .. } => Some(rlhf_closed_form(e, label, learner, eta, beta)),
        Rule::MultiplicativeWeights { eta } => hedge_bound(e, label, learner, eta),
        Rule::Extragradient { .. } if e.is_done() => Some(extragradient(e, label, learner)),
        Rule::NashMd { eta, tau } if tau > 0.0 && e.is_done() => {
            Some(nash_md_bound(e, label, learner, eta, tau))
        }
        _ => None,
    }
}

/// No response beats the linear programme's answer: max_y P(y ≻ π_MW) ≤ ½, which is
/// the same as min_j P(π_MW ≻ j) ≥ ½.
fn minimax_by_lp(e: &NashExperiment) -> Check {
    let pi = &e.minimax;
    let gap = e.game.duality_gap(pi);
    let worst = (0..e.game.responses())
        .map(|j| 1.0 - e.game.win_rates(pi)[j])
        .fold(f64::INFINITY, f64::min);
    let valid = pi.iter().all(|p| *p >= 0.0) && (pi.iter().sum::<f64>() - 1.0).abs() <= 1e-12;
    Check::new(
        "the linear programme's answer is a Minimax Winner",
        valid && gap <= EXACT,
        format!(
            "π_MW = {}; its worst-case win rate min_j P(π_MW ≻ j) = {worst:.12} ≥ ½ − {EXACT:.0e} \
             (duality gap {gap:.1e})",
            show(pi)
        ),
    )
}

/// Support enumeration, solved independently, finds the same policy (or another Minimax
/// Winner when there are several).
fn minimax_agrees(e: &NashExperiment) -> Check {
    let name = "support enumeration finds the same Minimax Winner";
    let Some(other) = minimax::by_support_enumeration(&e.game) else {
        return Check::new(name, false, "no support gave a Minimax Winner");
    };
    let diff = max_diff(&e.minimax, &other);
    let both = e.game.duality_gap(&other) <= EXACT && e.game.duality_gap(&e.minimax) <= EXACT;
    let detail = if diff <= EXACT {
        format!(
            "every support's equalising equations solved; largest difference {diff:.1e} ≤ {EXACT:.0e}"
        )
    } else {
        format!(
            "enumeration found {} (gap {:.1e}), {diff:.1e} away: the Minimax Winner is not unique \
             here, and both are one",
            show(&other),
            e.game.duality_gap(&other)
        )
    };
    Check::new(name, both, detail)
}

/// In the transitive case the Minimax Winner is the Condorcet winner.
fn condorcet(e: &NashExperiment) -> Option<Check> {
    let c = e.game.condorcet_winner()?;
    let mut want = vec![0.0; e.game.responses()];
    want[c] = 1.0;
    let diff = max_diff(&e.minimax, &want);
    Some(Check::new(
        "the Minimax Winner is the Condorcet winner",
        diff <= EXACT,
        format!(
            "response {c} beats every other with probability above ½; largest difference {diff:.1e}"
        ),
    ))
}

/// Newton's fit against Hunter's MM algorithm on the same weighted pairs.
fn bradley_terry_solvers(e: &NashExperiment) -> Option<Check> {
    let newton = e.reward.as_ref()?;
    let name = "Bradley–Terry fit: Newton = MM";
    let mm = match bradley_terry::mle(e.game.responses(), &bt::pairs(&e.game.p), MM_ITERATIONS) {
        Ok(r) => r,
        Err(why) => return Some(Check::new(name, false, why)),
    };
    let diff = max_diff(newton, &mm);
    let g = bt::gradient(&e.game.p, newton);
    let largest = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    Some(Check::new(
        name,
        diff <= 1e-8,
        format!(
            "r̂ = {} (mean 0); MM after {MM_ITERATIONS} iterations differs by {diff:.1e} ≤ 1e-8; \
             the likelihood's gradient at r̂ is {largest:.1e}",
            show(newton)
        ),
    ))
}

/// Every policy and every average is a distribution.
fn sums_to_one(e: &NashExperiment) -> Check {
    let mut worst = 0.0f64;
    let mut negative = false;
    for l in &e.learners {
        for pi in [l.probs(), l.average()] {
            worst = worst.max((pi.iter().sum::<f64>() - 1.0).abs());
            negative |= pi.iter().any(|p| p.is_nan() || *p < 0.0);
        }
    }
    Check::new(
        "every policy is a probability distribution",
        !negative && worst <= 1e-12,
        format!("non-negative, sums within {worst:.1e} of 1 (every learner's π_t and average)"),
    )
}

/// ln π_t − ln π* = (1 − ηβ)^t (ln π_ref − ln π*) up to a constant, π* = π_ref·e^{r̂/β}/Z.
fn rlhf_closed_form(e: &NashExperiment, label: &str, l: &Learner, eta: f64, beta: f64) -> Check {
    let star = e.rlhf_optimum(beta).unwrap_or_default();
    // ln π* up to a constant, kept in log space (π* itself may underflow for small β).
    let reward = e.reward.clone().unwrap_or_default();
    let star_log: Vec<f64> = e
        .ref_logp
        .iter()
        .zip(&reward)
        .map(|(l, r)| l + r / beta)
        .collect();
    let shrink = math::pow(1.0 - eta * beta, l.played as f64);
    let now = centred(l.logits.iter().zip(&star_log).map(|(a, s)| a - s));
    let want = centred(
        e.ref_logp
            .iter()
            .zip(&star_log)
            .map(|(a, s)| shrink * (a - s)),
    );
    let diff = max_diff(&now, &want);
    // Relative to the logits' size, r̂/β (large when β is small).
    let size = star_log.iter().fold(1.0f64, |m, x| m.max(x.abs()));
    Check::new(
        format!("{label}: iterate = closed form"),
        diff <= 1e-9 * size,
        format!(
            "ln π_t − ln π* = (1 − ηβ)^t·(ln π_ref − ln π*) + const, π* = π_ref·e^(r̂/β)/Z = {}; \
             largest difference {diff:.1e} at t = {}",
            show(&star),
            l.played
        ),
    )
}

/// The average's gap is its average regret, which Hedge's bound caps.
fn hedge_bound(e: &NashExperiment, label: &str, l: &Learner, eta: f64) -> Option<Check> {
    if l.played == 0 {
        return None;
    }
    let t = l.played as f64;
    let min_ref = e.ref_probs.iter().copied().fold(f64::INFINITY, f64::min);
    let bound = math::ln(1.0 / min_ref) / (eta * t) + eta / 8.0;
    let gap = e.game.duality_gap(&l.average());
    Some(Check::new(
        format!("{label}: average within Hedge's regret bound"),
        gap <= bound + 1e-12,
        format!(
            "the average of the t = {} policies played has gap {gap:.2e} = its average regret \
             ≤ ln(1/min π_ref)/(ηt) + η/8 = {bound:.2e}",
            l.played
        ),
    ))
}

fn extragradient(e: &NashExperiment, label: &str, l: &Learner) -> Check {
    let gap = e.game.duality_gap(&l.probs());
    Check::new(
        format!("{label}: last iterate converges"),
        gap <= EXTRAGRADIENT_GAP,
        format!(
            "duality gap after {} steps {gap:.2e} ≤ {EXTRAGRADIENT_GAP:.0e} (else: more steps or \
             a larger learning rate)",
            l.played
        ),
    )
}

/// At Nash-MD's fixed point π ∝ π_ref·exp(P π̃/τ) is the τ-regularised best response to
/// π̃, so P(y ≻ π̃) − πᵀPπ̃ ≤ τ ln(1/π_ref(y)); and moving from π̃ to π changes a win
/// rate margin by at most ‖π − π̃‖₁. Hence gap(π) ≤ τ·ln(1/min π_ref) + ‖π − π̃‖₁.
fn nash_md_bound(e: &NashExperiment, label: &str, l: &Learner, eta: f64, tau: f64) -> Check {
    let pi = l.probs();
    let mut next = l.clone();
    next.step(&e.game, &e.ref_logp);
    let moved = l1(&pi, &next.probs());
    let anchor = nash_md_anchor(&l.logits, &e.ref_logp, eta, tau);
    let min_ref = e.ref_probs.iter().copied().fold(f64::INFINITY, f64::min);
    let bound = tau * math::ln(1.0 / min_ref) + l1(&pi, &anchor);
    let gap = e.game.duality_gap(&pi);
    Check::new(
        format!("{label}: at its fixed point, gap within the regularisation's bound"),
        moved <= FIXED_POINT && gap <= bound + FIXED_POINT,
        format!(
            "one more step moves π by {moved:.1e} (≤ {FIXED_POINT:.0e} at a fixed point); gap \
             {gap:.2e} ≤ τ·ln(1/min π_ref) + ‖π − π̃‖₁ = {bound:.2e}"
        ),
    )
}

fn centred(x: impl Iterator<Item = f64>) -> Vec<f64> {
    let v: Vec<f64> = x.collect();
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    v.iter().map(|a| a - mean).collect()
}

fn max_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()))
}

fn l1(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum()
}

fn show(p: &[f64]) -> String {
    let parts: Vec<String> = p.iter().map(|x| format!("{x:.4}")).collect();
    format!("({})", parts.join(", "))
}
