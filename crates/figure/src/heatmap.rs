//! Heatmaps: a matrix of values as coloured cells (an attention pattern, a value table).

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use crate::caption::fit_caption;
use crate::style::{Rgb, Style};
use crate::{FigureError, err};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Heatmap {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub rows: usize,
    pub cols: usize,
    /// Row-major, rows × cols.
    pub values: Vec<f64>,
    /// The values mapped to the two ends of the colour scale.
    pub range: (f64, f64),
}

/// A perceptually ordered scale from dark blue through teal to yellow (anchors sampled
/// from the viridis definition; interpolated linearly in sRGB).
pub(crate) fn scale(t: f64) -> Rgb {
    const ANCHORS: [(u8, u8, u8); 6] = [
        (68, 1, 84),
        (65, 68, 135),
        (42, 120, 142),
        (34, 168, 132),
        (122, 209, 81),
        (253, 231, 37),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (ANCHORS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(ANCHORS.len() - 2);
    let f = pos - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (ANCHORS[i], ANCHORS[i + 1]);
    Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Draw a heatmap filling `area`; row 0 is at the top.
pub fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    map: &Heatmap,
    style: &Style,
) -> Result<(), FigureError> {
    let ink = style.theme.ink.plot();
    area.fill(&style.theme.background.plot()).map_err(err)?;
    let (rows, cols) = (map.rows.max(1), map.cols.max(1));
    let (title, title_size) = fit_caption(area, &map.title, style.font(1.1), style.font(0.8));
    let mut chart = ChartBuilder::on(area)
        .caption(&title, ("sans-serif", title_size).into_font().color(&ink))
        .margin(style.px(8.0))
        .x_label_area_size(style.text_px(32.0))
        .y_label_area_size(style.text_px(40.0))
        .build_cartesian_2d(0..cols as i32, rows as i32..0)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(&map.x_label)
        .y_desc(&map.y_label)
        .axis_desc_style(("sans-serif", style.font(0.9)).into_font().color(&ink))
        .label_style(("sans-serif", style.font(0.8)).into_font().color(&ink))
        .axis_style(ink.mix(0.6))
        .draw()
        .map_err(err)?;
    let (lo, hi) = map.range;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let cells = map.values.iter().enumerate().map(|(k, &v)| {
        let (r, c) = ((k / cols) as i32, (k % cols) as i32);
        let color = scale((v - lo) / span).plot();
        Rectangle::new([(c, r), (c + 1, r + 1)], color.filled())
    });
    chart.draw_series(cells).map_err(err)?;
    area.present().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_runs_from_dark_to_light() {
        let lum = |c: Rgb| 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
        let steps: Vec<f64> = (0..=10).map(|i| lum(scale(i as f64 / 10.0))).collect();
        assert!(steps.windows(2).all(|w| w[1] > w[0]), "{steps:?}");
        assert_eq!(scale(f64::NAN), scale(0.0));
    }
}
