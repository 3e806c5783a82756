//! The main figure of a lab's page, with its view settings (metric tabs, log axis,
//! learner choice) above it. Figure first: in an embed or presenter mode it fills the
//! height and everything else is below.

use std::rc::Rc;

use leptos::prelude::*;
use playground_figure::{Figure, Style, draw_figure};

use super::{Lab, Page, Shell, ViewOption};
use crate::components::plot::{Area, DrawFn, Plot};
use crate::platform::dom;

pub fn main_figure<L: Lab>() -> impl IntoView {
    let shell = expect_context::<Shell<L>>();
    let marked = StoredValue::new_local(false);
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        shell.runner.version.track();
        let view = shell.view.get();
        let (fig, t) = shell.scenario.with(|s| {
            shell
                .runner
                .with(|run| L::figure(s, run, &view).map(|f| (f, run.t)))
        })?;
        draw_figure(area, &fig, style).map_err(|e| e.to_string())?;
        if t > 0 && !marked.get_value() {
            // For the bundle report and the tests: navigation → first plotted point.
            marked.set_value(true);
            dom::mark("pp:first-point");
        }
        Ok(())
    });
    let label = Signal::derive(move || {
        shell.runner.version.track();
        let t = shell.runner.with(|run| run.t);
        format!("{} at step {t}", L::DEMO.title)
    });
    view! {
        <section class="card figure" aria-label="Main figure">
            {(!L::DEMO.view_options.is_empty()).then(|| view! {
                <div class="figure-bar">
                    {L::DEMO.view_options.iter().map(|o| view_control(shell.page, *o)).collect_view()}
                </div>
            })}
            <Plot label=label class="main" draw=draw/>
            {L::caption(shell)}
        </section>
    }
}

/// How a lab's panel draws a figure its view holds: `pick` finds it in the run's latest
/// view (nothing is drawn when it is not there), redrawn at the panels' slow rate.
pub fn view_drawing<L: Lab>(shell: Shell<L>, pick: fn(&L::View) -> Option<Figure>) -> Rc<DrawFn> {
    Rc::new(move |area: &Area, style: &Style| {
        shell.runner.slow_version.track();
        match shell.runner.with(|run| pick(&run.view)) {
            Some(f) => draw_figure(area, &f, style).map_err(|e| e.to_string()),
            None => Ok(()),
        }
    })
}

/// One view setting's control (labs place some in their own panels).
pub fn view_control(shell: Page, option: ViewOption) -> AnyView {
    match option {
        // Many options: a menu rather than a row of tabs.
        ViewOption::Choice { key, label, options } if options.len() > 5 => {
            let current = move || shell.flag(key).unwrap_or_else(|| options[0].0.to_string());
            view! {
                <label class="agent-pick">
                    {label} " "
                    <select on:change=move |ev| shell.set_flag(key, Some(event_target_value(&ev))) data-testid=format!("view-{key}")>
                        {options.iter().map(|&(value, text)| view! {
                            <option value=value selected=move || current() == value>{text}</option>
                        }).collect_view()}
                    </select>
                </label>
            }
            .into_any()
        }
        ViewOption::Choice { key, label, options } => {
            let current = move || shell.flag(key).unwrap_or_else(|| options[0].0.to_string());
            view! {
                <div role="tablist" aria-label=label>
                    {options.iter().map(|&(value, text)| view! {
                        <button
                            role="tab"
                            aria-selected=move || (current() == value).to_string()
                            class:active=move || current() == value
                            on:click=move |_| shell.set_flag(key, Some(value.to_string()))
                            data-testid=format!("{key}-{value}")
                        >
                            {text}
                        </button>
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        ViewOption::Toggle { key, label } => view! {
            <label class="check">
                <input type="checkbox" prop:checked=move || shell.flag(key).as_deref() == Some("1")
                    on:change=move |ev| shell.set_flag(key, event_target_checked(&ev).then(|| "1".to_string()))
                    data-testid=format!("view-{key}")/>
                {label}
            </label>
        }
        .into_any(),
        ViewOption::Learner { key, label } => {
            let labels = move || shell.scenario.with(|s| s.labels());
            let current = move || shell.flag(key).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
            view! {
                <label class="agent-pick">
                    {label} " "
                    <select on:change=move |ev| shell.set_flag(key, Some(event_target_value(&ev))) data-testid=format!("view-{key}")>
                        {move || labels().into_iter().enumerate().map(|(i, l)| view! {
                            <option value=i.to_string() selected=move || current() == i>{l}</option>
                        }).collect_view()}
                    </select>
                </label>
            }
            .into_any()
        }
        ViewOption::Slider {
            key,
            label,
            min,
            max,
            step,
            default,
        } => {
            let current = move || {
                shell
                    .flag(key)
                    .and_then(|v| v.parse::<f64>().ok())
                    .unwrap_or(default)
            };
            view! {
                <label class="agent-pick">
                    {label} " "
                    <input type="range" min=min max=max step=step prop:value=move || current().to_string()
                        on:input=move |ev| shell.set_flag(key, Some(event_target_value(&ev)))
                        data-testid=format!("view-{key}")/>
                    " " <output>{move || if step >= 1.0 {
                        format!("{:.0}", current())
                    } else {
                        format!("{:.2}", current())
                    }}</output>
                </label>
            }
            .into_any()
        }
    }
}
