//! The Verify panel's checks, each against an exact answer:
//!
//! - the Pareto front, found two ways (maps: reachability against every stationary
//!   policy, or against the published Deep Sea Treasure front; other environments: the
//!   sorting sweep against pairwise comparison);
//! - its hypervolume, by the sweep against inclusion–exclusion (or the other axis);
//! - the part linear scalarisation reaches: the convex-hull vertices against the
//!   maximisers found in weight space;
//! - every learner's points on or under the front (deterministic pickers) or under its
//!   convex hull (stochastic policies: mixtures);
//! - the linear learner's points are hull vertices;
//! - soups: log π_λ = λ log π₁ + (1−λ) log π₂ − log Z, the experts' closed-form iterates,
//!   and the soup against the scalarised optimum within the experts' remaining error;
//! - single-reward RLHF's closed-form iterate;
//! - MaxMin: primal = dual at the exact dual optimum, and weak duality at the iterate;
//! - time preferences: the augmented aggregator keeps the plan preferred at time 0, and
//!   the Markov one agrees with it at time 0.

use playground_core::check::Check;
use playground_core::math;

use crate::aggregate::{Aggregator, argmax};
use crate::dual;
use crate::experiment::{Learner, ParetoExperiment};
use crate::expert::AdamExpert;
use crate::front::{self, Point};
use crate::problem::Problem;
use crate::regularised::{KlLearner, Regularised};
use crate::scalarise::Utility;
use crate::softmax;

pub fn all(e: &ParetoExperiment) -> Vec<Check> {
    let p = &e.problem;
    let mut out = vec![front_check(p), hypervolume_check(p), reach_check(p)];
    for (l, label) in e.plan.labels().iter().enumerate() {
        out.extend(learner_checks(e, l, label));
    }
    out
}

fn points_text(points: &[Point]) -> String {
    let items: Vec<String> = points
        .iter()
        .map(|q| format!("({}, {})", q[0], q[1]))
        .collect();
    items.join(" ")
}

fn same_set(a: &[Point], b: &[Point]) -> bool {
    a.len() == b.len() && a.iter().all(|p| b.contains(p))
}

fn front_check(p: &Problem) -> Check {
    let name = "Pareto front, found two ways";
    if let Some(published) = &p.published {
        let ok = same_set(&p.front, published);
        return Check::new(
            name,
            ok,
            format!(
                "reachability over every deterministic policy gives {} points, the published \
                 Deep Sea Treasure front {}: {}; exact equality",
                p.front.len(),
                published.len(),
                points_text(&p.front)
            ),
        );
    }
    if let Some(grid) = &p.grid {
        return match grid.enumerate_stationary() {
            Some(all) => {
                let enumerated = front::pareto_front(&all);
                let cells = grid.sea_cells().len();
                Check::new(
                    name,
                    same_set(&p.front, &enumerated),
                    format!(
                        "reachability gives {} points; following all 4^{cells} stationary \
                         policies gives {} distinct returns whose front has {}: {}; exact \
                         equality",
                        p.front.len(),
                        all.len(),
                        enumerated.len(),
                        points_text(&enumerated)
                    ),
                )
            }
            None => {
                let pairwise = front::pareto_front_pairwise(&p.outcomes);
                Check::new(
                    name,
                    same_set(&p.front, &pairwise),
                    format!(
                        "more than {} sea cells, so the policies are not enumerated: the \
                         sweep's {} points against pairwise comparison's {}; exact equality",
                        crate::grid::ENUMERATION_MAX_CELLS,
                        p.front.len(),
                        pairwise.len()
                    ),
                )
            }
        };
    }
    let pairwise = front::pareto_front_pairwise(&p.outcomes);
    Check::new(
        name,
        same_set(&p.front, &pairwise),
        format!(
            "of {} deterministic policies, the sweep finds {} non-dominated, pairwise \
             comparison {}; exact equality",
            p.outcomes.len(),
            p.front.len(),
            pairwise.len()
        ),
    )
}

