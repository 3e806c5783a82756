//! The Pareto Lab's picture: objective space, with the exact Pareto front (hollow dots),
//! the part of it linear scalarisation can reach (the convex hull, dashed), and every
//! learner's points; soups and conditioned policies as the curve their weight traces,
//! beside the exact KL-regularised front they converge to.

use playground_core::{Finals, Series};
use serde_json::Value;

use crate::{Line, LineFigure, PALETTE, Points, Rgb};

const FRONT: Rgb = Rgb(20, 20, 20);
const HULL: Rgb = Rgb(150, 150, 150);

/// Points from a JSON list of [x, y] pairs.
fn pairs(v: Option<&Value>) -> Vec<(f64, f64)> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
                .collect()
        })
        .unwrap_or_default()
}

fn unzip(points: &[(f64, f64)]) -> (Vec<f64>, Vec<f64>) {
    points.iter().copied().unzip()
}

/// The objective plane for a run's finals (every learner's finals carry the problem's
/// front, hull and objective names).
pub fn objective_figure(series: &Series, finals: &Finals) -> LineFigure {
    let Some(first) = finals.values().next() else {
        return LineFigure {
            title: "objective space".into(),
            ..LineFigure::default()
        };
    };
    let names: Vec<String> = first
        .get("objectives")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let name = |k: usize| {
        names
            .get(k)
            .cloned()
            .unwrap_or(format!("objective {}", k + 1))
    };
    let (fx, fy) = unzip(&pairs(first.get("front")));
    let mut hull = pairs(first.get("supported"));
    hull.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (hx, hy) = unzip(&hull);
    let mut fig = LineFigure {
        title: "returns in objective space".into(),
        x_label: name(0),
        y_label: name(1),
        ..LineFigure::default()
    };
    fig.points.push(Points {
        label: "Pareto front (exact)".into(),
        color: FRONT,
        xs: fx,
        ys: fy,
        hollow: true,
        size: 6.0,
    });
    fig.lines.push(Line {
        label: "its convex hull: what linear weights reach".into(),
        color: HULL,
        xs: hx,
        ys: hy,
        band: None,
        dashed: true,
    });
    let n = series.learners.len();
    for (i, l) in series.learners.iter().enumerate() {
        let Some(f) = finals.get(&l.label) else {
            continue;
        };
        // Earlier learners' dots are larger, so one drawn over another shows as a ring.
        let size = 3.0 + 1.5 * (n - 1 - i) as f64;
        learner_marks(&mut fig, &l.label, PALETTE[i % PALETTE.len()], f, size);
    }
    if let Some(exact) = finals.values().find_map(|f| f.get("optimum_points")) {
        let (xs, ys) = unzip(&pairs(Some(exact)));
        fig.lines.push(Line {
            label: "exact KL-regularised optimum at each weight".into(),
            color: FRONT,
            xs,
            ys,
            band: None,
            dashed: true,
        });
    }
    fig
}

/// One learner: its curve over the weight grid (soups, conditioned policies), or its
/// points.
fn learner_marks(fig: &mut LineFigure, label: &str, color: Rgb, f: &Value, size: f64) {
    let points = pairs(f.get("points"));
    if f.get("optimum_points").is_some() {
        let (xs, ys) = unzip(&points);
        fig.lines.push(Line {
            label: label.into(),
            color,
            xs,
            ys,
            band: None,
            dashed: false,
        });
    } else {
        let (xs, ys) = unzip(&points);
        fig.points.push(Points {
            label: label.into(),
            color,
            xs,
            ys,
            hollow: false,
            size,
        });
    }
}
