//! The "Watch a transformer learn" figures: the loss against its exact floor, and an
//! attention pattern. Built from plain series so the web page and the CLI share them.

use playground_core::Series;

use crate::{Heatmap, Line, LineFigure, PALETTE};

/// Training loss (nats per token) over steps, with the Markov chain's entropy rate as a
/// dashed floor: no model can predict the chain better than that.
pub fn loss_figure(series: &Series, entropy_rate: f64, horizon: usize, log_x: bool) -> LineFigure {
    let mut lines = Vec::new();
    for (i, l) in series.learners.iter().enumerate() {
        if let Some(m) = l.metric("loss") {
            lines.push(Line {
                label: format!("{} training loss", l.label),
                color: PALETTE[i % PALETTE.len()],
                xs: (1..=m.mean.len()).map(|t| t as f64).collect(),
                ys: m.mean.clone(),
                band: None,
                dashed: false,
            });
        }
    }
    let end = horizon.max(2) as f64;
    lines.push(Line {
        label: format!("entropy rate {entropy_rate:.3} (the floor)"),
        color: PALETTE[6],
        xs: vec![1.0, end],
        ys: vec![entropy_rate, entropy_rate],
        band: None,
        dashed: true,
    });
    LineFigure {
        title: "Cross-entropy, nats per token".into(),
        x_label: "training step".into(),
        y_label: "loss (nats/token)".into(),
        log_x,
        lines,
        x_range: Some((1.0, end)),
        ..LineFigure::default()
    }
}

/// One attention head's weights: row = query position, column = key position.
pub fn attention_heatmap(weights: &[f64], size: usize, title: &str) -> Heatmap {
    Heatmap {
        title: title.to_string(),
        x_label: "attends to position".into(),
        y_label: "position".into(),
        rows: size,
        cols: size,
        values: weights.to_vec(),
        range: (0.0, 1.0),
    }
}
