//! The arena's figures: the metric over time, pulls per arm, and Thompson posteriors.

use std::rc::Rc;

use leptos::prelude::*;
use playground_core::Experiment;
use playground_core::bandit::{AVG_REWARD, PCT_OPTIMAL, REGRET};
use playground_figure::bandit::{metric_figure, metric_title, posterior_figure, pulls_figure};
use playground_figure::{Style, draw_bars, draw_lines};

use super::Arena;
use crate::components::plot::{Area, DrawFn, Plot};

#[component]
pub fn MetricPanel() -> impl IntoView {
    let arena = expect_context::<Arena>();
    let tab = move |m: &'static str| {
        view! {
            <button
                role="tab"
                aria-selected=move || (arena.metric.get() == m).to_string()
                class:active=move || arena.metric.get() == m
                on:click=move |_| arena.metric.set(m)
                data-testid=format!("metric-{m}")
            >
                {metric_title(m)}
            </button>
        }
    };
    let label = Signal::derive(move || {
        let m = arena.metric.get();
        arena.runner.version.track();
        let t = arena.runner.with(|e| e.t());
        format!("{} of every agent up to step {t}", metric_title(m))
    });
    let marked = StoredValue::new_local(false);
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        arena.runner.version.track();
        let (metric, log_x) = (arena.metric.get(), arena.log_x.get());
        let (fig, t) = arena
            .runner
            .with(|e| (metric_figure(e, metric, log_x), e.t()));
        draw_lines(area, &fig, style).map_err(|e| e.to_string())?;
        if t > 0 && !marked.get_value() {
            // For the bundle report and the tests: navigation → first plotted point.
            marked.set_value(true);
            crate::platform::dom::mark("pp:first-point");
        }
        Ok(())
    });
    view! {
        <section class="card figure" aria-label="Main figure">
            <div class="figure-bar">
                <div role="tablist" aria-label="Metric">
                    {tab(AVG_REWARD)} {tab(PCT_OPTIMAL)} {tab(REGRET)}
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || arena.log_x.get()
                        on:change=move |ev| arena.log_x.set(event_target_checked(&ev)) data-testid="log-x"/>
                    "log t axis"
                </label>
            </div>
            <Plot label=label class="main" draw=draw/>
            <p class="caption muted">
                "Lines are means over " {move || arena.scenario.get().runs} " runs; shaded bands are 95% \
                 confidence intervals of those means."
            </p>
        </section>
    }
}

#[component]
pub fn PullsPanel() -> impl IntoView {
    let arena = expect_context::<Arena>();
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        arena.runner.slow_version.track();
        let fig = arena.runner.with(pulls_figure);
        draw_bars(area, &fig, style).map_err(|e| e.to_string())
    });
    view! {
        <section class="card figure small">
            <Plot label="Average pulls of each arm by each agent" class="small" draw=draw/>
            <p class="caption muted">"Colours are the agents of the main figure."</p>
        </section>
    }
}

#[component]
pub fn PosteriorPanel() -> impl IntoView {
    let arena = expect_context::<Arena>();
    // Agents that hold a posterior (Thompson sampling), by index.
    let thompson = Memo::new(move |_| {
        arena
            .scenario
            .get()
            .agents
            .iter()
            .enumerate()
            .filter(|(_, a)| a.type_name().starts_with("thompson"))
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
    });
    let chosen = RwSignal::new(0usize);
    let agent = move || {
        let list = thompson.get();
        list.get(chosen.get()).or(list.first()).copied()
    };
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        arena.runner.slow_version.track();
        let Some(i) = agent() else { return Ok(()) };
        match arena.runner.with(|e| posterior_figure(e, i)) {
            Some(fig) => draw_lines(area, &fig, style).map_err(|e| e.to_string()),
            None => Ok(()),
        }
    });
    // Children of <Show> must be Send; the drawing closure lives in local storage.
    let draw = StoredValue::new_local(draw);
    let labels = move || {
        let s = arena.scenario.get();
        let labels = s.labels();
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
