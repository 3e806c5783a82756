//! Policy Playground's web app: a Leptos single-page app. All maths lives in the crates;
//! this crate wires it to the screen (see ARCHITECTURE.md).

mod app;
mod components;
mod demos;
mod pages;
mod platform;
mod runner;

fn main() {
    console_error_panic_hook::set_once();
    platform::dom::register_service_worker();
    leptos::mount::mount_to_body(app::App);
}
