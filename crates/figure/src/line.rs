//! Line figures: curves over time with 95% confidence bands and reference lines.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, Ranged, ValueFormatter};
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use crate::caption::fit_caption;
use crate::decimate::decimate;
use crate::style::{Rgb, Style};
use crate::{FigureError, err};

/// One curve. `band`, when present, holds the half-width of the confidence interval at
/// each point, drawn as a translucent ribbon.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub label: String,
    pub color: Rgb,
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub band: Option<Vec<f64>>,
    /// Dashed lines are references (a bound, an exact optimum), not learners.
    pub dashed: bool,
}

/// Points drawn as dots, not joined: a Pareto front, the points a method found, the
/// places a Bayesian optimiser queried. Hollow dots are references.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Points {
    pub label: String,
    pub color: Rgb,
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub hollow: bool,
    /// The dots' radius in pixels at 1× scale: sets drawn over each other stay visible
    /// when the earlier ones are larger.
    pub size: f64,
}

/// A vertical marker, e.g. an arm's true mean under its posterior.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VLine {
    pub x: f64,
    pub color: Rgb,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LineFigure {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub log_x: bool,
    pub lines: Vec<Line>,
    pub vlines: Vec<VLine>,
    /// Fixed y range; None fits the data.
    pub y_range: Option<(f64, f64)>,
    /// Fixed x range; None fits the data.
    pub x_range: Option<(f64, f64)>,
    /// Dots drawn over the lines.
    #[serde(default)]
    pub points: Vec<Points>,
}

impl LineFigure {
    fn x_extent(&self) -> (f64, f64) {
        if let Some(r) = self.x_range {
            return r;
        }
        let xs = self.lines.iter().flat_map(|l| l.xs.iter().copied());
        let dots = self.points.iter().flat_map(|p| p.xs.iter().copied());
        let (lo, hi) = extent(xs.chain(dots).chain(self.vlines.iter().map(|v| v.x)));
        let lo = if self.log_x { lo.max(1.0) } else { lo };
        if hi > lo { (lo, hi) } else { (lo, lo + 1.0) }
    }

    fn y_extent(&self) -> (f64, f64) {
        if let Some(r) = self.y_range {
            return r;
        }
        let mut values = Vec::new();
        for l in &self.lines {
            for (i, &y) in l.ys.iter().enumerate() {
                let w = l
                    .band
                    .as_ref()
                    .and_then(|b| b.get(i))
                    .copied()
                    .unwrap_or(0.0);
                values.push(y - w);
                values.push(y + w);
            }
        }
        values.extend(self.points.iter().flat_map(|p| p.ys.iter().copied()));
        let (lo, hi) = extent(values.into_iter());
        let pad = if hi > lo { 0.05 * (hi - lo) } else { 0.5 };
        (lo - pad, hi + pad)
    }
}

/// Smallest and largest finite value; (0, 1) when there is none.
fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) }
}

/// Draw a line figure filling `area`.
pub fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fig: &LineFigure,
    style: &Style,
) -> Result<(), FigureError> {
    area.fill(&style.theme.background.plot()).map_err(err)?;
    let (x0, x1) = fig.x_extent();
    if fig.log_x {
        draw_in(area, fig, style, (x0..x1).log_scale())
    } else {
        draw_in(area, fig, style, x0..x1)
    }
}

