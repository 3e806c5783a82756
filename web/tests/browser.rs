//! Tests that must run in a real browser (wasm-bindgen-test in headless Chromium).

use playground_figure::{Line, LineFigure, PALETTE, Style, draw_lines};
use playground_testkit::{fingerprint_line, fingerprint_lines};
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The numbers must be bit-identical to the native build's: the same fingerprints that
/// `crates/bandit/tests/bandit.rs` checks natively.
#[wasm_bindgen_test]
fn wasm_numbers_equal_native_numbers() {
    let recorded = include_str!("../../crates/bandit/tests/data/fingerprints.txt");
    let actual = fingerprint_lines(&playground_bandit::reference_fingerprints());
    assert_eq!(actual, recorded);
}

/// The Gridworld Lab's presets too (`crates/core/tests/gridworld.rs` checks the same file
/// natively).
#[wasm_bindgen_test]
fn wasm_gridworlds_equal_native_gridworlds() {
    let recorded = include_str!("../../crates/core/tests/data/gridworld_fingerprints.txt");
    let actual = fingerprint_lines(&playground_core::gridworld::reference_fingerprints());
    assert_eq!(actual, recorded);
}

/// The Policy-Gradient Lab's presets too, tabular and neural policies alike
/// (`crates/pg/tests/it` checks the same file natively).
#[wasm_bindgen_test]
fn wasm_policy_gradients_equal_native_ones() {
    let recorded = include_str!("../../crates/pg/tests/data/fingerprints.txt");
    let actual = fingerprint_lines(&playground_pg::reference_fingerprints());
    assert_eq!(actual, recorded);
}

/// The Bayesian Optimisation Playground's presets, shortened (`crates/bayesopt/tests/
/// fingerprints.rs` checks the same file natively).
#[wasm_bindgen_test]
fn wasm_bayesian_optimisation_equals_native() {
    let recorded = include_str!("../../crates/bayesopt/tests/data/fingerprints.txt");
    let actual = fingerprint_lines(&playground_bayesopt::reference_fingerprints());
    assert_eq!(actual, recorded);
}

/// The neural engine's CPU backend too: a short training run, fingerprinted, equals the
/// native one (`crates/lm/tests/experiment.rs`).
#[wasm_bindgen_test]
fn wasm_training_equals_native_training() {
    let recorded = include_str!("../../crates/lm/tests/data/pretrain_fingerprint.txt");
    let actual = fingerprint_line(playground_lm::pretrain::reference_fingerprint());
    assert_eq!(actual, recorded);
}

/// The Tiny-LM Alignment Lab's learners too, every kind on the transformer
/// (`crates/lm/tests/alignment.rs` checks the same file natively).
#[wasm_bindgen_test]
fn wasm_alignment_equals_native_alignment() {
    // What the page fetches from the site: π_ref's weights.
    playground_lm::align::model::provide_shipped(
        include_bytes!("../../crates/lm/data/reference.safetensors").to_vec(),
    );
    let recorded = include_str!("../../crates/lm/tests/data/align_fingerprint.txt");
    let actual = fingerprint_line(playground_lm::align::experiment::reference_fingerprint());
    assert_eq!(actual, recorded);
}

/// The shared figure code draws real pixels on a real canvas.
#[wasm_bindgen_test]
fn figures_draw_on_a_canvas() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(400);
    canvas.set_height(300);
    let fig = LineFigure {
        title: "test".into(),
        lines: vec![Line {
            label: "a".into(),
            color: PALETTE[0],
            xs: (1..=100).map(f64::from).collect(),
            ys: (1..=100).map(|x| f64::from(x).sqrt()).collect(),
            band: Some(vec![0.3; 100]),
            dashed: false,
        }],
        ..LineFigure::default()
    };
    let backend = plotters_canvas::CanvasBackend::with_canvas_object(canvas.clone()).unwrap();
    draw_lines(&backend.into_drawing_area(), &fig, &Style::default()).unwrap();
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = ctx.get_image_data(0.0, 0.0, 400.0, 300.0).unwrap().data();
    let blue = data
        .chunks(4)
        .filter(|p| p[0] < 40 && (90..140).contains(&p[1]) && p[2] > 150)
        .count();
    assert!(blue > 100, "the curve's blue pixels: {blue}");
}
