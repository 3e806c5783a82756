//! The DPO Lab's bars: one learner's policy beside π_ref and the KL-regularised optimum
//! π*_β = π_ref·e^{r*/β}/Z, one group per response (named by its gold reward).

use crate::{BarFigure, BarSeries, PALETTE};

/// π_ref, the learner's π and π*_β over the responses.
pub fn policy_bars(
    label: &str,
    reference: &[f64],
    policy: &[f64],
    optimum: &[f64],
    gold: &[f64],
) -> BarFigure {
    let groups = gold
        .iter()
        .enumerate()
        .map(|(i, r)| format!("y{} (r*={r})", i + 1))
        .collect();
    let bars = |label: &str, color, values: &[f64]| BarSeries {
        label: label.to_string(),
        color,
        values: values.to_vec(),
    };
    BarFigure {
        title: format!("{label}: π over the responses"),
        x_label: "response".into(),
        y_label: "probability".into(),
        groups,
        series: vec![
            bars("π_ref", PALETTE[7], reference),
            bars(label, PALETTE[0], policy),
            bars("π* = π_ref·e^(r*/β)/Z", PALETTE[2], optimum),
        ],
    }
}
