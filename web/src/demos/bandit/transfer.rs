//! Export (PNG at 2×, SVG, CSV, JSON, the Scenario as TOML) and import of a Scenario file.

use leptos::prelude::*;
use playground_core::report::{csv_table, json_report};
use playground_core::{Experiment, Scenario};
use playground_figure::bandit::metric_figure;
use playground_figure::{LineFigure, Style, draw_lines};
use plotters::prelude::*;
use wasm_bindgen::JsCast;

use super::{Arena, bandit_of};
use crate::app::UiState;
use crate::platform::dom;

/// Logical figure size for exports; PNGs are drawn at twice this.
const EXPORT_W: u32 = 800;
const EXPORT_H: u32 = 500;

fn current_figure(arena: &Arena) -> LineFigure {
    let (metric, log_x) = (arena.metric.get_untracked(), arena.log_x.get_untracked());
    arena.runner.with(|e| metric_figure(e, metric, log_x))
}

fn export_png(arena: &Arena, style: Style) -> Result<(), String> {
    let canvas: web_sys::HtmlCanvasElement = document()
        .create_element("canvas")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    canvas.set_width(EXPORT_W * 2);
    canvas.set_height(EXPORT_H * 2);
    let backend =
        plotters_canvas::CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2D canvas")?;
    draw_lines(
        &backend.into_drawing_area(),
        &current_figure(arena),
        &Style {
            scale: 2.0,
            ..style
        },
    )
    .map_err(|e| e.to_string())?;
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(|e| format!("{e:?}"))?;
    dom::download_url("bandit-arena.png", &url)
}

fn export_svg(arena: &Arena, style: Style) -> Result<(), String> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (EXPORT_W, EXPORT_H)).into_drawing_area();
        draw_lines(
            &area,
            &current_figure(arena),
            &Style {
                scale: 1.0,
                ..style
            },
        )
        .map_err(|e| e.to_string())?;
    }
    dom::download("bandit-arena.svg", "image/svg+xml", svg.as_bytes())
}

fn export_data(arena: &Arena, what: &str) -> Result<(), String> {
    let scenario = Scenario::Bandit(arena.scenario.get_untracked());
    match what {
        "csv" => {
            let text = arena.runner.with(|e| csv_table(e.series()));
            dom::download("bandit-arena.csv", "text/csv", text.as_bytes())
        }
        "json" => {
            let report = arena
                .runner
                .with(|e| json_report(&scenario, e.series(), &e.checks()));
            let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
            dom::download("bandit-arena.json", "application/json", text.as_bytes())
        }
        _ => dom::download(
            "scenario.toml",
            "application/toml",
            scenario.to_toml().as_bytes(),
        ),
    }
}

#[component]
pub fn TransferPanel() -> impl IntoView {
    let arena = expect_context::<Arena>();
    let ui = expect_context::<UiState>();
    let status = RwSignal::new(None::<String>);
    let run = move |what: &'static str| {
        let style = crate::components::plot::current_style(&ui);
        let result = match what {
            "png" => export_png(&arena, style),
            "svg" => export_svg(&arena, style),
            other => export_data(&arena, other),
        };
        status.set(result.err());
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        leptos::task::spawn_local(async move {
            let parsed = dom::read_file_text(file)
                .await
                .and_then(|text| Scenario::from_text(&text).map_err(|e| e.to_string()));
            match parsed.map(bandit_of) {
                Ok(Some(b)) => {
                    arena.message.set(None);
                    arena.apply(b, None);
                }
                Ok(None) => arena.message.set(Some(format!(
                    "{name} is not a Bandit Arena scenario; nothing was changed."
                ))),
                Err(e) => arena.message.set(Some(format!(
                    "{name} could not be imported: {e}. Nothing was changed."
                ))),
            }
        });
    };
    view! {
        <section class="card transfer" aria-labelledby="transfer-title">
            <h2 id="transfer-title">"Export and import"</h2>
            <div class="button-row">
                <button on:click=move |_| run("png") data-testid="export-png">"PNG"</button>
                <button on:click=move |_| run("svg") data-testid="export-svg">"SVG"</button>
                <button on:click=move |_| run("csv") data-testid="export-csv">"CSV"</button>
                <button on:click=move |_| run("json") data-testid="export-json">"JSON"</button>
                <button on:click=move |_| run("toml") data-testid="export-toml">"Scenario (TOML)"</button>
            </div>
            <label class="import">
                "Import a scenario file (TOML or JSON): "
                <input type="file" accept=".toml,.json,text/plain,application/json" on:change=import data-testid="import-file"/>
            </label>
            {move || status.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
