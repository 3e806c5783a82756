//! The Pareto Lab's presets (`kind = "pareto"`).
//! The numbers in the notices are those the runs produce.

use super::Preset;

pub const PRESETS: &[Preset] = &[];
