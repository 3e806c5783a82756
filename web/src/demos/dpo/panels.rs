//! The DPO Lab's panel: one learner's policy now, beside π_ref and its π*_β.

use std::rc::Rc;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::dpo::policy_bars;
use playground_figure::{Figure, Style, draw_figure};

use super::DpoLab;
use crate::components::plot::{Area, DrawFn, Plot};
use crate::shell::{Shell, ViewOption, view_control};

const LEARNER: ViewOption = ViewOption::Learner {
    key: "learner",
    label: "Learner",
};

pub fn policy(shell: Shell<DpoLab>) -> impl IntoView {
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        shell.runner.slow_version.track();
        let Scenario::Dpo(d) = shell.scenario.get() else {
            return Ok(());
        };
        let learner = shell
            .flag("learner")
            .and_then(|l| l.parse::<usize>().ok())
            .unwrap_or(0)
            .min(d.learners.len().saturating_sub(1));
        let fig = shell.runner.with(|e| {
            let toy = e.toy();
            let label = d.labels().get(learner).cloned().unwrap_or_default();
            policy_bars(
                &label,
                &toy.ref_probs(),
                &e.probs(learner),
                &toy.optimum(d.learners[learner].beta()),
                &toy.gold,
            )
        });
        match fig {
            Some(f) => draw_figure(area, &Figure::Bars(f), style).map_err(|e| e.to_string()),
            None => Ok(()),
        }
    });
    view! {
        <section class="card figure" aria-label="Policy">
            <div class="figure-bar">{view_control(shell.page, LEARNER)}</div>
            <Plot label="One learner's policy beside π_ref and π*" class="main" draw=draw/>
            <p class="caption muted">
                "π_ref, the learner's policy now, and the KL-regularised optimum for its β: on \
                 the population of pairs DPO's bars meet π*'s; IPO's stop short."
            </p>
        </section>
    }
}