fn draw_in<DB, X>(
    area: &DrawingArea<DB, Shift>,
    fig: &LineFigure,
    style: &Style,
    x_spec: X,
) -> Result<(), FigureError>
where
    DB: DrawingBackend,
    X: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
{
    let ink = style.theme.ink.plot();
    let (y0, y1) = fig.y_extent();
    let (title, title_size) = fit_caption(area, &fig.title, style.font(1.2), style.font(0.9));
    let mut chart = ChartBuilder::on(area)
        .caption(&title, ("sans-serif", title_size).into_font().color(&ink))
        .margin(style.px(10.0))
        .margin_right(style.px(28.0))
        .x_label_area_size(style.text_px(40.0))
        .y_label_area_size(style.text_px(56.0))
        .build_cartesian_2d(x_spec, y0..y1)
        .map_err(err)?;
    let label_font = ("sans-serif", style.font(1.0)).into_font().color(&ink);
    chart
        .configure_mesh()
        .x_desc(&fig.x_label)
        .y_desc(&fig.y_label)
        .axis_desc_style(label_font.clone())
        .label_style(("sans-serif", style.font(0.9)).into_font().color(&ink))
        // Light lines between the labelled ones cost paint time on every frame of an
        // animation and add little: leave them out.
        .max_light_lines(0)
        .bold_line_style(style.theme.grid.plot())
        .axis_style(ink.mix(0.6))
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&|x| tidy(*x))
        .y_label_formatter(&|y| tidy(*y))
        .draw()
        .map_err(err)?;

    let plot_width = area.dim_in_pixel().0 as usize;
    for line in &fig.lines {
        draw_line(&mut chart, line, style, fig.log_x, plot_width)?;
    }
    for p in &fig.points {
        draw_points(&mut chart, p, style)?;
    }
    for v in &fig.vlines {
        let s = ShapeStyle::from(v.color.plot()).stroke_width(style.px(1.5));
        let pts = vec![(v.x, y0), (v.x, y1)];
        chart
            .draw_series(DashedLineSeries::new(pts, style.px(4.0), style.px(4.0), s))
            .map_err(err)?;
    }
    let labelled = fig.lines.iter().any(|l| !l.label.is_empty());
    if labelled || fig.points.iter().any(|p| !p.label.is_empty()) {
        chart
            .configure_series_labels()
            .position(legend_corner(fig, (y0, y1)))
            .background_style(style.theme.background.plot().mix(0.85))
            .border_style(style.theme.grid.plot())
            .label_font(label_font)
            .margin(style.px(8.0))
            .draw()
            .map_err(err)?;
    }
    area.present().map_err(err)
}

type Chart<'a, DB, X> =
    ChartContext<'a, DB, Cartesian2d<X, plotters::coord::types::RangedCoordf64>>;

fn draw_line<DB, XC>(
    chart: &mut Chart<'_, DB, XC>,
    line: &Line,
    style: &Style,
    log_x: bool,
    plot_width: usize,
) -> Result<(), FigureError>
where
    DB: DrawingBackend,
    XC: Ranged<ValueType = f64>,
{
    // Reference lines are smooth: few points keep their dash pattern regular.
    let budget = if line.dashed { 120 } else { plot_width.max(2) };
    let keep = decimate(&line.xs, budget, log_x);
    let color = line.color.plot();
    if let Some(band) = &line.band {
        let upper = keep.iter().map(|&i| (line.xs[i], line.ys[i] + band[i]));
        let lower = keep
            .iter()
            .rev()
            .map(|&i| (line.xs[i], line.ys[i] - band[i]));
        let ribbon: Vec<(f64, f64)> = upper.chain(lower).collect();
        chart
            .draw_series(std::iter::once(Polygon::new(
                ribbon,
                color.mix(0.18).filled(),
            )))
            .map_err(err)?;
    }
    let pts: Vec<(f64, f64)> = keep.iter().map(|&i| (line.xs[i], line.ys[i])).collect();
    let width = style.px(if line.dashed { 1.5 } else { 2.0 });
    let s = ShapeStyle::from(color).stroke_width(width);
    let drawn = if line.dashed {
        chart.draw_series(DashedLineSeries::new(pts, style.px(6.0), style.px(4.0), s))
    } else if line.xs.windows(2).all(|w| w[0] <= w[1]) {
        chart.draw_series(LineSeries::new(pts, s))
    } else {
        // A path that turns back (KL against reward, a trajectory on the simplex): one
        // segment at a time, since a thick polyline's mitred joins at sharp reversals
        // shoot spikes far past the data.
        let segments: Vec<PathElement<(f64, f64)>> = pts
            .windows(2)
            .map(|w| PathElement::new(vec![w[0], w[1]], s))
            .collect();
        chart.draw_series(segments)
    }
    .map_err(err)?;
    if !line.label.is_empty() {
        let len = style.px(14.0) as i32;
        drawn.label(&line.label).legend(move |(x, y)| {
            PathElement::new(vec![(x - len / 4, y), (x + len * 3 / 4, y)], s)
        });
    }
    Ok(())
}

