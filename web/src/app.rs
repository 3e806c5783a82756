//! The app shell: routes, header, theme, presenter mode and the page-wide UI state.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use playground_figure::Theme;

use crate::demos::DEMOS;
use crate::labs;
use crate::pages::{Home, NotFound};
use crate::platform::{dom, gpu, url};
use crate::shell::opening::ui_flags;

/// Page-wide state every component may read.
#[derive(Clone, Copy, Debug)]
pub struct UiState {
    pub dark: RwSignal<bool>,
    pub presenter: RwSignal<bool>,
    /// Embedded in another page (`ui.embed=1`): no site header or footer.
    pub embed: bool,
    /// Panels hidden by the link (`ui.hide=editor,verify`).
    pub hidden: StoredValue<Vec<String>>,
    pub gpu: RwSignal<gpu::GpuStatus>,
    /// The keyboard-help overlay.
    pub show_keys: RwSignal<bool>,
}

impl UiState {
    fn from_url() -> Self {
        let flags = ui_flags(&url::query());
        let flag = |name: &str| {
            flags
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let dark = match flag("theme").or_else(|| dom::stored("theme")).as_deref() {
            Some("dark") => true,
            Some("light") => false,
            _ => dom::prefers_dark(),
        };
        let hidden = flag("hide")
            .map(|h| h.split(',').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default();
        UiState {
            dark: RwSignal::new(dark),
            presenter: RwSignal::new(flag("present").as_deref() == Some("1")),
            embed: flag("embed").as_deref() == Some("1"),
            hidden: StoredValue::new(hidden),
            gpu: RwSignal::new(gpu::GpuStatus::Checking),
            show_keys: RwSignal::new(false),
        }
    }

    /// Whether the link hid a panel.
    pub fn hides(&self, panel: &str) -> bool {
        self.hidden.with_value(|h| h.iter().any(|p| p == panel))
    }

    /// The figure colours for the current theme (tracked).
    pub fn figure_theme(&self) -> Theme {
        if self.dark.get() {
            Theme::DARK
        } else {
            Theme::LIGHT
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    let ui = UiState::from_url();
    provide_context(ui);
    leptos::task::spawn_local(async move { ui.gpu.set(gpu::detect().await) });
    // Theme and presenter mode are classes on <body>, so CSS does the rest.
    Effect::new(move |_| {
        let body = document().body().expect("a body");
        let classes = body.class_list();
        let _ = classes.toggle_with_force("dark", ui.dark.get());
        let _ = classes.toggle_with_force("presenter", ui.presenter.get());
        let _ = classes.toggle_with_force("embed", ui.embed);
    });
    view! {
        <Router>
            <Show when=move || !ui.embed>
                <Header/>
            </Show>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/*any") view=Held/>
                </Routes>
            </main>
            <Show when=move || !ui.embed>
                <Footer/>
            </Show>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let ui = expect_context::<UiState>();
    let toggle_theme = move |_| {
        ui.dark.update(|d| *d = !*d);
        dom::store(
            "theme",
            if ui.dark.get_untracked() {
                "dark"
            } else {
                "light"
            },
        );
    };
    view! {
        <header class="site">
            <a class="skip" href="#main">"Skip to content"</a>
            <A href="/" attr:class="brand">"Policy Playground"</A>
            <nav aria-label="Demos">
                {DEMOS.iter().map(|d| labs::link(d.path.into(), "", d.nav)).collect_view()}
            </nav>
            <span class="spacer"></span>
            <GpuBadge/>
            <button class="ghost" on:click=toggle_theme aria-label="Switch light or dark theme">
                {move || if ui.dark.get() { "☀ Light" } else { "☾ Dark" }}
            </button>
            <button
                class="ghost"
                on:click=move |_| ui.presenter.update(|p| *p = !*p)
                aria-pressed=move || ui.presenter.get().to_string()
                title="Large type and high contrast for a lecture hall (f: fullscreen)"
            >
                "Presenter"
            </button>
        </header>
    }
}

/// The page at this path, if this module holds it (`labs`).
#[component]
fn Held() -> impl IntoView {
    let path = use_location().pathname;
    let page = Memo::new(move |_| labs::page_at(&path.get()));
    move || match page.get() {
        Some(page) => page(),
        None => NotFound().into_any(),
    }
}

/// Says whether neural demos can use the GPU, and why not when they cannot.
#[component]
pub fn GpuBadge() -> impl IntoView {
    let ui = expect_context::<UiState>();
    view! {
        <span
            class=move || if ui.gpu.get().available() { "badge gpu ok" } else { "badge gpu" }
            title=move || ui.gpu.get().explain()
            data-testid="gpu-badge"
        >
            {move || ui.gpu.get().badge()}
        </span>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="site">
            <p>
                "Every curve is computed live in your browser by the real algorithm, and each demo's "
                <em>"Verify"</em>
                " panel checks its numbers against an exact answer. Works offline once loaded."
            </p>
        </footer>
    }
}
