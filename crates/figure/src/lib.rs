//! One drawing code for every figure of the playground, on any plotters backend: the
//! browser's canvas (scaled for high-DPI screens), and PNG or SVG files from the CLI. So a
//! figure exported from the command line is the figure on the page.
//!
//! - [`LineFigure`]: curves with confidence bands, reference lines, log-x axes.
//! - [`BarFigure`]: grouped bars (pulls per arm).
//! - [`Heatmap`]: a matrix (attention patterns).
//! - [`GridFigure`]: a gridworld's values, policy arrows and action values.
//! - [`Figure`] holds any of them; [`default_figure`] is each kind's main figure, drawn
//!   from a run's report, the same on the page and in the CLI.

pub mod bandit;
mod bars;
pub mod bayesopt;
mod caption;
pub mod constrained;
mod decimate;
pub mod dpo;
mod figure;
mod grid;
pub mod gridworld;
mod heatmap;
mod kinds;
mod line;
pub mod lm;
pub mod lm_alignment;
pub mod nash;
pub mod overopt;
pub mod pareto;
pub mod policy_gradient;
pub mod reward_learning;
mod style;

pub use bars::{BarFigure, BarSeries, draw_bars};
pub use decimate::decimate;
pub use figure::{Figure, draw_figure};
pub use grid::{CellKind, GridCell, GridFigure, draw_grid};
pub use heatmap::{Heatmap, draw_heatmap};
pub use kinds::{FigureInput, default_figure, metric_lines};
pub use line::{Line, LineFigure, Points, VLine, draw_lines};
pub use style::{PALETTE, Rgb, Style, Theme};

/// Anything that went wrong while drawing, as text (backends have their own error types).
#[derive(Clone, Debug, PartialEq)]
pub struct FigureError(pub String);

impl std::fmt::Display for FigureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not draw the figure: {}", self.0)
    }
}

impl std::error::Error for FigureError {}

pub(crate) fn err<E: std::fmt::Debug>(e: E) -> FigureError {
    FigureError(format!("{e:?}"))
}
