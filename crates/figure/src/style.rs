//! Colours, themes and sizes.

use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub(crate) fn plot(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    /// `#rrggbb`, for CSS.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// The Okabe–Ito palette: eight colours told apart with every common colour-vision
/// deficiency. Yellow comes last because it is faint on white.
pub const PALETTE: [Rgb; 8] = [
    Rgb(0, 114, 178),   // blue
    Rgb(213, 94, 0),    // vermillion
    Rgb(0, 158, 115),   // bluish green
    Rgb(204, 121, 167), // reddish purple
    Rgb(230, 159, 0),   // orange
    Rgb(86, 180, 233),  // sky blue
    Rgb(110, 110, 110), // grey (Okabe–Ito's black, softened to show on dark themes)
    Rgb(240, 228, 66),  // yellow
];

/// Background and ink colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub background: Rgb,
    pub ink: Rgb,
    pub grid: Rgb,
}

impl Theme {
    pub const LIGHT: Theme = Theme {
        background: Rgb(255, 255, 255),
        ink: Rgb(33, 37, 41),
        grid: Rgb(226, 229, 233),
    };
    pub const DARK: Theme = Theme {
        background: Rgb(24, 26, 31),
        ink: Rgb(230, 232, 235),
        grid: Rgb(58, 62, 70),
    };
}

/// How big things are drawn. `scale` multiplies every size: set it to the screen's
/// devicePixelRatio (canvas) or 2 (a sharp PNG), `font_px` is the base text size at
/// scale 1 (presenter mode raises it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub scale: f64,
    pub font_px: f64,
    pub theme: Theme,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            scale: 1.0,
            font_px: 13.0,
            theme: Theme::LIGHT,
        }
    }
}

impl Style {
    pub(crate) fn px(&self, x: f64) -> u32 {
        (x * self.scale).round().max(1.0) as u32
    }

    pub(crate) fn font(&self, factor: f64) -> f64 {
        self.font_px * self.scale * factor
    }

    /// A size that grows with the text (axis label areas), in device pixels.
    pub(crate) fn text_px(&self, x: f64) -> u32 {
        self.px(x * self.font_px / 13.0)
    }
}
