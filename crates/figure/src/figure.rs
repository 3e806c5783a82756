//! Any of the playground's figures, drawn by one call: what a page's main plot, an export
//! and `playground run --figure` all hold.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::{BarFigure, FigureError, GridFigure, Heatmap, LineFigure, Style};

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Figure {
    Lines(LineFigure),
    Bars(BarFigure),
    Heatmap(Heatmap),
    Grid(GridFigure),
}

impl Figure {
    pub fn title(&self) -> &str {
        match self {
            Figure::Lines(f) => &f.title,
            Figure::Bars(f) => &f.title,
            Figure::Heatmap(f) => &f.title,
            Figure::Grid(f) => &f.title,
        }
    }
}

/// Draw any figure filling `area`.
pub fn draw_figure<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fig: &Figure,
    style: &Style,
) -> Result<(), FigureError> {
    match fig {
        Figure::Lines(f) => crate::draw_lines(area, f, style),
        Figure::Bars(f) => crate::draw_bars(area, f, style),
        Figure::Heatmap(f) => crate::draw_heatmap(area, f, style),
        Figure::Grid(f) => crate::draw_grid(area, f, style),
    }
}
