//! The DPO Lab's panels: one learner's policy now (for one prompt), beside π_ref and its
//! π*_β; and every learner's path in the (KL, gold reward) plane under the frontier.

use std::rc::Rc;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::dpo::{frontier_figure, policy_bars};
use playground_figure::{BarFigure, Figure, Style, draw_figure};
use playground_pref::DpoExperiment;

use super::DpoLab;
use super::drag_bars::drag_bars;
use crate::components::plot::{Area, DrawFn, Plot};
use crate::shell::{Shell, ViewOption, setting_index, view_control, view_drawing};

const LEARNER: ViewOption = ViewOption::Learner {
    key: "learner",
    label: "Learner",
};

/// The view flag `n` parsed as an index, clamped below `len`.
pub(super) fn index_flag(shell: Shell<DpoLab>, key: &str, len: usize) -> usize {
    shell
        .view
        .with(|settings| setting_index(settings, key, len))
}

/// The chosen learner's policy for the chosen prompt, beside π_ref, π* and the gold
/// reward: the lab's view, computed where the run is.
pub fn policy_figure(
    exp: &DpoExperiment,
    scenario: &Scenario,
    settings: &[(String, String)],
) -> Option<BarFigure> {
    let Scenario::Dpo(d) = scenario else {
        return None;
    };
    let learner = setting_index(settings, "learner", d.learners.len());
    let prompt = setting_index(settings, "prompt", d.env.prompts());
    let toy = &exp.problem().prompts[prompt];
    let mut label = d.labels().get(learner).cloned().unwrap_or_default();
    if d.env.prompts() > 1 {
        label = format!("{label}, prompt {}", prompt + 1);
    }
    Some(policy_bars(
        &label,
        &toy.ref_probs(),
        &exp.policy(learner)[prompt],
        &toy.optimum(d.learners[learner].beta()),
        &toy.gold,
    ))
}

pub fn policy(shell: Shell<DpoLab>) -> impl IntoView {
    let draw = view_drawing(shell, |v| v.clone().map(Figure::Bars));
    view! {
        <section class="card figure" aria-label="Policy">
            <div class="figure-bar">{view_control(shell.page, LEARNER)}{prompt_pick(shell)}</div>
            <Plot label="One learner's policy beside π_ref and π*" class="main" draw=draw/>
            {drag_bars(shell)}
            <p class="caption muted">
                "π_ref, the learner's policy now, and the KL-regularised optimum for its β: on \
                 the population of pairs DPO's bars meet π*'s; IPO's stop short."
            </p>
        </section>
    }
}

/// A prompt menu, shown only when the scenario has several prompts.
fn prompt_pick(shell: Shell<DpoLab>) -> impl IntoView {
    let prompts = move || match shell.scenario.get() {
        Scenario::Dpo(d) => d.env.prompts(),
        _ => 1,
    };
    let current = move || index_flag(shell, "prompt", prompts());
    move || {
        (prompts() > 1).then(|| {
            view! {
                <label class="agent-pick">
                    "Prompt "
                    <select on:change=move |ev| shell.set_flag("prompt", Some(event_target_value(&ev)))
                        data-testid="view-prompt">
                        {(0..prompts()).map(|x| view! {
                            <option value=x.to_string() selected=move || current() == x>{format!("prompt {}", x + 1)}</option>
                        }).collect_view()}
                    </select>
                </label>
            }
        })
    }
}

pub fn frontier(shell: Shell<DpoLab>) -> impl IntoView {
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        shell.runner.slow_version.track();
        let Scenario::Dpo(d) = shell.scenario.get() else {
            return Ok(());
        };
        let fig = shell.runner.with(|run| frontier_figure(&d, &run.series))?;
        draw_figure(area, &Figure::Lines(fig), style).map_err(|e| e.to_string())
    });
    view! {
        <section class="card figure" aria-label="Reward against KL">
            <Plot label="Each learner's gold reward against its KL from π_ref, under the exact frontier" class="main" draw=draw/>
            <p class="caption muted">
                "The dashed curve is the most gold reward any policy can earn within a KL budget \
                 from π_ref (π*_β as β runs from 1000 to 0.01); no learner can cross it. A learner \
                 that follows it spends its KL well; one that falls below it spends KL on the \
                 wrong responses."
            </p>
        </section>
    }
}
