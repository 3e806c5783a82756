//! A canvas that draws a figure sharply on high-DPI screens and redraws when its inputs
//! change, without flicker (plotters draws the whole frame, then the browser composites).

use std::rc::Rc;

use leptos::html::Canvas;
use leptos::prelude::*;
use playground_figure::Style;
use plotters::coord::Shift;
use plotters::prelude::DrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

use crate::app::UiState;
use crate::platform::dom::device_pixel_ratio;

/// The drawing area of a canvas.
pub type Area = DrawingArea<CanvasBackend, Shift>;

/// What a plot draws: given the drawing area and the style, draw (or report an error).
pub type DrawFn = dyn Fn(&Area, &Style) -> Result<(), String>;

/// Size the canvas's backing store to its CSS box × devicePixelRatio, then draw.
pub fn draw_on(
    canvas: &web_sys::HtmlCanvasElement,
    style: Style,
    draw: &DrawFn,
) -> Result<(), String> {
    let dpr = device_pixel_ratio();
    let css_w = canvas.client_width().max(1) as f64;
    let css_h = canvas.client_height().max(1) as f64;
    let (w, h) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2D canvas context")?;
    let area = plotters::prelude::IntoDrawingArea::into_drawing_area(backend);
    draw(
        &area,
        &Style {
            scale: dpr,
            ..style
        },
    )
}

/// The style for the current theme and presenter mode.
pub fn current_style(ui: &UiState) -> Style {
    Style {
        scale: 1.0,
        font_px: if ui.presenter.get() { 18.0 } else { 13.0 },
        theme: ui.figure_theme(),
    }
}

/// A canvas redrawn whenever `draw` (a reactive closure) changes what it reads.
#[component]
pub fn Plot(
    /// Accessible description of the figure.
    #[prop(into)]
    label: Signal<String>,
    /// Extra CSS class (sizes the canvas).
    #[prop(optional)]
    class: &'static str,
    /// Draws the figure; it runs inside an effect, so signals it reads trigger redraws.
    draw: Rc<DrawFn>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let ui = expect_context::<UiState>();
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let style = current_style(&ui);
        let Some(el) = canvas.get() else { return };
        let el: web_sys::HtmlCanvasElement = el.unchecked_into();
        error.set(draw_on(&el, style, &*draw).err());
    });
    view! {
        <div class=format!("plot {class}")>
            <canvas node_ref=canvas role="img" aria-label=move || label.get()></canvas>
            {move || error.get().map(|e| view! { <p class="error">{e}</p> })}
        </div>
    }
}
