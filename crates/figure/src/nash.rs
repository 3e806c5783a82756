//! Intransitive preferences on the probability simplex: each learner's path from π_ref,
//! the averaged iterate of the no-regret learners (dashed), and the Minimax Winner.
//!
//! The simplex over n responses is drawn flat by placing response k at the k-th corner
//! of a regular n-gon and each policy at its barycentre: exact for three responses (the
//! triangle), a faithful picture of cycling and convergence for four or five.

use playground_core::{Finals, Series};
use playground_pref::nash::experiment::{AVERAGE_PROBS, PROBS};

use crate::{Line, LineFigure, PALETTE, Rgb};

/// The simplex's edges and the Minimax Winner are references, not learners: drawn in
/// greys no learner uses.
const EDGE: Rgb = Rgb(150, 150, 150);
const WINNER: Rgb = Rgb(20, 20, 20);

/// The corners of the polygon, response 0 at the top, counter-clockwise.
fn corners(n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|k| {
            let a = std::f64::consts::FRAC_PI_2 + 2.0 * std::f64::consts::PI * k as f64 / n as f64;
            (a.cos(), a.sin())
        })
        .collect()
}

/// Where a policy sits in the picture.
pub fn project(p: &[f64]) -> (f64, f64) {
    corners(p.len())
        .iter()
        .zip(p)
        .fold((0.0, 0.0), |(x, y), ((cx, cy), w)| (x + w * cx, y + w * cy))
}

/// The simplex with every learner's trajectory over `n` responses.
pub fn simplex_figure(n: usize, series: &Series, finals: &Finals) -> LineFigure {
    let mut lines = vec![outline(n)];
    for (i, l) in series.learners.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        for (names, dashed) in [(&PROBS, false), (&AVERAGE_PROBS, true)] {
            let Some(path) = trajectory(series, i, &names[..n]) else {
                continue;
            };
            let (xs, ys) = path.into_iter().unzip();
            let label = if dashed {
                format!("{} (average)", l.label)
            } else {
                l.label.clone()
            };
            lines.push(Line {
                label,
                color,
                xs,
                ys,
                band: None,
                dashed,
            });
        }
    }
    if let Some(winner) = minimax_winner(finals) {
        lines.push(cross(project(&winner), "Minimax Winner"));
    }
    LineFigure {
        title: "policies on the simplex".into(),
        x_label: corner_names(n),
        y_label: String::new(),
        lines,
        x_range: Some((-1.15, 1.15)),
        y_range: Some((-1.15, 1.15)),
        ..LineFigure::default()
    }
}

/// One learner's projected path, if it reports these probabilities.
fn trajectory(series: &Series, learner: usize, names: &[&str]) -> Option<Vec<(f64, f64)>> {
    let l = &series.learners[learner];
    let columns: Vec<&[f64]> = names
        .iter()
        .map(|m| l.metric(m).map(|s| s.mean.as_slice()))
        .collect::<Option<_>>()?;
    let steps = columns.first().map_or(0, |c| c.len());
    Some(
        (0..steps)
            .map(|t| project(&columns.iter().map(|c| c[t]).collect::<Vec<_>>()))
            .collect(),
    )
}

/// The polygon's edges, closed.
fn outline(n: usize) -> Line {
    let mut c = corners(n);
    c.push(c[0]);
    let (xs, ys) = c.into_iter().unzip();
    Line {
        label: "simplex".into(),
        color: EDGE,
        xs,
        ys,
        band: None,
        dashed: true,
    }
}

/// A small + at a point.
fn cross((x, y): (f64, f64), label: &str) -> Line {
    let d = 0.06;
    Line {
        label: label.into(),
        color: WINNER,
        xs: vec![x - d, x + d, x, x, x],
        ys: vec![y, y, y, y + d, y - d],
        band: None,
        dashed: false,
    }
}

/// Every learner reports the same Minimax Winner; the first one's is drawn.
fn minimax_winner(finals: &Finals) -> Option<Vec<f64>> {
    let row = finals.values().next()?.get("minimax_winner")?.get(0)?;
    row.as_array()?.iter().map(|v| v.as_f64()).collect()
}

/// The axis caption says where each response sits.
fn corner_names(n: usize) -> String {
    let names: Vec<String> = (0..n).map(|k| format!("y{k}")).collect();
    format!(
        "corners {}: y0 at the top, counter-clockwise",
        names.join(", ")
    )
}
