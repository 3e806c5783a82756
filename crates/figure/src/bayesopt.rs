//! The Bayesian Optimisation Playground's pictures of one learner's run: the posterior
//! mean and its ±2 sd band over the true objective with the queries made so far, the
//! acquisition function with the next query marked (1-D), heatmaps of both (2-D), and
//! the (μ, s) scatter with its Pareto front and the chosen point.

use playground_bayesopt::View;

use crate::{Heatmap, Line, LineFigure, PALETTE, Points, Rgb, VLine};

const TRUTH: Rgb = Rgb(20, 20, 20);
const GREY: Rgb = Rgb(150, 150, 150);
const NEXT: Rgb = Rgb(200, 30, 30);

/// What a 1-D picture needs besides the learner's view.
#[derive(Clone, Copy, Debug)]
pub struct Run1d<'a> {
    /// Grid points (the objective's own coordinate) and the objective on them.
    pub xs: &'a [f64],
    pub truth: &'a [f64],
    /// The queries so far and what was observed there.
    pub queried: &'a [f64],
    pub observed: &'a [f64],
}

pub fn posterior_1d(label: &str, run: Run1d<'_>, view: &View) -> LineFigure {
    let band: Vec<f64> = view
        .upper
        .iter()
        .zip(&view.lower)
        .map(|(u, l)| 0.5 * (u - l))
        .collect();
    let centre: Vec<f64> = view
        .upper
        .iter()
        .zip(&view.lower)
        .map(|(u, l)| 0.5 * (u + l))
        .collect();
    LineFigure {
        title: format!("{label}: posterior mean ± 2 sd"),
        x_label: "x (the red line is the next query)".into(),
        y_label: "f(x), minimised".into(),
        lines: vec![
            Line {
                label: "true objective".into(),
                color: TRUTH,
                xs: run.xs.to_vec(),
                ys: run.truth.to_vec(),
                band: None,
                dashed: true,
            },
            Line {
                label: "posterior".into(),
                color: PALETTE[0],
                xs: run.xs.to_vec(),
                ys: centre,
                band: Some(band),
                dashed: false,
            },
        ],
        points: vec![Points {
            label: "queries".into(),
            color: PALETTE[1],
            xs: run.queried.to_vec(),
            ys: run.observed.to_vec(),
            hollow: false,
            size: 4.0,
        }],
        vlines: next_lines(view),
        ..LineFigure::default()
    }
}

fn next_lines(view: &View) -> Vec<VLine> {
    view.next_points
        .iter()
        .filter_map(|p| p.first())
        .map(|&x| VLine { x, color: NEXT })
        .collect()
}

pub fn acquisition_1d(xs: &[f64], view: &View) -> LineFigure {
    LineFigure {
        title: "acquisition: the next query is where it peaks".into(),
        x_label: "x".into(),
        y_label: "acquisition".into(),
        lines: vec![Line {
            label: String::new(),
            color: PALETTE[2],
            xs: xs.to_vec(),
            ys: view.acquisition.clone(),
            band: None,
            dashed: false,
        }],
        vlines: next_lines(view),
        ..LineFigure::default()
    }
}

/// A grid's values as a heatmap, rows from the top (x₂ high) down.
pub fn grid_heatmap(title: String, side: usize, values: &[f64]) -> Heatmap {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = finite.clone().fold(f64::INFINITY, f64::min);
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    // The grid is row-major with x₁ slowest (index = i₁·side + i₂); the picture has x₁
    // across and x₂ up, so its row r, column c is i₁ = c, i₂ = side − 1 − r.
    let mut out = Vec::with_capacity(side * side);
    for r in 0..side {
        for c in 0..side {
            out.push(values[c * side + (side - 1 - r)]);
        }
    }
    Heatmap {
        title,
        x_label: "x₁ (grid cell)".into(),
        y_label: "x₂ (grid cell, highest at the top)".into(),
        rows: side,
        cols: side,
        values: out,
        range: if lo < hi { (lo, hi) } else { (lo, lo + 1.0) },
    }
}

/// Every grid point by its posterior mean μ and sd s (standardised), the points no other
/// beats on both low μ and high s (the Pareto front), and the chosen next query.
pub fn mu_s_scatter(view: &View) -> LineFigure {
    let pick = |idx: &[usize]| -> (Vec<f64>, Vec<f64>) {
        idx.iter().map(|&i| (-view.mu[i], view.s[i])).unzip()
    };
    let all: Vec<usize> = (0..view.mu.len()).collect();
    let (ax, ay) = pick(&all);
    let (px, py) = pick(&view.pareto);
    let (nx, ny) = pick(&view.next);
    let on_front = view.next.iter().all(|i| view.pareto.contains(i));
    LineFigure {
        title: format!(
            "exploit (−μ) against explore (s): the next query is {} the front",
            if on_front { "on" } else { "off" }
        ),
        x_label: "−μ(x), standardised (higher: predicted better)".into(),
        y_label: "s(x), standardised".into(),
        points: vec![
            Points {
                label: "grid points".into(),
                color: GREY,
                xs: ax,
                ys: ay,
                hollow: false,
                size: 1.5,
            },
            Points {
                label: "(μ, s) Pareto front".into(),
                color: TRUTH,
                xs: px,
                ys: py,
                hollow: true,
                size: 5.0,
            },
            Points {
                label: "next query".into(),
                color: NEXT,
                xs: nx,
                ys: ny,
                hollow: false,
                size: 5.0,
            },
        ],
        ..LineFigure::default()
    }
}
