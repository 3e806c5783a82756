//! The explanation at the bottom of a lab's page: cards of maths and prose (HTML with
//! MathML, no JavaScript maths library), the papers from the reading list the lab speaks
//! to, by title, and the classic references the current preset reproduces.

use leptos::prelude::*;

use super::Page;

/// A card: its title and its HTML.
pub type Card = (&'static str, &'static str);

/// A paper: its exact title and one honest sentence on what the lab shows of it.
pub type Paper = (&'static str, &'static str);

pub fn explanation(
    page: Page,
    cards: impl Fn() -> Vec<Card> + Send + Sync + 'static,
    papers: &'static [Paper],
) -> impl IntoView {
    let background = move || page.preset.get().map(|p| p.background).unwrap_or_default();
    let cards = move || {
        cards()
            .into_iter()
            .map(|(title, html)| {
                view! {
                    <article class="card explain-card">
                        <h3>{title}</h3>
                        <div inner_html=html></div>
                    </article>
                }
            })
            .collect_view()
    };
    view! {
        <section class="explain" aria-labelledby="explain-title">
            <h2 id="explain-title">"How the algorithms work"</h2>
            <div class="explain-grid">{cards}</div>
            <h2>"Papers"</h2>
            <ul class="papers">
                {papers.iter().map(|(title, why)| view! {
                    <li><cite>{*title}</cite>" — "{*why}</li>
                }).collect_view()}
            </ul>
            {move || {
                let refs = background();
                (!refs.is_empty()).then(|| view! {
                    <p class="muted">"This scenario reproduces: " {refs.join("; ")} "."</p>
                })
            }}
        </section>
    }
}