fn hypervolume_check(p: &Problem) -> Check {
    let r = p.reference;
    let name = format!("hypervolume of the front from ({}, {})", r[0], r[1]);
    let got = front::hypervolume(&p.front, r);
    let tol = 1e-9 * (1.0 + got.abs());
    let mut c = match front::hypervolume_by_inclusion_exclusion(&p.front, r) {
        Some(want) => Check::close(name, got, want, tol),
        None => Check::close(name, got, front::hypervolume_along_second(&p.front, r), tol),
    };
    c.detail = if p.front.len() <= front::INCLUSION_EXCLUSION_MAX {
        format!(
            "sweep vs inclusion–exclusion over all subsets: {}",
            c.detail
        )
    } else {
        format!("sweep along J₁ vs along J₂: {}", c.detail)
    };
    c
}

fn reach_check(p: &Problem) -> Check {
    let by_weights = front::linear_reach(&p.front);
    Check::new(
        "linear scalarisation reaches exactly the convex-hull vertices",
        same_set(&p.supported, &by_weights),
        format!(
            "{} of the {} front points are hull vertices; the maximisers of w·J over every \
             interval of w₁ between tie weights are {}: {}; exact equality",
            p.supported.len(),
            p.front.len(),
            by_weights.len(),
            points_text(&by_weights)
        ),
    )
}

fn learner_checks(e: &ParetoExperiment, l: usize, label: &str) -> Vec<Check> {
    let p = &e.problem;
    let pts = e.points(l);
    let tol = 1e-9 * p.scale();
    match &e.learners[l] {
        Learner::Scalar(s) => {
            let mut out = vec![Check::new(
                format!("{label}: every point is on or under the front"),
                pts.iter().all(|q| front::on_or_below(*q, &p.front, 0.0)),
                format!(
                    "{} points, each weakly dominated by a point of the exact front (exactly)",
                    pts.len()
                ),
            )];
            if s.utility == Utility::Linear {
                let hull = pts.iter().filter(|q| p.supported.contains(q)).count();
                out.push(Check::new(
                    format!("{label}: linear weights only find hull vertices"),
                    hull == pts.len(),
                    format!(
                        "{hull} of its {} points are among the {} convex-hull vertices \
                         (exactly)",
                        pts.len(),
                        p.supported.len()
                    ),
                ));
            }
            out
        }
        Learner::Kl(k) => {
            let mut out = vec![Check::new(
                format!("{label}: every point is under the front's convex hull"),
                pts.iter()
                    .all(|q| front::in_mixture_region(*q, &p.outcomes, tol)),
                format!(
                    "{} points, each weakly dominated by a mixture of deterministic policies \
                     (|Δ| ≤ {tol:.0e})",
                    pts.len()
                ),
            )];
            out.extend(kl_checks(p, k, label));
            out
        }
        Learner::Aggregate(a) => aggregate_checks(p, a, label),
    }
}

fn aggregate_checks(p: &Problem, a: &Aggregator, label: &str) -> Vec<Check> {
    // The plan preferred from time 0, by the time-0 returns themselves.
    let w = [a.weight, 1.0 - a.weight];
    let first = argmax(&softmax::weighted(&p.outcomes, w));
    let kept = a.picks.iter().filter(|(_, k)| *k == first).count();
    if a.augmented || p.schedule.is_none() {
        vec![Check::new(
            format!("{label}: the plan preferred at time 0 is kept at every step"),
            kept == a.picks.len(),
            format!(
                "plan {first} maximises w·J from time 0; chosen at {kept} of {} steps (exactly)",
                a.picks.len()
            ),
        )]
    } else {
        let at_zero = a.picks.first().is_none_or(|(_, k)| *k == first);
        vec![Check::new(
            format!("{label}: at time 0 it prefers the time-0 optimum"),
            at_zero,
            format!(
                "plan {first} maximises w·J from time 0; it then keeps it at {kept} of {} \
                 steps ({} preference flips): Markov re-planning is not time-consistent",
                a.picks.len(),
                a.flips()
            ),
        )]
    }
}