fn draw_points<DB, XC>(
    chart: &mut Chart<'_, DB, XC>,
    points: &Points,
    style: &Style,
) -> Result<(), FigureError>
where
    DB: DrawingBackend,
    XC: Ranged<ValueType = f64>,
{
    let color = points.color.plot();
    let shape = if points.hollow {
        ShapeStyle::from(color).stroke_width(style.px(1.5))
    } else {
        color.filled()
    };
    let radius = style.px(points.size).max(1) as i32;
    let dots = points
        .xs
        .iter()
        .zip(&points.ys)
        .map(move |(&x, &y)| Circle::new((x, y), radius, shape));
    let drawn = chart.draw_series(dots).map_err(err)?;
    if !points.label.is_empty() {
        drawn
            .label(&points.label)
            .legend(move |(x, y)| Circle::new((x + radius, y), radius, shape));
    }
    Ok(())
}

/// Put the legend in whichever corner the curves leave emptier.
fn legend_corner(fig: &LineFigure, (y0, y1): (f64, f64)) -> SeriesLabelPosition {
    let (x0, x1) = fig.x_extent();
    let pos = |x: f64| {
        if fig.log_x {
            (x.max(1.0).ln() - x0.max(1.0).ln()) / (x1.max(1.0).ln() - x0.max(1.0).ln()).max(1e-12)
        } else {
            (x - x0) / (x1 - x0)
        }
    };
    let (mut upper_left, mut lower_right) = (0usize, 0usize);
    for l in &fig.lines {
        for (&x, &y) in l.xs.iter().zip(&l.ys) {
            let (u, v) = (pos(x), (y - y0) / (y1 - y0));
            upper_left += usize::from(u < 0.45 && v > 0.55);
            lower_right += usize::from(u > 0.55 && v < 0.45);
        }
    }
    if upper_left <= lower_right {
        SeriesLabelPosition::UpperLeft
    } else {
        SeriesLabelPosition::LowerRight
    }
}

/// Axis numbers without trailing noise: 1000, 0.25, 1e-5.
pub(crate) fn tidy(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e6).contains(&a) {
        return format!("{v:.0e}");
    }
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_numbers() {
        assert_eq!(tidy(1000.0), "1000");
        assert_eq!(tidy(0.25), "0.25");
        assert_eq!(tidy(1e-5), "1e-5");
        assert_eq!(tidy(-2.5), "-2.5");
    }

    #[test]
    fn extents_fit_bands_and_survive_empty_figures() {
        let fig = LineFigure {
            lines: vec![Line {
                label: "a".into(),
                color: Rgb(0, 0, 0),
                xs: vec![1.0, 2.0],
                ys: vec![0.0, 1.0],
                band: Some(vec![0.5, 0.5]),
                dashed: false,
            }],
            ..LineFigure::default()
        };
        let (lo, hi) = fig.y_extent();
        assert!(lo < -0.5 && hi > 1.5);
        assert_eq!(LineFigure::default().x_extent(), (0.0, 1.0));
    }

    #[test]
    fn points_widen_the_extents() {
        let fig = LineFigure {
            points: vec![Points {
                label: "front".into(),
                color: Rgb(200, 0, 0),
                xs: vec![-3.0, 5.0],
                ys: vec![10.0, -2.0],
                hollow: true,
                size: 5.0,
            }],
            ..LineFigure::default()
        };
        assert_eq!(fig.x_extent(), (-3.0, 5.0));
        let (lo, hi) = fig.y_extent();
        assert!(lo < -2.0 && hi > 10.0);
    }
}
