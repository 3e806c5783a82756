//! Constrained alignment: learners' paths in the (expected cost, expected reward) plane
//! over the exact frontier of constrained optima, their metrics against the step with
//! the exact answer drawn in, and the dual D(λ) with λ* and each learner's current price.

use playground_constrained::dual::{self, Optimum};
use playground_constrained::experiment::{COST, LAMBDA, METRICS, OBJECTIVE, REWARD};
use playground_constrained::problem::Problem;
use playground_core::Series;
use playground_core::scenario::ConstrainedScenario;

use crate::kinds::metric_lines;
use crate::{Line, LineFigure, PALETTE, Rgb, VLine};

/// The exact answers are references, drawn in greys no learner uses.
const EXACT: Rgb = Rgb(20, 20, 20);
const BUDGET: Rgb = Rgb(150, 150, 150);
const FRONTIER_POINTS: usize = 160;

fn reference(label: &str, color: Rgb, xs: Vec<f64>, ys: Vec<f64>) -> Line {
    Line {
        label: label.into(),
        color,
        xs,
        ys,
        band: None,
        dashed: true,
    }
}

/// A small + at a point, (dx, dy) from its centre to its ends.
fn cross((x, y): (f64, f64), (dx, dy): (f64, f64), label: String, color: Rgb) -> Line {
    Line {
        label,
        color,
        xs: vec![x - dx, x + dx, x, x, x],
        ys: vec![y, y, y, y + dy, y - dy],
        band: None,
        dashed: false,
    }
}

/// How far the values spread (never 0, so a marker keeps a size).
fn span(v: &[f64]) -> f64 {
    let (lo, hi) = v
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(*x), b.max(*x))
        });
    (hi - lo).max(1e-9)
}

/// Every learner's path in the (cost, reward) plane, the frontier of constrained optima
/// as the budget varies, the budget and the optimum for this one.
pub fn plane_figure(c: &ConstrainedScenario, series: &Series) -> LineFigure {
    let p = Problem::new(&c.env);
    let opt = Optimum::solve(&p);
    let frontier = dual::frontier(&p, FRONTIER_POINTS);
    let (fx, fy): (Vec<f64>, Vec<f64>) = frontier.iter().map(|f| (f.cost, f.reward)).unzip();
    let size = (0.02 * span(&fx), 0.02 * span(&fy));
    let mut lines = vec![reference("optima as the budget varies", BUDGET, fx, fy)];
    for (i, l) in series.learners.iter().enumerate() {
        let (Some(cost), Some(reward)) = (l.metric(COST), l.metric(REWARD)) else {
            continue;
        };
        lines.push(Line {
            label: l.label.clone(),
            color: PALETTE[i % PALETTE.len()],
            xs: cost.mean.clone(),
            ys: reward.mean.clone(),
            band: None,
            dashed: false,
        });
    }
    lines.push(cross(
        (opt.cost, opt.reward),
        size,
        "optimum π*".into(),
        EXACT,
    ));
    LineFigure {
        title: "expected reward against expected cost".into(),
        x_label: "expected cost E_π c (the budget is the grey line)".into(),
        y_label: "expected reward E_π r".into(),
        lines,
        vlines: vec![VLine {
            x: p.budget,
            color: BUDGET,
        }],
        ..LineFigure::default()
    }
}

/// One metric against the step, with its exact value at the optimum (or the budget, for
/// the cost) as a dashed line.
pub fn metric_figure(
    c: &ConstrainedScenario,
    series: &Series,
    metric: &str,
    log_x: bool,
) -> Result<LineFigure, String> {
    if !METRICS.contains(&metric) {
        return Err(format!(
            "no metric {metric:?} in a constrained run; its learners report {}",
            METRICS.join(", ")
        ));
    }
    let mut fig = metric_lines(series, metric, metric, "step");
    let p = Problem::new(&c.env);
    let opt = Optimum::solve(&p);
    let exact = match metric {
        COST => Some(("budget b", p.budget)),
        REWARD => Some(("at the optimum", opt.reward)),
        LAMBDA => Some(("λ*", opt.lambda)),
        OBJECTIVE => Some(("at the optimum", opt.objective)),
        _ => None,
    };
    if let Some((label, y)) = exact {
        let last = series
            .learners
            .iter()
            .filter_map(|l| l.metric(metric))
            .map(|m| m.mean.len())
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        fig.lines
            .push(reference(label, EXACT, vec![1.0, last], vec![y, y]));
    }
    fig.log_x = log_x;
    Ok(fig)
}

/// The dual D(λ) = β·ln E_{π_ref} e^{(r − λc)/β} + λb over λ, its minimiser λ* (the run's
/// optimum, solved once) and where each learner's price is now.
pub fn dual_figure(p: &Problem, opt: &Optimum, prices: &[(String, f64)]) -> LineFigure {
    let top = prices
        .iter()
        .map(|(_, l)| *l)
        .fold(2.0 * opt.lambda, f64::max)
        .max(1.0)
        * 1.1;
    let n = 200;
    let (xs, ys): (Vec<f64>, Vec<f64>) = (0..=n)
        .map(|k| {
            let l = top * k as f64 / n as f64;
            (l, dual::value(p, l))
        })
        .unzip();
    let size = (0.015 * top, 0.04 * (span(&ys)));
    let mut lines = vec![reference("D(λ)", EXACT, xs, ys)];
    for (i, (label, lambda)) in prices.iter().enumerate() {
        lines.push(cross(
            (*lambda, dual::value(p, *lambda)),
            size,
            format!("{label}: λ = {lambda:.3}"),
            PALETTE[i % PALETTE.len()],
        ));
    }
    LineFigure {
        title: format!("the dual D(λ); its minimum λ* = {:.4}", opt.lambda),
        x_label: "price of harm λ".into(),
        y_label: "D(λ)".into(),
        lines,
        vlines: vec![VLine {
            x: opt.lambda,
            color: BUDGET,
        }],
        ..LineFigure::default()
    }
}