fn kl_checks(p: &Problem, k: &KlLearner, label: &str) -> Vec<Check> {
    let (beta, eta, t) = (k.beta, k.eta, k.t);
    let scale = 1.0 + p.scale() / beta;
    match &k.kind {
        Regularised::Soup {
            experts,
            adam: Some(adam),
            ..
        } => {
            let mut out = vec![adam_gradient_check(p, beta, adam, label)];
            out.extend(soup_checks(p, k, experts, label).into_iter().skip(1));
            out
        }
        Regularised::Soup { experts, .. } => soup_checks(p, k, experts, label),
        Regularised::SingleReward { logits } => {
            let r = softmax::weighted(&p.outcomes, p.shares);
            let want = softmax::iterate_after(&p.ref_logp, &r, beta, eta, t);
            vec![Check::close(
                format!("{label}: logits = the closed-form iterate after {t} steps"),
                softmax::log_prob_distance(logits, &want),
                0.0,
                1e-9 * scale,
            )]
        }
        Regularised::Maxmin { .. } => maxmin_checks(p, k, label),
        Regularised::Conditioned { .. } => vec![],
    }
}

/// MaxMin: strong duality at the exact dual optimum, weak duality at the iterate.
fn maxmin_checks(p: &Problem, k: &KlLearner, label: &str) -> Vec<Check> {
    let beta = k.beta;
    let w_star = dual::solve(&p.ref_logp, &p.outcomes, beta);
    let d_star = dual::dual_value(&p.ref_logp, &p.outcomes, w_star, beta);
    let pi_star = softmax::probs(&dual::policy_logits(&p.ref_logp, &p.outcomes, w_star, beta));
    let primal_star = dual::primal_value(&pi_star, &p.ref_logp, &p.outcomes, beta);
    let tol = 1e-9 * p.scale();
    let mut strong = Check::close(
        format!(
            "{label}: primal optimum = dual value at w* = ({:.4}, {:.4})",
            w_star[0], w_star[1]
        ),
        primal_star,
        d_star,
        tol,
    );
    strong.detail = format!(
        "min_k E r_k − β KL of π_w* vs min_w β log E_π_ref e^(w·r/β): {}",
        strong.detail
    );
    let w = k.dual_weights().unwrap_or(w_star);
    let pi = &k.policies(p)[0];
    let primal = dual::primal_value(pi, &p.ref_logp, &p.outcomes, beta);
    let d = dual::dual_value(&p.ref_logp, &p.outcomes, w, beta);
    let weak = Check::new(
        format!("{label}: weak duality at the iterate"),
        primal <= d_star + tol && d_star <= d + tol,
        format!(
            "P(π_t) = {primal:.6} ≤ D(w*) = {d_star:.6} ≤ D(w_t) = {d:.6} (within {tol:.0e}); \
             the iterate's gap is {:.2e}",
            d - primal
        ),
    );
    vec![strong, weak]
}

/// Adam's experts step along the engine's autodiff gradient: it must be the closed form
/// π_y·(h_y − E_π h), h = r_k − β·ln(π/π_ref).
fn adam_gradient_check(p: &Problem, beta: f64, adam: &[AdamExpert; 2], label: &str) -> Check {
    let err = adam
        .iter()
        .enumerate()
        .map(|(j, e)| {
            let logits = e.logits();
            let pi = softmax::probs(&logits);
            let lp = softmax::log_probs(&logits);
            let r = p.rewards(j);
            let h: Vec<f64> = (0..pi.len())
                .map(|y| r[y] - beta * (lp[y] - p.ref_logp[y]))
                .collect();
            let mean: f64 = pi.iter().zip(&h).map(|(q, h)| q * h).sum();
            e.gradient()
                .iter()
                .zip(pi.iter().zip(&h))
                .map(|(g, (q, h))| (g - q * (h - mean)).abs())
                .fold(0.0, f64::max)
        })
        .fold(0.0, f64::max);
    let mut c = Check::close(
        format!("{label}: the engine's gradient = the closed form"),
        err,
        0.0,
        1e-9 * (1.0 + p.scale()),
    );
    c.detail = format!(
        "autodiff ∂/∂θ of E_π r_k − β·KL(π‖π_ref) against π(y)·(h(y) − E_π h) for both experts \
         at their current logits: largest |Δ| = {err:.1e} ≤ {:.0e}",
        1e-9 * (1.0 + p.scale())
    );
    c
}

