//! The Verify panel of a lab: its experiment's checks against exact answers, recomputed
//! at most once a second while running (some integrate numerically), in an idle callback
//! of their own so they never lengthen a frame.

use leptos::prelude::*;
use playground_core::Check;

use super::{Lab, Shell};
use crate::components::verify::{Reference, VerifyPanel};
use crate::platform::dom;
use crate::runner::Live;

/// The checks and reference rows of the run now, or None while it is busy.
pub type Reader = Callback<(), Option<(Vec<Check>, Vec<Reference>)>>;

/// The lab's reader: the one generic piece of the panel.
pub fn reader<L: Lab>(shell: Shell<L>) -> Reader {
    let runner = shell.runner;
    Callback::new(move |()| {
        runner.with(|e| {
            let meaningful = !runner.playing.get_untracked() || e.checks_while_running();
            let done = e.experiment();
            let checks = if meaningful || done.is_done() {
                done.checks()
            } else {
                Vec::new()
            };
            (checks, L::references(e))
        })
    })
}

/// Checks refresh at most this often while a run plays.
const PERIOD_MS: f64 = 1000.0;

pub fn verify(read: Reader, slow_version: RwSignal<u64>, playing: RwSignal<bool>) -> impl IntoView {
    let last = StoredValue::new_local(f64::NEG_INFINITY);
    let pending = StoredValue::new_local(false);
    let checks = RwSignal::new(Vec::new());
    let references = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        slow_version.track();
        let playing = playing.get();
        if pending.get_value() || (playing && dom::now_ms() - last.get_value() < PERIOD_MS) {
            return;
        }
        pending.set_value(true);
        request_idle_callback(move || {
            pending.set_value(false);
            last.set_value(dom::now_ms());
            if let Some((c, r)) = read.run(()) {
                checks.set(c);
                references.set(r);
            }
        });
    });
    view! {
        <VerifyPanel checks=checks references=references
            empty="The checks run when the run pauses or finishes."/>
    }
}
