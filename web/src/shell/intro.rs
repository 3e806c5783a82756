//! The top of a lab's page: title, intro, preset picker, "what should I notice?", and
//! the message area.

use leptos::prelude::*;
use playground_core::presets;

use super::Page;
use crate::app::UiState;

pub fn intro(shell: Page) -> impl IntoView {
    let ui = expect_context::<UiState>();
    let choose = move |ev: leptos::ev::Event| {
        if let Some(p) =
            presets::find(&event_target_value(&ev)).filter(|p| p.kind == shell.demo.kind)
        {
            shell.notice.set(None);
            shell.apply(p.scenario(), Some(p));
        }
    };
    let options = presets::for_kind(shell.demo.kind)
        .map(|p| {
            view! {
                <option value=p.name selected=move || shell.preset.get().is_some_and(|q| q.name == p.name)>
                    {p.title}
                </option>
            }
        })
        .collect_view();
    view! {
        <section class="intro" class:compact=move || ui.embed>
            <Show when=move || !ui.embed>
                <h1>{shell.demo.title}</h1>
                <p class="lede">{shell.demo.lede}</p>
            </Show>
            <div class="preset-row">
                <label for="preset">"Scenario "</label>
                <select id="preset" on:change=choose data-testid="preset">
                    <option value="" selected=move || shell.preset.get().is_none()>"(your own)"</option>
                    {options}
                </select>
            </div>
            {move || shell.preset.get().map(|p| view! {
                <div class="notice" data-testid="notice">
                    <p>{p.summary}</p>
                    <p><strong>"What should I notice? "</strong>{p.notice}</p>
                    {(!p.papers.is_empty()).then(|| view! {
                        <p class="papers-line">
                            {if p.papers.len() == 1 { "The paper: " } else { "The papers: " }}
                            {p.papers.iter().enumerate().map(|(i, t)| view! {
                                {(i > 0).then_some(" · ")}<cite>{*t}</cite>
                            }).collect_view()}
                        </p>
                    })}
                </div>
            })}
        </section>
    }
}

/// A bad link or import, or a run that stopped: said once, until dismissed.
/// The page's message; `reset` is the Reset button's action, offered with a message
/// that says a run stopped.
pub fn message_area(shell: Page, reset: Callback<()>) -> impl IntoView {
    move || {
        shell.notice.get().map(|n| {
            view! {
                <div class="message" role="alert" data-testid="message">
                    <p>
                        {n.text}
                        {n.link.map(|(href, label)| view! { " " <a href=href rel="external">{label}</a> })}
                    </p>
                    {n.reset.then(|| view! {
                        <button data-testid="message-reset" on:click=move |_| reset.run(())>"Reset"</button>
                    })}
                    <button class="ghost" on:click=move |_| shell.notice.set(None) aria-label="Dismiss">"×"</button>
                </div>
            }
        })
    }
}
