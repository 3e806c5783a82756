//! A canvas that draws a figure sharply on high-DPI screens and redraws when its inputs
//! or its size change, without flicker (plotters draws the whole frame, then the browser
//! composites).
//!
//! The canvas's size comes from a `ResizeObserver`, which the browser calls after it has
//! laid the page out anyway. Reading `clientWidth` while a frame's updates are still
//! changing the page would make it lay the page out there and then, once per figure (on
//! start-up that was ~50 ms of a lab page's first second).

use std::rc::Rc;

use leptos::html::Canvas;
use leptos::prelude::*;
use playground_figure::Style;
use plotters::coord::Shift;
use plotters::prelude::DrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::app::UiState;
use crate::platform::dom::device_pixel_ratio;

/// The drawing area of a canvas.
pub type Area = DrawingArea<CanvasBackend, Shift>;

/// What a plot draws: given the drawing area and the style, draw (or report an error).
pub type DrawFn = dyn Fn(&Area, &Style) -> Result<(), String>;

/// A canvas's box on the page, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CssSize {
    pub width: f64,
    pub height: f64,
}

/// Size the canvas's backing store to its CSS box × devicePixelRatio, then draw.
pub fn draw_on(
    canvas: &web_sys::HtmlCanvasElement,
    size: CssSize,
    style: Style,
    draw: &DrawFn,
) -> Result<(), String> {
    let dpr = device_pixel_ratio();
    let (css_w, css_h) = (size.width.max(1.0), size.height.max(1.0));
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
    let size = observed_size(canvas);
    Effect::new(move |_| {
        let style = current_style(&ui);
        // Nothing to draw until the browser has laid the canvas out.
        let (Some(el), Some(size)) = (canvas.get(), size.get()) else {
            return;
        };
        let el: web_sys::HtmlCanvasElement = el.unchecked_into();
        error.set(draw_on(&el, size, style, &*draw).err());
    });
    view! {
        <div class=format!("plot {class}")>
            <canvas node_ref=canvas role="img" aria-label=move || label.get()></canvas>
            {move || error.get().map(|e| view! { <p class="error">{e}</p> })}
        </div>
    }
}

/// The canvas's CSS box, as the browser last laid it out (`None` before its first layout);
/// it changes when the window, a panel or presenter mode resizes the canvas.
fn observed_size(canvas: NodeRef<Canvas>) -> ReadSignal<Option<CssSize>> {
    let size = RwSignal::new(None::<CssSize>);
    let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        // Only this canvas is observed: its latest entry is its size now.
        let Ok(entry) = entries.pop().dyn_into::<web_sys::ResizeObserverEntry>() else {
            return;
        };
        let rect = entry.content_rect();
        let now = CssSize {
            width: rect.width(),
            height: rect.height(),
        };
        if size.get_untracked() != Some(now) {
            size.set(Some(now));
        }
    });
    // Every browser that runs this module (it needs WebAssembly SIMD) has ResizeObserver.
    let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) else {
        leptos::logging::warn!("no ResizeObserver: figures cannot be sized");
        return size.read_only();
    };
    let watched = observer.clone();
    Effect::new(move |_| {
        if let Some(el) = canvas.get() {
            watched.observe(&el);
        }
    });
    // The closure lives as long as the observer that calls it: both go with the figure
    // (an owner runs its clean-ups before it drops its stored values).
    let held = StoredValue::new_local((observer, on_resize));
    on_cleanup(move || {
        held.try_with_value(|(observer, _)| observer.disconnect());
    });
    size.read_only()
}
