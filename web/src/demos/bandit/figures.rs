//! The arena's own panels: pulls per arm, and Thompson sampling's posteriors. (The main
//! figure, the metric over time, is the shell's: the kind's default figure.)

use std::rc::Rc;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::bandit::{posterior_figure, pulls_figure};
use playground_figure::{Style, draw_bars, draw_lines};

use super::BanditLab;
use crate::components::plot::{Area, DrawFn, Plot};
use crate::shell::Shell;

pub fn pulls_panel(shell: Shell<BanditLab>) -> impl IntoView {
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        shell.runner.slow_version.track();
        let labels = shell.scenario.with(Scenario::labels);
        let fig = shell.runner.with(|run| pulls_figure(&labels, &run.view));
        draw_bars(area, &fig, style).map_err(|e| e.to_string())
    });
    view! {
        <section class="card figure small">
            <Plot label="Average pulls of each arm by each agent" class="small" draw=draw/>
            <p class="caption muted">"Colours are the agents of the main figure."</p>
        </section>
    }
}

pub fn posterior_panel(shell: Shell<BanditLab>) -> impl IntoView {
    // Agents that hold a posterior (Thompson sampling), by index.
    let thompson = Memo::new(move |_| {
        shell.scenario.with(|s| match s {
            Scenario::Bandit(b) => b
                .agents
                .iter()
                .enumerate()
                .filter(|(_, a)| a.has_posterior())
                .map(|(i, _)| i)
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    let chosen = RwSignal::new(0usize);
    let agent = move || {
        let list = thompson.get();
        list.get(chosen.get()).or(list.first()).copied()
    };
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        shell.runner.slow_version.track();
        let Some(i) = agent() else { return Ok(()) };
        let label = shell
            .scenario
            .with(|s| s.labels().get(i).cloned().unwrap_or_default());
        match shell
            .runner
            .with(|run| posterior_figure(&label, &run.view, i))
        {
            Some(fig) => draw_lines(area, &fig, style).map_err(|e| e.to_string()),
            None => Ok(()),
        }
    });
    // Children of <Show> must be Send; the drawing closure lives in local storage.
    let draw = StoredValue::new_local(draw);
    let labels = move || {
        let labels = shell.scenario.with(Scenario::labels);
        thompson
            .get()
            .into_iter()
            .map(|i| labels[i].clone())
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card figure small">
            <Show
                when=move || agent().is_some()
                fallback=|| view! {
                    <p class="muted empty">
                        "Add a Thompson sampling agent to watch its beliefs about each arm sharpen."
                    </p>
                }
            >
                <Show when=move || { thompson.get().len() > 1 }>
                    <label class="agent-pick">
                        "Posterior of "
                        <select on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))>
                            {move || labels().into_iter().enumerate().map(|(k, l)| view! {
                                <option value=k.to_string() selected=move || chosen.get() == k>{l}</option>
                            }).collect_view()}
                        </select>
                    </label>
                </Show>
                <Plot
                    label="Posterior density of each arm's mean, first run; dashed lines mark the true means"
                    class="small"
                    draw=draw.get_value()
                />
            </Show>
            <p class="caption muted">
                "Thompson sampling draws one value from each curve and pulls the arm with the largest \
                 draw: wide curves still get tried, narrow low ones are left alone."
            </p>
        </section>
    }
}
