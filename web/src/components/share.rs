//! Share: a link that reproduces the exact run, and an `<iframe>` snippet for blogs that
//! shows only the figure and the panels the author keeps.

use leptos::prelude::*;

use crate::platform::{dom, url};
use crate::shell::PanelChoice;

#[component]
pub fn SharePanel(
    /// The page's path, e.g. `/bandits`.
    path: &'static str,
    /// The query string that reproduces the current run (scenario + view flags).
    #[prop(into)]
    query: Signal<String>,
    /// Panels an embed may hide.
    panels: Vec<PanelChoice>,
) -> impl IntoView {
    let link = move || format!("{}{path}?{}", url::origin(), query.get());
    let keep = RwSignal::new(vec![panels.first().map(|p| p.0).unwrap_or("controls")]);
    let choices = panels.clone();
    let panels = StoredValue::new(panels);
    let snippet = move || {
        let hide: Vec<&str> = panels.with_value(|all| {
            all.iter()
                .map(|p| p.0)
                .filter(|id| !keep.get().contains(id))
                .collect()
        });
        let src = format!("{}&ui.embed=1&ui.hide={}", link(), hide.join(","));
        format!(
            "<iframe src=\"{}\" width=\"820\" height=\"500\" style=\"border:0\" \
             title=\"Policy Playground figure\" loading=\"lazy\"></iframe>",
            src.replace('&', "&amp;").replace('"', "&quot;")
        )
    };
    let copied = RwSignal::new(None::<String>);
    let copy = move |what: &'static str, text: String| {
        leptos::task::spawn_local(async move {
            let msg = match dom::copy_text(&text).await {
                Ok(()) => format!("{what} copied"),
                Err(e) => e,
            };
            copied.set(Some(msg));
        });
    };
    view! {
        <section class="card share" aria-labelledby="share-title">
            <h2 id="share-title">"Share"</h2>
            <label for="share-link">"Link to this exact run"</label>
            <div class="copy-row">
                <input id="share-link" readonly prop:value=link data-testid="share-link"/>
                <button on:click=move |_| copy("Link", link())>"Copy"</button>
            </div>
            <details>
                <summary>"Embed in a page"</summary>
                <fieldset>
                    <legend>"Keep beside the figure"</legend>
                    {choices
                        .iter()
                        .map(|(id, label)| {
                            let id = *id;
                            let toggle = move |_| {
                                keep.update(|k| {
                                    if let Some(i) = k.iter().position(|x| *x == id) {
                                        k.remove(i);
                                    } else {
                                        k.push(id);
                                    }
                                })
                            };
                            view! {
                                <label class="check">
                                    <input type="checkbox" prop:checked=move || keep.get().contains(&id) on:change=toggle/>
                                    {*label}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <textarea readonly rows="4" prop:value=snippet data-testid="embed-snippet"></textarea>
                <button on:click=move |_| copy("Snippet", snippet())>"Copy snippet"</button>
            </details>
            <p class="muted" aria-live="polite">{move || copied.get()}</p>
        </section>
    }
}