fn soup_checks(p: &Problem, k: &KlLearner, experts: &[Vec<f64>; 2], label: &str) -> Vec<Check> {
    let (beta, eta, t) = (k.beta, k.eta, k.t);
    let scale = 1.0 + p.scale() / beta;
    let mut out = Vec::new();
    // The experts follow the mirror step's closed form.
    let expert_err = (0..2)
        .map(|j| {
            let want = softmax::iterate_after(&p.ref_logp, &p.rewards(j), beta, eta, t);
            softmax::log_prob_distance(&experts[j], &want)
        })
        .fold(0.0, f64::max);
    out.push(Check::close(
        format!("{label}: experts = the closed-form iterates after {t} steps"),
        expert_err,
        0.0,
        1e-9 * scale,
    ));
    // The soup's log-probabilities are the geometric mixture of the experts'.
    let lp = [
        softmax::log_probs(&experts[0]),
        softmax::log_probs(&experts[1]),
    ];
    let mut identity: f64 = 0.0;
    let mut to_optimum: f64 = 0.0;
    for x in k.grid() {
        let soup = softmax::log_probs(&k.logits_at(x, p));
        let mix: Vec<f64> = (0..soup.len())
            .map(|y| x * lp[0][y] + (1.0 - x) * lp[1][y])
            .collect();
        let log_z = math::log_sum_exp(&mix);
        for y in 0..soup.len() {
            identity = identity.max((soup[y] - (mix[y] - log_z)).abs());
        }
        let r = softmax::weighted(&p.outcomes, [x, 1.0 - x]);
        let opt = softmax::optimum_logits(&p.ref_logp, &r, beta);
        to_optimum = to_optimum.max(softmax::log_prob_distance(&k.logits_at(x, p), &opt));
    }
    out.push(Check::close(
        format!("{label}: log π_λ = λ log π₁ + (1−λ) log π₂ − log Z"),
        identity,
        0.0,
        1e-9 * scale,
    ));
    // The soup's log probabilities are within twice the experts' largest distance from
    // their own optima of the scalarised optimum's. Mirror ascent's experts are
    // (1 − ηβ)^t·r_k/β from theirs; Adam's are measured.
    let bound = if matches!(k.kind, Regularised::Soup { adam: Some(_), .. }) {
        2.0 * (0..2)
            .map(|j| {
                let opt = softmax::optimum_logits(&p.ref_logp, &p.rewards(j), beta);
                softmax::log_prob_distance(&experts[j], &opt)
            })
            .fold(0.0, f64::max)
    } else {
        let left = math::pow(1.0 - eta * beta, t as f64);
        2.0 * left
            * (p.nadir[0].abs().max(p.ideal[0].abs())).max(p.nadir[1].abs().max(p.ideal[1].abs()))
            / beta
    };
    let mut c = Check::new(
        format!("{label}: the soup is the scalarised optimum π_ref·e^(λr₁+(1−λ)r₂)/β/Z"),
        to_optimum <= bound + 1e-9 * scale,
        String::new(),
    );
    c.detail = format!(
        "max |log π_λ − log π*_λ| over λ = {to_optimum:.3e} ≤ twice the experts' distance \
         to their optima = {bound:.3e} (+ {:.0e}): exact once the experts have converged",
        1e-9 * scale
    );
    out.push(c);
    out
}
