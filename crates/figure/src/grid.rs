//! Gridworld figures: each cell coloured by its value with the number written in it, the
//! greedy action as an arrow, walls, terminal cells and named cells marked; optionally
//! each cell split into four triangles, one per action's value.

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use crate::caption::fit_caption;
use crate::heatmap::scale;
use crate::line::tidy;
use crate::style::{Rgb, Style};
use crate::{FigureError, err};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CellKind {
    #[default]
    Floor,
    Wall,
    Terminal,
    /// A cell that sends the agent back to the start (a cliff).
    Hazard,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GridCell {
    pub kind: CellKind,
    pub value: Option<f64>,
    /// The greedy moves (several when they tie): 0 left, 1 up, 2 right, 3 down.
    pub arrows: Vec<usize>,
    /// A map letter worth showing (S, G, A…).
    pub letter: Option<char>,
    /// Action values (left, up, right, down) drawn as four triangles instead of one fill.
    pub q: Option<[Option<f64>; 4]>,
    /// Drawn with a ring: the agent's position, or a cell that just changed.
    pub marked: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GridFigure {
    pub title: String,
    pub rows: usize,
    pub cols: usize,
    /// Row-major, rows × cols.
    pub cells: Vec<GridCell>,
    /// The values at the two ends of the colour scale.
    pub range: (f64, f64),
    /// Write each cell's value in it (when the cell is large enough to read).
    pub numbers: bool,
    /// Draw the greedy arrows over the triangles too (a policy's probabilities).
    pub arrows_over_q: bool,
}

impl GridFigure {
    /// The colour range that covers every value shown.
    pub fn fit_range(cells: &[GridCell]) -> (f64, f64) {
        let values = cells.iter().flat_map(|c| {
            let q = c.q.iter().flat_map(|q| q.iter().flatten().copied());
            c.value.into_iter().chain(q)
        });
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        if lo.is_finite() && hi > lo {
            (lo, hi)
        } else if lo.is_finite() {
            (lo - 1.0, lo + 1.0)
        } else {
            (0.0, 1.0)
        }
    }
}

/// Cliffs: the Okabe–Ito vermillion, whatever the values.
const HAZARD: Rgb = Rgb(213, 94, 0);

/// Pixel geometry of the board inside its area.
struct Board {
    x0: i32,
    y0: i32,
    cell: i32,
}

impl Board {
    fn corner(&self, r: usize, c: usize) -> (i32, i32) {
        (
            self.x0 + c as i32 * self.cell,
            self.y0 + r as i32 * self.cell,
        )
    }
}

/// Draw a gridworld filling `area` (cells stay square and centred).
pub fn draw_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fig: &GridFigure,
    style: &Style,
) -> Result<(), FigureError> {
    let ink = style.theme.ink.plot();
    area.fill(&style.theme.background.plot()).map_err(err)?;
    let (title, size) = fit_caption(area, &fig.title, style.font(1.1), style.font(0.8));
    let font = ("sans-serif", size).into_font().color(&ink);
    let area = &area.titled(&title, font).map_err(err)?;
    let (w, h) = area.dim_in_pixel();
    let legend = style.px(46.0) as i32;
    let margin = style.px(8.0) as i32;
    let (rows, cols) = (fig.rows.max(1) as i32, fig.cols.max(1) as i32);
    let cell = ((w as i32 - legend - margin) / cols)
        .min((h as i32 - margin) / rows)
        .max(2);
    let board = Board {
        x0: (w as i32 - legend - cell * cols) / 2,
        y0: (h as i32 - cell * rows) / 2,
        cell,
    };
    for (k, c) in fig.cells.iter().enumerate() {
        draw_cell(
            area,
            fig,
            &board,
            (k / fig.cols.max(1), k % fig.cols.max(1)),
            c,
            style,
        )?;
    }
    let coloured = fig.cells.iter().any(|c| c.value.is_some() || c.q.is_some());
    if coloured {
        draw_scale(area, fig, &board, rows, style)?;
    }
    area.present().map_err(err)
}

fn text_w<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, size: f64) -> i32 {
    area.estimate_text_size(
        text,
        &("sans-serif", size).into_font().into_text_style(area),
    )
    .map_or(0, |(w, _)| w as i32)
}

