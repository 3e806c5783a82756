//! The Verify panel of a lab: its experiment's checks against exact answers, recomputed
//! at most once a second while running (some integrate numerically), in an idle callback
//! of their own so they never lengthen a frame.

use leptos::prelude::*;

use super::{Lab, Shell};
use crate::components::verify::VerifyPanel;
use crate::platform::dom;
use crate::runner::Live;

/// Checks refresh at most this often while a run plays.
const PERIOD_MS: f64 = 1000.0;

pub fn verify<L: Lab>() -> impl IntoView {
    let shell = expect_context::<Shell<L>>();
    let last = StoredValue::new_local(f64::NEG_INFINITY);
    let pending = StoredValue::new_local(false);
    let checks = RwSignal::new(Vec::new());
    let references = RwSignal::new(Vec::new());
    let runner = shell.runner;
    Effect::new(move |_| {
        runner.slow_version.track();
        let playing = runner.playing.get();
        if pending.get_value() || (playing && dom::now_ms() - last.get_value() < PERIOD_MS) {
            return;
        }
        pending.set_value(true);
        request_idle_callback(move || {
            pending.set_value(false);
            last.set_value(dom::now_ms());
            let fresh = runner.with(|e| {
                let meaningful = !runner.playing.get_untracked() || e.checks_while_running();
                let done = e.experiment();
                (
                    if meaningful || done.is_done() {
                        done.checks()
                    } else {
                        Vec::new()
                    },
                    L::references(e),
                )
            });
            if let Some((c, r)) = fresh {
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
