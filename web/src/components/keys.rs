//! Keyboard control for presenters: space play/pause, → step, r reset, f fullscreen,
//! ? shows the keys, Esc closes the help.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::UiState;
use crate::platform::dom;

/// What the keys do on this page.
#[derive(Clone, Copy, Debug)]
pub struct KeyActions {
    pub toggle: Callback<()>,
    pub step: Callback<()>,
    pub reset: Callback<()>,
}

/// Listen for the presenter keys while the calling component lives.
pub fn install(actions: KeyActions) {
    let ui = expect_context::<UiState>();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if typing_in_a_field(&ev) || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let handled = match ev.key().as_str() {
            " " => {
                actions.toggle.run(());
                true
            }
            "ArrowRight" => {
                actions.step.run(());
                true
            }
            "r" | "R" => {
                actions.reset.run(());
                true
            }
            "f" | "F" => {
                dom::toggle_fullscreen();
                true
            }
            "?" => {
                ui.show_keys.update(|s| *s = !*s);
                true
            }
            "Escape" => {
                ui.show_keys.set(false);
                false
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

/// Keys typed into inputs belong to the inputs.
fn typing_in_a_field(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el.has_attribute("contenteditable")
}

/// The overlay listing the keys.
#[component]
pub fn KeysHelp() -> impl IntoView {
    let ui = expect_context::<UiState>();
    view! {
        <Show when=move || ui.show_keys.get()>
            <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="keys-title" data-testid="keys-help"
                on:click=move |_| ui.show_keys.set(false)>
                <div class="card keys">
                    <h2 id="keys-title">"Keyboard"</h2>
                    <dl>
                        <dt><kbd>"space"</kbd></dt><dd>"play / pause"</dd>
                        <dt><kbd>"→"</kbd></dt><dd>"one step"</dd>
                        <dt><kbd>"r"</kbd></dt><dd>"reset (same seed: the run repeats exactly)"</dd>
                        <dt><kbd>"f"</kbd></dt><dd>"fullscreen"</dd>
                        <dt><kbd>"?"</kbd></dt><dd>"show or hide this help"</dd>
                    </dl>
                    <p class="muted">"Click anywhere or press Esc to close."</p>
                </div>
            </div>
        </Show>
    }
}