fn colour(fig: &GridFigure, v: f64) -> Rgb {
    let (lo, hi) = fig.range;
    scale((v - lo) / if hi > lo { hi - lo } else { 1.0 })
}

/// Dark or light ink, whichever reads on `bg`.
fn ink_on(bg: Rgb) -> RGBColor {
    let lum = 0.2126 * f64::from(bg.0) + 0.7152 * f64::from(bg.1) + 0.0722 * f64::from(bg.2);
    if lum > 140.0 {
        RGBColor(20, 20, 20)
    } else {
        RGBColor(245, 245, 245)
    }
}

fn draw_cell<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fig: &GridFigure,
    board: &Board,
    (r, c): (usize, usize),
    cell: &GridCell,
    style: &Style,
) -> Result<(), FigureError> {
    let (x, y) = board.corner(r, c);
    let s = board.cell;
    let rect = [(x, y), (x + s, y + s)];
    let wall = style.theme.ink.plot().mix(0.75);
    let bg = match (cell.kind, cell.value) {
        (CellKind::Wall, _) => None,
        (CellKind::Hazard, _) => Some(HAZARD),
        (_, Some(v)) => Some(colour(fig, v)),
        (_, None) => Some(style.theme.grid),
    };
    match bg {
        None => area
            .draw(&Rectangle::new(rect, wall.filled()))
            .map_err(err)?,
        Some(bg) => area
            .draw(&Rectangle::new(rect, bg.plot().filled()))
            .map_err(err)?,
    }
    if let Some(q) = cell.q.filter(|_| cell.kind == CellKind::Floor) {
        draw_triangles(area, fig, (x, y), s, &q)?;
    }
    let grid_line = style.theme.background.plot().stroke_width(style.px(1.0));
    area.draw(&Rectangle::new(rect, grid_line)).map_err(err)?;
    let Some(bg) = bg else { return Ok(()) };
    let text_ink = ink_on(bg);
    if cell.kind == CellKind::Terminal {
        let inset = [(x + s / 8, y + s / 8), (x + s - s / 8, y + s - s / 8)];
        let ring = text_ink.stroke_width(style.px(1.5));
        area.draw(&Rectangle::new(inset, ring)).map_err(err)?;
    }
    if cell.kind == CellKind::Floor && (cell.q.is_none() || fig.arrows_over_q) {
        // Above the number, when there is one.
        let lift = if fig.numbers && cell.value.is_some() {
            s / 10
        } else {
            0
        };
        for &a in &cell.arrows {
            draw_arrow(area, (x, y - lift), s, a, text_ink, style)?;
        }
    }
    let small = (f64::from(s) * 0.22).min(style.font(0.9));
    if let Some(letter) = cell.letter {
        let font = ("sans-serif", small * 1.2).into_font().color(&text_ink);
        let inset = s / 12 + 1;
        area.draw_text(&letter.to_string(), &font, (x + inset, y + inset))
            .map_err(err)?;
    }
    if fig.numbers
        && s >= style.px(30.0) as i32
        && cell.q.is_none()
        && let Some(v) = cell.value
    {
        let text = tidy(round_for_cell(v));
        let font = ("sans-serif", small).into_font().color(&text_ink);
        let tw = text_w(area, &text, small);
        let at = (x + (s - tw) / 2, y + s - (small * 1.25) as i32);
        area.draw_text(&text, &font, at).map_err(err)?;
    }
    if cell.marked {
        let ring = RGBColor(230, 159, 0).stroke_width(style.px(3.0));
        let circle = Circle::new((x + s / 2, y + s / 2), s * 3 / 10, ring);
        area.draw(&circle).map_err(err)?;
    }
    Ok(())
}

