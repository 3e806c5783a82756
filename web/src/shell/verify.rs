//! The Verify panel of a lab: its experiment's checks against exact answers, recomputed
//! at most once a second while running (some integrate numerically). They are computed
//! where the experiment runs — in the worker, or on the page in an idle callback of their
//! own so they never lengthen a frame.

use leptos::prelude::*;

use crate::components::verify::VerifyPanel;
use crate::platform::dom;
use crate::runner::Checked;

/// Where the panel's checks come from: not generic, so the panel exists once in the bundle.
#[derive(Clone, Copy, Debug)]
pub struct Source {
    /// Ask for the checks of the run now; they land in `checks`.
    pub refresh: Callback<()>,
    pub checks: RwSignal<Option<Checked>>,
    pub slow_version: RwSignal<u64>,
    pub playing: RwSignal<bool>,
}

/// Checks refresh at most this often while a run plays.
const PERIOD_MS: f64 = 1000.0;

pub fn verify(source: Source) -> impl IntoView {
    let last = StoredValue::new_local(f64::NEG_INFINITY);
    let pending = StoredValue::new_local(false);
    Effect::new(move |_| {
        source.slow_version.track();
        let playing = source.playing.get();
        if pending.get_value() || (playing && dom::now_ms() - last.get_value() < PERIOD_MS) {
            return;
        }
        pending.set_value(true);
        request_idle_callback(move || {
            pending.set_value(false);
            last.set_value(dom::now_ms());
            source.refresh.run(());
        });
    });
    let checks = Signal::derive(move || {
        source
            .checks
            .with(|c| c.as_ref().map(|c| c.checks.clone()).unwrap_or_default())
    });
    let references = Signal::derive(move || {
        source
            .checks
            .with(|c| c.as_ref().map(|c| c.references.clone()).unwrap_or_default())
    });
    view! {
        <VerifyPanel checks=checks references=references
            empty="The checks run when the run pauses or finishes."/>
    }
}
