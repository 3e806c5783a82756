//! Export (PNG at 2×, SVG, CSV, JSON, the Scenario as TOML) and import of a Scenario file,
//! for every lab: the figure is the lab's main figure, the data the one report format.

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::report::{csv_table, json_report};
use playground_figure::{Figure, Style, draw_figure};
use plotters::prelude::*;
use wasm_bindgen::JsCast;

use super::{Lab, Notice, Page, Shell};
use crate::app::UiState;
use crate::demos::demo_of_kind;
use crate::platform::dom;

/// Logical figure size for exports; PNGs are drawn at twice this.
const EXPORT_W: u32 = 800;
const EXPORT_H: u32 = 500;

fn png(fig: &Figure, style: Style, name: &str) -> Result<(), String> {
    let canvas: web_sys::HtmlCanvasElement = document()
        .create_element("canvas")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    canvas.set_width(EXPORT_W * 2);
    canvas.set_height(EXPORT_H * 2);
    let backend =
        plotters_canvas::CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2D canvas")?;
    let style = Style {
        scale: 2.0,
        ..style
    };
    draw_figure(&backend.into_drawing_area(), fig, &style).map_err(|e| e.to_string())?;
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(|e| format!("{e:?}"))?;
    dom::download_url(name, &url)
}

fn svg(fig: &Figure, style: Style, name: &str) -> Result<(), String> {
    let mut text = String::new();
    {
        let area = SVGBackend::with_string(&mut text, (EXPORT_W, EXPORT_H)).into_drawing_area();
        let style = Style {
            scale: 1.0,
            ..style
        };
        draw_figure(&area, fig, &style).map_err(|e| e.to_string())?;
    }
    dom::download(name, "image/svg+xml", text.as_bytes())
}

/// Write one export of the run as the page has it (with `checks` for the report).
fn export<L: Lab>(shell: Shell<L>, what: &str, style: Style) -> Result<(), String> {
    let stem = L::DEMO.file_stem;
    let scenario = shell.scenario.get_untracked();
    match what {
        "png" | "svg" => {
            let view = shell.view.get_untracked();
            let fig = shell.runner.with(|run| L::figure(&scenario, run, &view))?;
            if what == "png" {
                png(&fig, style, &format!("{stem}.png"))
            } else {
                svg(&fig, style, &format!("{stem}.svg"))
            }
        }
        "csv" => {
            let table = shell.runner.with(|run| csv_table(&run.series));
            dom::download(&format!("{stem}.csv"), "text/csv", table.as_bytes())
        }
        "json" => {
            let checks = shell
                .runner
                .checks
                .with_untracked(|c| c.as_ref().map(|c| c.checks.clone()).unwrap_or_default());
            let report = shell
                .runner
                .with(|run| json_report(&scenario, &run.series, &run.finals, &checks));
            let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
            dom::download(&format!("{stem}.json"), "application/json", text.as_bytes())
        }
        _ => dom::download(
            "scenario.toml",
            "application/toml",
            scenario.to_toml().as_bytes(),
        ),
    }
}

/// What an imported file does: run it here, or say where it belongs.
fn import(shell: Page, name: &str, parsed: Result<Scenario, String>) {
    match parsed {
        Ok(s) if s.kind() == shell.demo.kind => {
            shell.notice.set(None);
            shell.apply(s, None);
        }
        Ok(s) => {
            let mut n = Notice::text(format!(
                "{name} is a scenario for {}, not {}; nothing was changed.",
                demo_of_kind(s.kind()).map_or(s.kind(), |d| d.title),
                shell.demo.title
            ));
            n.link = demo_of_kind(s.kind()).map(|d| {
                (
                    format!("{}?{}", d.path, s.to_query()),
                    format!("Open it in {}", d.title),
                )
            });
            shell.notice.set(Some(n));
        }
        Err(e) => shell.notice.set(Some(Notice::text(format!(
            "{name} could not be imported: {e}. Nothing was changed."
        )))),
    }
}

/// Writes one export of the lab's run ("png", "svg", "csv", "json", "toml") in a style,
/// and puts what went wrong, if anything, in the status.
pub type Exporter = Callback<(&'static str, Style, RwSignal<Option<String>>)>;

/// The lab's exporter: the one generic piece of the panel.
pub fn exporter<L: Lab>(shell: Shell<L>) -> Exporter {
    Callback::new(
        move |(what, style, status): (&'static str, Style, RwSignal<Option<String>>)| {
            // The report carries the checks of the run now: they are computed first.
            let write = move || status.set(export(shell, what, style).err());
            if what == "json" {
                shell.runner.after_checks(write);
            } else {
                write();
            }
        },
    )
}

pub fn transfer_panel(shell: Page, exporter: Exporter) -> impl IntoView {
    let ui = expect_context::<UiState>();
    let status = RwSignal::new(None::<String>);
    let run = move |what: &'static str| {
        let style = crate::components::plot::current_style(&ui);
        exporter.run((what, style, status));
    };
    let pick = move |ev: leptos::ev::Event| {
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
            import(shell, &name, parsed);
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
                <input type="file" accept=".toml,.json,text/plain,application/json" on:change=pick data-testid="import-file"/>
            </label>
            {move || status.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
