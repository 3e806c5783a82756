//! The Verify panel: each check against an exact answer, with its tolerance.

use leptos::prelude::*;
use playground_core::Check;
use serde::{Deserialize, Serialize};

/// A reference value shown beside the checks (not pass/fail), e.g. a bound's constant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub name: String,
    pub detail: String,
}

#[component]
pub fn VerifyPanel(
    #[prop(into)] checks: Signal<Vec<Check>>,
    #[prop(into)] references: Signal<Vec<Reference>>,
    /// What to say while there are no checks.
    #[prop(default = "No checks apply to this scenario yet.")]
    empty: &'static str,
) -> impl IntoView {
    let summary = move || {
        let c = checks.get();
        let passed = c.iter().filter(|c| c.passed).count();
        if c.is_empty() {
            empty.to_string()
        } else {
            format!("{passed} of {} checks pass", c.len())
        }
    };
    view! {
        <section class="card verify" aria-labelledby="verify-title" data-testid="verify">
            <h2 id="verify-title">"Verify"</h2>
            <p class="muted">
                "Live checks of the numbers on screen against exact answers (closed forms, \
                 numerical integration, published bounds). They run on the CPU in f64."
            </p>
            <p class="summary" aria-live="polite">{summary}</p>
            <ul class="checks">
                {move || {
                    checks
                        .get()
                        .into_iter()
                        .map(|c| {
                            let (mark, class) = if c.passed { ("✓", "pass") } else { ("✗", "fail") };
                            view! {
                                <li class=class>
                                    <span class="mark" aria-label=if c.passed { "passed" } else { "failed" }>
                                        {mark}
                                    </span>
                                    <div>
                                        <strong>{c.name}</strong>
                                        <p>{c.detail}</p>
                                    </div>
                                </li>
                            }
                        })
                        .collect_view()
                }}
                {move || {
                    references
                        .get()
                        .into_iter()
                        .map(|r| {
                            view! {
                                <li class="reference">
                                    <span class="mark" aria-label="reference">"≡"</span>
                                    <div>
                                        <strong>{r.name}</strong>
                                        <p>{r.detail}</p>
                                    </div>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
