//! Draw your own objective: drag across the box and the curve becomes `env.points` (a
//! drawn objective), the link carries it and the run starts again on it. Lower is
//! better: the optimiser looks for the curve's lowest point.

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::scenario::Objective;
use wasm_bindgen::JsCast;

use super::BayesoptLab;
use crate::shell::Shell;

/// Knots a stroke is resampled to: evenly spaced in x, 3 decimals each, so a link stays
/// short and readable.
const KNOTS: usize = 33;

/// Where a pointer is in the unit square (y up), if over the box.
fn unit_point(ev: &web_sys::PointerEvent) -> Option<[f64; 2]> {
    let el = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let r = el.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    let x = (ev.client_x() as f64 - r.left()) / r.width();
    let y = 1.0 - (ev.client_y() as f64 - r.top()) / r.height();
    Some([x.clamp(0.0, 1.0), y.clamp(0.0, 1.0)])
}

/// A stroke as knots at x = k/(KNOTS − 1) over the x range it covers: each knot the mean
/// height of the stroke's points nearest it in x. None when the stroke is too short.
pub fn knots(stroke: &[[f64; 2]]) -> Option<Vec<[f64; 2]>> {
    let step = 1.0 / (KNOTS - 1) as f64;
    let round = |v: f64| (v * 1000.0).round() / 1000.0;
    let out: Vec<[f64; 2]> = (0..KNOTS)
        .filter_map(|k| {
            let x = k as f64 * step;
            let near: Vec<f64> = stroke
                .iter()
                .filter(|p| (p[0] - x).abs() <= 0.5 * step)
                .map(|p| p[1])
                .collect();
            (!near.is_empty()).then(|| {
                [
                    round(x),
                    round(near.iter().sum::<f64>() / near.len() as f64),
                ]
            })
        })
        .collect();
    (out.len() >= 2).then_some(out)
}

fn polyline(points: &[[f64; 2]]) -> String {
    let parts: Vec<String> = points
        .iter()
        .map(|p| format!("{:.4},{:.4}", p[0], 1.0 - p[1]))
        .collect();
    parts.join(" ")
}

pub fn draw_panel(shell: Shell<BayesoptLab>) -> impl IntoView {
    let stroke = RwSignal::new(Vec::<[f64; 2]>::new());
    let drawing = RwSignal::new(false);
    let current = move || {
        shell.scenario.with(|s| match s {
            Scenario::Bayesopt(b) if b.env.objective == Objective::Drawn => {
                b.env.points.clone().unwrap_or_default()
            }
            _ => Vec::new(),
        })
    };
    let finish = move || {
        drawing.set(false);
        let Some(points) = knots(&stroke.get_untracked()) else {
            return;
        };
        stroke.set(Vec::new());
        let mut s = shell.scenario.get_untracked();
        if let Scenario::Bayesopt(b) = &mut s {
            b.env.objective = Objective::Drawn;
            b.env.points = Some(points);
            match s.validate() {
                Ok(()) => shell.page.apply(s, None),
                Err(e) => shell
                    .page
                    .notice
                    .set(Some(crate::shell::opening::Notice::text(e.to_string()))),
            }
        }
    };
    view! {
        <section class="card" aria-label="Draw a function">
            <h2>"Draw your own function"</h2>
            <svg class="draw-box" viewBox="0 0 1 1" preserveAspectRatio="none"
                data-testid="draw-box"
                on:pointerdown=move |ev: web_sys::PointerEvent| {
                    ev.prevent_default();
                    if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        let _ = el.set_pointer_capture(ev.pointer_id());
                    }
                    drawing.set(true);
                    stroke.set(unit_point(&ev).into_iter().collect());
                }
                on:pointermove=move |ev: web_sys::PointerEvent| {
                    if drawing.get_untracked() && let Some(p) = unit_point(&ev) {
                        stroke.update(|s| s.push(p));
                    }
                }
                on:pointerup=move |_| finish()
                on:pointercancel=move |_| { drawing.set(false); stroke.set(Vec::new()); }>
                <polyline class="drawn" points=move || polyline(&current())/>
                <polyline class="stroke" points=move || polyline(&stroke.get())/>
            </svg>
            <p class="caption muted">
                "Drag from left to right across the box: your curve becomes the objective \
                 (one dimension, lower is better, straight lines between 33 points) and every \
                 learner starts again on it. The link keeps your curve."
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_stroke_becomes_a_valid_drawn_objective() {
        // A wobbly stroke over the left two thirds, drawn right to left.
        let stroke: Vec<[f64; 2]> = (0..200)
            .rev()
            .map(|i| {
                let x = i as f64 / 300.0;
                [x, 0.5 + 0.4 * (9.0 * x).sin()]
            })
            .collect();
        let points = knots(&stroke).unwrap();
        assert!(points.len() >= 20 && points.len() <= KNOTS);
        assert!(points.windows(2).all(|w| w[0][0] < w[1][0]));
        assert!(points.iter().all(|p| (0.0..=1.0).contains(&p[1])));
        assert_eq!(knots(&stroke[..1]), None);
        let mut s = playground_core::presets::find("bayesopt-tutorial-forrester")
            .unwrap()
            .scenario();
        if let Scenario::Bayesopt(b) = &mut s {
            b.env.objective = Objective::Drawn;
            b.env.points = Some(points);
        }
        assert!(s.validate().is_ok());
    }
}
