//! Figure titles that fit their figure: a long title on a narrow panel (a phone, a side
//! panel) gets smaller type, down to the axis labels' size, and then an ellipsis, rather
//! than running off both edges.

use plotters::coord::Shift;
use plotters::prelude::*;

/// Share of the area's width a title may use.
const WIDTH_SHARE: f64 = 0.94;

/// The title's text and type size for `area`, starting from `size` and going no smaller
/// than `min_size`.
pub(crate) fn fit_caption<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    size: f64,
    min_size: f64,
) -> (String, f64) {
    let room = f64::from(area.dim_in_pixel().0) * WIDTH_SHARE;
    let width = |text: &str, size: f64| text_width(area, text, size);
    let full = width(title, size);
    if full <= room {
        return (title.to_string(), size);
    }
    let size = (size * room / full).max(min_size);
    let chars: Vec<char> = title.chars().collect();
    let mut keep = chars.len();
    let mut text = title.to_string();
    while keep > 1 && width(&text, size) > room {
        keep -= 1;
        let head: String = chars[..keep].iter().collect();
        text = format!("{}…", head.trim_end());
    }
    (text, size)
}

/// The backend's measure of `text`, or an estimate where it cannot measure.
pub(crate) fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: f64,
) -> f64 {
    let font: TextStyle<'_> = ("sans-serif", size).into_font().into();
    match area.estimate_text_size(text, &font) {
        Ok((w, _)) if w > 0 => f64::from(w),
        // An average sans-serif glyph is about 0.55 em wide.
        _ => text.chars().count() as f64 * size * 0.55,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::backend::SVGBackend;

    #[test]
    fn a_long_title_shrinks_then_ends_in_an_ellipsis() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (300, 200)).into_drawing_area();
            let short = fit_caption(&area, "Pulls", 16.0, 12.0);
            assert_eq!(short, ("Pulls".to_string(), 16.0));
            let long = "Thompson (Beta): posterior of each arm's mean (run 1, t = 4196)";
            let (text, size) = fit_caption(&area, long, 16.0, 12.0);
            assert!((12.0..16.0).contains(&size), "{size}");
            assert!(text.ends_with('…') && text.len() < long.len(), "{text}");
            assert!(text_width(&area, &text, size) <= 300.0 * WIDTH_SHARE);
        }
    }
}
