//! Figures to PNG (at 2×, sharp on any screen) and SVG, with the same drawing code as the
//! web page. Text in PNGs is set in DejaVu Sans, shipped with the binary so the output
//! does not depend on the fonts of the machine.

use std::path::Path;
use std::sync::Once;

use playground_figure::{Figure, Style, draw_figure};
use plotters::prelude::*;

/// Logical size of a figure; PNGs are drawn at twice this.
const WIDTH: u32 = 800;
const HEIGHT: u32 = 500;

static FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT)
            .unwrap_or_else(|_| panic!("the bundled font is a valid TrueType file"));
    });
}

pub enum Format {
    Png,
    Svg,
}

pub fn format_of(path: &Path) -> Result<Format, String> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => Ok(Format::Png),
        Some("svg") => Ok(Format::Svg),
        _ => Err(format!(
            "{}: the figure must be a .png or .svg file",
            path.display()
        )),
    }
}

pub fn save_figure(fig: &Figure, path: &Path) -> Result<(), String> {
    register_font();
    let fail = |e: playground_figure::FigureError| format!("{}: {e}", path.display());
    match format_of(path)? {
        Format::Png => {
            let style = Style {
                scale: 2.0,
                ..Style::default()
            };
            let area = BitMapBackend::new(path, (WIDTH * 2, HEIGHT * 2)).into_drawing_area();
            draw_figure(&area, fig, &style).map_err(fail)
        }
        Format::Svg => {
            let area = SVGBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
            draw_figure(&area, fig, &Style::default()).map_err(fail)
        }
    }
}
