//! Grouped bar charts: one group per category (an arm), one bar per series (an agent).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

use crate::caption::{fit_caption, text_width};
use crate::line::tidy;
use crate::style::{Rgb, Style};
use crate::{FigureError, err};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarSeries {
    pub label: String,
    pub color: Rgb,
    /// One value per group.
    pub values: Vec<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BarFigure {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub groups: Vec<String>,
    pub series: Vec<BarSeries>,
}

/// Draw grouped bars filling `area`.
pub fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fig: &BarFigure,
    style: &Style,
) -> Result<(), FigureError> {
    let ink = style.theme.ink.plot();
    area.fill(&style.theme.background.plot()).map_err(err)?;
    let groups = fig.groups.len().max(1);
    let top = fig
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let top = if top > 0.0 { top * 1.08 } else { 1.0 };
    let (title, title_size) = fit_caption(area, &fig.title, style.font(1.2), style.font(0.9));
    let labels = GroupLabels::fit(area, &fig.groups, style);
    let mut chart = ChartBuilder::on(area)
        .caption(&title, ("sans-serif", title_size).into_font().color(&ink))
        .margin(style.px(10.0))
        .x_label_area_size(labels.area)
        .y_label_area_size(style.text_px(56.0))
        .build_cartesian_2d(0.0..groups as f64, 0.0..top)
        .map_err(err)?;
    let names = fig.groups.clone();
    let turned = labels.turned;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc(&fig.x_label)
        .y_desc(&fig.y_label)
        .axis_desc_style(("sans-serif", style.font(1.0)).into_font().color(&ink))
        .label_style(("sans-serif", style.font(0.9)).into_font().color(&ink))
        .bold_line_style(style.theme.grid.plot())
        .light_line_style(style.theme.grid.plot().mix(0.5))
        .axis_style(ink.mix(0.6))
        .x_labels(groups * 2 + 1)
        .x_label_formatter(&|x| {
            // Label only group centres.
            let i = (x - 0.5).round();
            if !turned && (x - 0.5 - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| tidy(*y))
        .draw()
        .map_err(err)?;
    if turned {
        // The mesh centres a turned label on its tick, half of it inside the plot: these
        // hang down from their ticks instead.
        let (bx, by) = area.get_base_pixel();
        let text = labels.style(style, &ink);
        for (i, name) in fig.groups.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
            let at = (x - bx, y - by + style.px(6.0) as i32);
            area.draw(&Text::new(name.clone(), at, text.clone()))
                .map_err(err)?;
        }
    }
    let n = fig.series.len().max(1) as f64;
    let width = 0.8 / n;
    for (k, s) in fig.series.iter().enumerate() {
        let color = s.color.plot();
        let bars = s.values.iter().enumerate().map(|(g, &v)| {
            let x0 = g as f64 + 0.1 + k as f64 * width;
            Rectangle::new([(x0, 0.0), (x0 + width * 0.92, v.max(0.0))], color.filled())
        });
        let drawn = chart.draw_series(bars).map_err(err)?;
        if !s.label.is_empty() {
            let half = style.px(6.0) as i32;
            drawn.label(&s.label).legend(move |(x, y)| {
                Rectangle::new([(x, y - half), (x + 2 * half, y + half)], color.filled())
            });
        }
    }
    if fig.series.iter().any(|s| !s.label.is_empty()) {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(style.theme.background.plot().mix(0.85))
            .border_style(style.theme.grid.plot())
            .label_font(("sans-serif", style.font(1.0)).into_font().color(&ink))
            .margin(style.px(8.0))
            .draw()
            .map_err(err)?;
    }
    area.present().map_err(err)
}

/// How the group names sit under the bars: across when they fit their slot, else turned
/// to read downwards (twenty questions' 22 actions), with room below for the longest.
struct GroupLabels {
    turned: bool,
    /// Height of the label area, axis title included, in pixels.
    area: u32,
}

impl GroupLabels {
    fn fit<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        groups: &[String],
        style: &Style,
    ) -> Self {
        let size = style.font(0.9);
        let widest = groups
            .iter()
            .map(|g| text_width(area, g, size))
            .fold(0.0, f64::max);
        // The plot takes the width less the y labels and margins.
        let plot =
            f64::from(area.dim_in_pixel().0) - style.text_px(56.0) as f64 - style.px(20.0) as f64;
        let slot = plot / groups.len().max(1) as f64;
        let turned = widest > 0.9 * slot;
        let across = style.text_px(40.0);
        Self {
            turned,
            area: if turned {
                across + widest.ceil() as u32
            } else {
                across
            },
        }
    }

    /// The turned labels' style: anchored at the text's start, centred across.
    fn style<'a>(&self, style: &Style, ink: &'a RGBColor) -> TextStyle<'a> {
        ("sans-serif", style.font(0.9))
            .into_font()
            .transform(FontTransform::Rotate90)
            .color(ink)
            .pos(Pos::new(HPos::Left, VPos::Center))
    }
}
