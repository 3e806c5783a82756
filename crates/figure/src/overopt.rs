//! Reward overoptimization: gold and proxy reward against √KL(π‖π_ref), per learner a
//! solid gold line and a dashed proxy line of the same colour. The proxy rises all the
//! way; the gold reward peaks and falls unless the learner is conservative.

use playground_core::Series;
use playground_pref::overopt::experiment::{GOLD_REWARD, PROXY_REWARD, SQRT_KL};

use crate::{Line, LineFigure, PALETTE};

pub fn overopt_figure(series: &Series) -> LineFigure {
    let mut lines = Vec::new();
    for (i, l) in series.learners.iter().enumerate() {
        let Some(x) = l.metric(SQRT_KL) else {
            continue;
        };
        let color = PALETTE[i % PALETTE.len()];
        for (name, dashed, suffix) in [(GOLD_REWARD, false, "gold"), (PROXY_REWARD, true, "proxy")]
        {
            let Some(y) = l.metric(name) else {
                continue;
            };
            let n = x.mean.len().min(y.mean.len());
            lines.push(Line {
                label: format!("{} ({suffix})", l.label),
                color,
                xs: x.mean[..n].to_vec(),
                ys: y.mean[..n].to_vec(),
                band: None,
                dashed,
            });
        }
    }
    LineFigure {
        title: "gold (solid) and proxy (dashed) reward against √KL(π‖π_ref)".into(),
        x_label: "√KL(π‖π_ref)".into(),
        y_label: "reward gain over π_ref".into(),
        lines,
        ..LineFigure::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_core::series::{LearnerSeries, Metric};

    #[test]
    fn one_solid_gold_and_one_dashed_proxy_line_per_learner() {
        let metric = |name: &str, v: &[f64]| Metric {
            name: name.into(),
            mean: v.to_vec(),
            ci95: vec![0.0; v.len()],
        };
        let series = Series {
            learners: vec![LearnerSeries {
                label: "best-of-n".into(),
                metrics: vec![
                    metric(SQRT_KL, &[0.0, 1.0, 2.0]),
                    metric(GOLD_REWARD, &[0.0, 1.0, 0.5]),
                    metric(PROXY_REWARD, &[0.0, 1.2, 2.0]),
                ],
            }],
        };
        let f = overopt_figure(&series);
        assert_eq!(f.lines.len(), 2);
        assert!(!f.lines[0].dashed && f.lines[1].dashed);
        assert_eq!(f.lines[0].color, f.lines[1].color);
        assert_eq!(f.lines[1].ys, [0.0, 1.2, 2.0]);
        assert_eq!(f.lines[0].label, "best-of-n (gold)");
    }
}
