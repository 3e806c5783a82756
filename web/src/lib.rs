//! Policy Playground's web app: a Leptos single-page app. All maths lives in the crates;
//! this crate wires it to the screen (see ARCHITECTURE.md).
//!
//! - [`shell`]: the demo shell every lab plugs into (opening scenario, link, intro, run
//!   controls, editor, share, export/import, Verify, keys), and the [`shell::Lab`] trait.
//! - [`runner`]: the one run loop that drives every lab's experiment, in a Web Worker or
//!   on the page; [`worker`]: the worker's side.
//! - [`demos`]: the labs, each only its own panels and figures; [`labs`]: which of them
//!   this wasm module holds (each lab's page is a module of its own in the built site).
//! - [`components`], [`platform`]: shared widgets and thin browser wrappers.

pub mod app;
pub mod components;
pub mod demos;
pub mod labs;
pub mod pages;
pub mod platform;
pub mod runner;
pub mod shell;
pub mod worker;

/// Start the app holding `contents` (the module's labs): mount it on the page's body. In
/// the compute worker (no window) the module only loads; `worker::worker_main` starts it
/// there, with the same labs.
pub fn start(contents: &'static labs::Contents) {
    labs::hold(contents);
    if web_sys::window().is_none() {
        return;
    }
    console_error_panic_hook::set_once();
    platform::dom::register_service_worker();
    // Before the router reads the path.
    platform::url::drop_trailing_slash();
    leptos::mount::mount_to_body(app::App);
}

// The unit tests run in headless Chromium (scripts/test.sh), beside the browser tests.
#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