/// One decimal for values of ordinary size, whole numbers for large ones.
fn round_for_cell(v: f64) -> f64 {
    if v.abs() >= 100.0 {
        v.round()
    } else {
        (v * 10.0).round() / 10.0
    }
}

/// The cell cut along its diagonals into left, up, right and down triangles.
fn draw_triangles<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fig: &GridFigure,
    (x, y): (i32, i32),
    s: i32,
    q: &[Option<f64>; 4],
) -> Result<(), FigureError> {
    let centre = (x + s / 2, y + s / 2);
    let corners = [(x, y), (x + s, y), (x + s, y + s), (x, y + s)];
    // left: top-left→bottom-left, up: top-left→top-right, right, down.
    let edges = [(3, 0), (0, 1), (1, 2), (2, 3)];
    for (a, (i, j)) in edges.iter().enumerate() {
        if let Some(v) = q[a] {
            let tri = Polygon::new(
                vec![corners[*i], corners[*j], centre],
                colour(fig, v).plot().filled(),
            );
            area.draw(&tri).map_err(err)?;
        }
    }
    Ok(())
}

fn draw_arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    s: i32,
    action: usize,
    ink: RGBColor,
    style: &Style,
) -> Result<(), FigureError> {
    let (dx, dy) = match action {
        0 => (-1, 0),
        1 => (0, -1),
        2 => (1, 0),
        _ => (0, 1),
    };
    let (cx, cy) = (x + s / 2, y + s / 2);
    let len = s / 4;
    let tip = (cx + dx * len, cy + dy * len);
    let tail = (cx - dx * len / 2, cy - dy * len / 2);
    let line = PathElement::new(vec![tail, tip], ink.stroke_width(style.px(2.0)));
    area.draw(&line).map_err(err)?;
    let head = s / 7;
    let back = (tip.0 - dx * head, tip.1 - dy * head);
    let side = (dy * head * 2 / 3, dx * head * 2 / 3);
    let wings = vec![
        tip,
        (back.0 + side.0, back.1 + side.1),
        (back.0 - side.0, back.1 - side.1),
    ];
    area.draw(&Polygon::new(wings, ink.filled())).map_err(err)
}

/// A vertical colour bar right of the board with its two end values.
fn draw_scale<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fig: &GridFigure,
    board: &Board,
    rows: i32,
    style: &Style,
) -> Result<(), FigureError> {
    let x = board.x0 + board.cell * fig.cols.max(1) as i32 + style.px(8.0) as i32;
    let (top, height) = (board.y0, board.cell * rows);
    let width = style.px(10.0) as i32;
    let steps = 32;
    for i in 0..steps {
        let t = 1.0 - f64::from(i) / f64::from(steps - 1);
        let y0 = top + height * i / steps;
        let y1 = top + height * (i + 1) / steps;
        let c = scale(t).plot();
        area.draw(&Rectangle::new([(x, y0), (x + width, y1)], c.filled()))
            .map_err(err)?;
    }
    let font = ("sans-serif", style.font(0.75))
        .into_font()
        .color(&style.theme.ink.plot());
    let (lo, hi) = fig.range;
    area.draw_text(&tidy(hi), &font, (x + width + 3, top))
        .map_err(err)?;
    let bottom = top + height - style.font(0.75) as i32;
    area.draw_text(&tidy(lo), &font, (x + width + 3, bottom))
        .map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_covers_values_and_action_values() {
        let cells = vec![
            GridCell {
                value: Some(-2.0),
                ..GridCell::default()
            },
            GridCell {
                q: Some([Some(5.0), None, Some(1.0), Some(0.0)]),
                ..GridCell::default()
            },
            GridCell::default(),
        ];
        assert_eq!(GridFigure::fit_range(&cells), (-2.0, 5.0));
        assert_eq!(GridFigure::fit_range(&[]), (0.0, 1.0));
    }

    #[test]
    fn cell_numbers_keep_one_decimal() {
        assert_eq!(round_for_cell(24.419), 24.4);
        assert_eq!(round_for_cell(-123.6), -124.0);
    }
}
