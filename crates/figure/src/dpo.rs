//! The DPO Lab's pictures: one learner's policy as bars beside π_ref and the
//! KL-regularised optimum π*_β = π_ref·e^{r*/β}/Z, one group per response (named by its
//! gold reward); and every learner's path in the (KL, gold reward) plane under the exact
//! frontier.

use playground_core::Series;
use playground_core::scenario::DpoScenario;
use playground_pref::experiment::{GOLD_REWARD, KL};
use playground_pref::frontier::curve_all;
use playground_pref::problem::toys;

use crate::{BarFigure, BarSeries, Line, LineFigure, PALETTE};

/// β's range the frontier is traced over: from π_ref (KL ≈ 0) to nearly the argmax.
const FRONTIER_BETAS: (f64, f64) = (1e-2, 1e3);
const FRONTIER_POINTS: usize = 200;

/// Each learner's (KL(π‖π_ref), E_π r*) after every step, over the frontier
/// {(KL(π*_β‖π_ref), E r*) : β > 0} that no policy can cross (means over the prompts).
pub fn frontier_figure(plan: &DpoScenario, series: &Series) -> Result<LineFigure, String> {
    let toys = toys(&plan.env)?;
    let (lo, hi) = FRONTIER_BETAS;
    let (xs, ys) = curve_all(&toys, lo, hi, FRONTIER_POINTS)
        .into_iter()
        .unzip();
    let mut lines = vec![Line {
        label: "frontier π*_β (β from 1000 to 0.01)".into(),
        color: PALETTE[7],
        xs,
        ys,
        band: None,
        dashed: true,
    }];
    for (i, l) in series.learners.iter().enumerate() {
        let (Some(kl), Some(gold)) = (l.metric(KL), l.metric(GOLD_REWARD)) else {
            continue;
        };
        lines.push(Line {
            label: l.label.clone(),
            color: PALETTE[i % PALETTE.len()],
            xs: kl.mean.clone(),
            ys: gold.mean.clone(),
            band: None,
            dashed: false,
        });
    }
    Ok(LineFigure {
        title: "gold reward against KL(π‖π_ref), under the exact frontier".into(),
        x_label: "KL(π‖π_ref)".into(),
        y_label: "E_π r*".into(),
        lines,
        ..LineFigure::default()
    })
}

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
