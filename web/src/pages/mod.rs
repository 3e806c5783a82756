//! Pages that are not demos: the gallery, "not found" and the benchmark.

mod bench;
pub use bench::Bench;

use leptos::prelude::*;
use leptos_router::components::A;
use playground_core::presets;

use crate::demos::DEMOS;
use crate::labs;

#[component]
pub fn Home() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>"Watch learning happen"</h1>
            <p class="lede">
                "Bandits explore, agents find their way, models learn from preferences — computed \
                 live in your browser, step by step, with every number checked against an exact answer."
            </p>
        </section>
        <section class="gallery" aria-label="Demos">
            {DEMOS
                .iter()
                .map(|d| {
                    view! {
                        <article class="card demo-card">
                            <h2>{labs::link(d.path.into(), "", d.title)}</h2>
                            <p>{d.blurb}</p>
                            <ul>{d.highlights.iter().map(|h| view! { <li>{*h}</li> }).collect_view()}</ul>
                            <p class="start">{labs::link(d.path.into(), "button primary", format!("Open {}", d.title))}</p>
                        </article>
                    }
                })
                .collect_view()}
            <article class="card presets-card">
                <h2>"Start from a classic"</h2>
                {DEMOS
                    .iter()
                    .map(|d| view! {
                        <h3>{d.title}</h3>
                        <ul class="preset-links">
                            {presets::for_kind(d.kind)
                                .map(|p| {
                                    let href = format!("{}?preset={}", d.path, p.name);
                                    view! {
                                        <li>
                                            {labs::link(href, "", p.title)}
                                            <span class="muted">" — " {p.summary}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    })
                    .collect_view()}
            </article>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>"No such page"</h1>
            <p>"This address does not name a demo. " <A href="/">"See every demo"</A> "."</p>
        </section>
    }
}
