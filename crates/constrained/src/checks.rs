//! Verify: the exact optimum, checked by its own certificates, and the learners' gradient
//! against finite differences.
//!
//! A feasible policy whose objective equals a value of the dual is optimal (weak duality
//! bounds every feasible objective by every dual value), so "feasible", "complementary
//! slackness" and "zero duality gap" together prove π* is the constrained optimum.

use playground_core::check::Check;

use crate::dual::{self, Optimum};
use crate::learners::{Learner, ascent};
use crate::problem::{Policy, Problem};

/// Tolerance of the exact identities (in reward units, scaled by the problem's size).
const EXACT: f64 = 1e-9;

fn scale(p: &Problem) -> f64 {
    let big = |v: &[f64]| v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    1.0f64.max(big(&p.reward)).max(big(&p.cost))
}

pub fn all(p: &Problem, opt: &Optimum, learner: Option<&Learner>) -> Vec<Check> {
    let mut out = vec![
        solvers_agree(p),
        feasible(p, opt),
        slackness(p, opt),
        zero_gap(p, opt),
        curvature(p, opt),
        stepwise_equals_joint(p, opt),
    ];
    if let Some(l) = learner {
        out.push(gradient(p, &l.logits, l.lambda));
    }
    out
}

fn solvers_agree(p: &Problem) -> Check {
    let (newton, bisection) = (dual::solve_by_newton(p), dual::solve_by_bisection(p));
    let mut c = Check::close(
        "λ* by Newton = λ* by bisection",
        newton,
        bisection,
        EXACT * newton.max(1.0),
    );
    c.detail = format!(
        "the dual's minimiser λ* = {newton:.9} by Newton's method, {bisection:.9} by \
         bisection, |Δ| = {:.1e} ≤ {:.0e}",
        (newton - bisection).abs(),
        EXACT * newton.max(1.0)
    );
    c
}

fn feasible(p: &Problem, opt: &Optimum) -> Check {
    let tol = EXACT * scale(p);
    Check::new(
        "π* is safe",
        opt.cost <= p.budget + tol,
        format!(
            "E_π* c = {:.9} ≤ b = {} (within {tol:.0e})",
            opt.cost, p.budget
        ),
    )
}

fn slackness(p: &Problem, opt: &Optimum) -> Check {
    let product = opt.lambda * (opt.cost - p.budget);
    let tol = EXACT * scale(p) * opt.lambda.max(1.0);
    let what = if opt.lambda > 0.0 {
        "the constraint binds: π* spends exactly the budget"
    } else {
        "the constraint is slack: λ* = 0"
    };
    Check::new(
        "complementary slackness",
        product.abs() <= tol,
        format!(
            "λ*·(E_π* c − b) = {product:.2e}, |·| ≤ {tol:.0e}: {what} (λ* = {:.6}, E_π* c = \
             {:.6}, b = {})",
            opt.lambda, opt.cost, p.budget
        ),
    )
}

fn zero_gap(p: &Problem, opt: &Optimum) -> Check {
    let d = dual::value(p, opt.lambda);
    let tol = EXACT * scale(p);
    let mut c = Check::close("zero duality gap", opt.objective, d, tol);
    c.detail = format!(
        "E_π* r − β·KL(π*‖π_ref) = {:.9}, D(λ*) = {d:.9}, |Δ| = {:.1e} ≤ {tol:.0e}: a safe \
         policy worth a dual value is optimal",
        opt.objective,
        (opt.objective - d).abs()
    );
    c
}

/// D' and D'' in closed form against central differences of D and D'.
fn curvature(p: &Problem, opt: &Optimum) -> Check {
    let at = opt.lambda.max(0.5);
    // D''' grows like 1/β², so the step shrinks with β to keep the differences' error
    // (h²·D'''/6) far below the tolerance.
    let h = 1e-4 * p.beta.min(1.0);
    let fd_slope = (dual::value(p, at + h) - dual::value(p, at - h)) / (2.0 * h);
    let fd_curv = (dual::slope(p, at + h) - dual::slope(p, at - h)) / (2.0 * h);
    let (slope, curv) = (dual::slope(p, at), dual::curvature(p, at));
    let tol = 1e-6 * scale(p) * (1.0 + curv);
    let err = (fd_slope - slope).abs().max((fd_curv - curv).abs());
    Check::new(
        "D is convex: D'' = Var c / β ≥ 0",
        err <= tol && curv >= 0.0,
        format!(
            "at λ = {at:.4}: D' = b − E c = {slope:.8} (differences {fd_slope:.8}), D'' = \
             Var_π c / β = {curv:.8} (differences {fd_curv:.8}), |Δ| = {err:.1e} ≤ {tol:.0e}"
        ),
    )
}

/// SACPO: aligning to r, then tilting that policy by −λ*c, lands on the joint optimum.
fn stepwise_equals_joint(p: &Problem, opt: &Optimum) -> Check {
    let aligned = p.tilt(&p.log_reference, &p.reward);
    let penalty: Vec<f64> = p.cost.iter().map(|c| -opt.lambda * c).collect();
    let stepwise = p.tilt(&aligned.logs, &penalty);
    let err = stepwise
        .probs
        .iter()
        .zip(&opt.policy.probs)
        .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
    Check::new(
        "stepwise tilt = joint tilt",
        err <= EXACT,
        format!(
            "π*_r·e^{{−λ*c/β}}/Z against π_ref·e^{{(r − λ*c)/β}}/Z: largest |Δπ(y)| = {err:.1e} \
             ≤ {EXACT:.0e}"
        ),
    )
}

/// The gradient every learner steps along, at the first learner's current logits and λ.
fn gradient(p: &Problem, logits: &[f64], lambda: f64) -> Check {
    let g = p.priced(lambda);
    let objective = |th: &[f64]| {
        let pi = Policy::from_logits(th);
        pi.expect(&g) - p.beta * pi.kl(&p.log_reference)
    };
    let pi = Policy::from_logits(logits);
    let natural = ascent(p, logits, &p.log_reference, &g);
    let analytic: Vec<f64> = pi.probs.iter().zip(&natural).map(|(q, n)| q * n).collect();
    let h = 1e-5;
    let err = (0..logits.len())
        .map(|k| {
            let mut up = logits.to_vec();
            let mut down = logits.to_vec();
            up[k] += h;
            down[k] -= h;
            let fd = (objective(&up) - objective(&down)) / (2.0 * h);
            (fd - analytic[k]).abs()
        })
        .fold(0.0f64, f64::max);
    let tol = 1e-7 * scale(p).max(1.0 / p.beta);
    Check::new(
        "natural gradient × π = finite differences",
        err <= tol,
        format!(
            "the learners' step direction h − E_π h (h = r − λc − β·ln(π/π_ref)) times π(y), \
             against central differences of E_π(r − λc) − β·KL(π‖π_ref) at the first \
             learner's logits (λ = {lambda:.4}): largest |Δ| = {err:.1e} ≤ {tol:.0e}"
        ),
    )
}
