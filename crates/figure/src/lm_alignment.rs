//! The Tiny-LM Alignment Lab's main figure: every learner's path in the
//! (KL(π‖π_ref), gold reward) plane, exact at every step, under the exact frontier traced
//! by π*_β = π_ref·e^(r*/β)/Z. With `metric=proxy`, gold (solid) and proxy (dashed)
//! reward against KL instead: how far the proxy's promise is from the truth.

use playground_core::series::{LearnerSeries, Metric};
use playground_core::{Finals, Series};
use playground_lm::align::learners::{GOLD_EXACT, KL_EXACT, PROXY_EXACT};

use crate::{Line, LineFigure, PALETTE};

/// The frontier's (KL, gold) points from the run's finals, if it has started.
fn frontier(finals: &Finals) -> Option<(Vec<f64>, Vec<f64>)> {
    let f = finals.get("frontier")?;
    let read = |key: &str| -> Option<Vec<f64>> {
        f.get(key)?.as_array()?.iter().map(|v| v.as_f64()).collect()
    };
    Some((read("kl")?, read("gold_reward")?))
}

pub fn frontier_figure(series: &Series, finals: &Finals) -> LineFigure {
    let mut lines = Vec::new();
    if let Some((xs, ys)) = frontier(finals) {
        lines.push(Line {
            label: "frontier π*_β (exact)".into(),
            color: PALETTE[7],
            xs,
            ys,
            band: None,
            dashed: true,
        });
    }
    lines.extend(paths(series, &[(GOLD_EXACT, false, "")]));
    LineFigure {
        title: "gold reward against KL(π‖π_ref), exact at every step, under the frontier".into(),
        x_label: "KL(π‖π_ref) (nats)".into(),
        y_label: "E_π r* (gold)".into(),
        lines,
        ..LineFigure::default()
    }
}

pub fn proxy_figure(series: &Series) -> LineFigure {
    LineFigure {
        title: "gold (solid) and proxy (dashed) reward against KL(π‖π_ref)".into(),
        x_label: "KL(π‖π_ref) (nats)".into(),
        y_label: "expected reward".into(),
        lines: paths(
            series,
            &[
                (GOLD_EXACT, false, " (gold)"),
                (PROXY_EXACT, true, " (proxy)"),
            ],
        ),
        ..LineFigure::default()
    }
}

/// π_ref's live pretraining (`world.reference = "pretrain"`): its loss against the
/// chain's entropy rate, the transformer page's figure. None when π_ref was shipped.
pub fn pretraining_figure(finals: &Finals, horizon: usize) -> Option<LineFigure> {
    let p = finals.get("pretraining")?;
    let losses: Vec<f64> = p["loss"]
        .as_array()?
        .iter()
        .map(serde_json::Value::as_f64)
        .collect::<Option<_>>()?;
    let series = Series {
        learners: vec![LearnerSeries {
            label: "π_ref".into(),
            metrics: vec![Metric {
                name: "loss".into(),
                ci95: vec![0.0; losses.len()],
                mean: losses,
            }],
        }],
    };
    Some(crate::lm::loss_figure(
        &series,
        p["entropy_rate"].as_f64()?,
        horizon,
        false,
    ))
}

/// Whether any learner has a point yet (alignment has started).
pub fn aligning(series: &Series) -> bool {
    series
        .learners
        .iter()
        .any(|l| l.metric(KL_EXACT).is_some_and(|m| !m.mean.is_empty()))
}

/// One line per learner and metric, against the exact KL.
fn paths(series: &Series, metrics: &[(&str, bool, &str)]) -> Vec<Line> {
    let mut lines = Vec::new();
    for (i, l) in series.learners.iter().enumerate() {
        let Some(x) = l.metric(KL_EXACT) else {
            continue;
        };
        for &(name, dashed, suffix) in metrics {
            let Some(y) = l.metric(name) else {
                continue;
            };
            let n = x.mean.len().min(y.mean.len());
            lines.push(Line {
                label: format!("{}{suffix}", l.label),
                color: PALETTE[i % PALETTE.len()],
                xs: x.mean[..n].to_vec(),
                ys: y.mean[..n].to_vec(),
                band: None,
                dashed,
            });
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_core::series::{LearnerSeries, Metric};
    use serde_json::json;

    #[test]
    fn the_frontier_is_dashed_and_each_learner_a_path() {
        let metric = |name: &str, v: &[f64]| Metric {
            name: name.into(),
            mean: v.to_vec(),
            ci95: vec![0.0; v.len()],
        };
        let series = Series {
            learners: vec![LearnerSeries {
                label: "DPO".into(),
                metrics: vec![
                    metric(KL_EXACT, &[0.0, 0.5]),
                    metric(GOLD_EXACT, &[-1.0, 0.0]),
                    metric(PROXY_EXACT, &[-0.5, 0.8]),
                ],
            }],
        };
        let mut finals = Finals::new();
        finals.insert(
            "frontier".into(),
            json!({"kl": [0.0, 1.0], "gold_reward": [-1.0, 1.0], "beta": [10.0, 0.1]}),
        );
        let f = frontier_figure(&series, &finals);
        assert_eq!(f.lines.len(), 2);
        assert!(f.lines[0].dashed && !f.lines[1].dashed);
        assert_eq!(
            (f.lines[1].xs.clone(), f.lines[1].ys.clone()),
            (vec![0.0, 0.5], vec![-1.0, 0.0])
        );
        assert!(aligning(&series));
        finals.insert(
            "pretraining".into(),
            json!({"loss": [2.0, 1.5, 1.2], "entropy_rate": 1.07}),
        );
        let pre = pretraining_figure(&finals, 10).unwrap();
        assert_eq!(pre.lines[0].ys, [2.0, 1.5, 1.2]);
        assert_eq!(pre.lines[1].ys, [1.07, 1.07]);
        let p = proxy_figure(&series);
        assert_eq!(p.lines.len(), 2);
        assert!(p.lines[1].dashed);
        assert_eq!(p.lines[1].ys, [-0.5, 0.8]);
    }
}
