//! The demo shell: everything a lab's page has that is not the lab's own — the opening
//! scenario from the link, a preset or the default; the address bar kept in step with the
//! run; the intro and preset picker; the main figure with its view settings; run
//! controls and keys; the editor generated from core's form tables; Share and Embed;
//! Export and Import; the Verify panel; the explanation. A lab implements [`Lab`]: how to
//! build its experiment and its own panels, nothing else.

mod demo;
mod editor;
pub mod explain;
mod figure;
mod intro;
pub mod opening;
mod transfer;
mod verify;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::presets::Preset;
use playground_core::split::{Role, Shard};
use playground_figure::{Figure, FigureInput, default_figure};

pub use demo::{Demo, PanelChoice, STANDARD_PANELS, ViewOption};
pub use figure::{view_control, view_drawing};
pub use opening::Notice;

use crate::app::UiState;
use crate::components::keys::{self, KeyActions, KeysHelp};
use crate::components::run_controls::RunControls;
use crate::components::share::SharePanel;
use crate::components::verify::Reference;
use crate::demos::DEMOS;
use crate::platform::{dom, url};
use crate::runner::{Live, Runner, Snapshot};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A lab: a kind of Scenario, the experiment that runs it, and its own panels.
#[allow(async_fn_in_trait)] // driven on one thread by `spawn_local`: no Send bound wanted
pub trait Lab: Sized + 'static {
    const DEMO: &'static Demo;
    type Exp: Live;

    /// Whether a run of `scenario` would compute on WebGPU where it can: in a browser that
    /// offers WebGPU to pages but not to workers, such a run computes on the page rather
    /// than on the CPU in a worker.
    fn wants_webgpu(_scenario: &Scenario) -> bool {
        false
    }

    /// What its own panels draw beyond the series and finals: copied out of the
    /// experiment with the frames of the run (in the worker), so keep it small.
    type View: Clone + Default + Serialize + DeserializeOwned + 'static;

    /// Fetch what a run of `scenario` needs and the bundle does not carry (π_ref's
    /// weights for the Tiny-LM lab), before [`Lab::build`]; called where the run will be.
    async fn prepare(_scenario: &Scenario) -> Result<(), String> {
        Ok(())
    }

    /// A fresh run of a (validated) scenario of this lab's kind.
    fn build(scenario: &Scenario) -> Result<Self::Exp, String>;

    /// The share of a run of `scenario` that a helper worker steps, for labs whose runs
    /// split over workers (see `runner::crew`); only those labs' runs hire helpers.
    fn share(scenario: &Scenario, _role: Role) -> Result<Box<dyn Shard>, String> {
        Err(format!("{} runs cannot be split", scenario.kind()))
    }

    /// What the lab's own controls ask of its run, between steps (the transformer's
    /// backend switch and its samples), and what they get back; `()` for labs without.
    type Command: Serialize + DeserializeOwned + 'static;
    type Reply: Serialize + DeserializeOwned + 'static;

    /// Do `command` on the run, where it is (see [`crate::runner::Runner::command`]).
    async fn command(_exp: &mut Self::Exp, _command: Self::Command) -> Result<Self::Reply, String> {
        Err(format!("{} takes no commands", Self::DEMO.title))
    }

    /// The view of a run of `scenario` now, for the page's view settings (`ui.` flags
    /// without the prefix: the learner or diagnostic a panel shows).
    fn view(exp: &Self::Exp, scenario: &Scenario, settings: &[(String, String)]) -> Self::View;

    /// The panels under the main figure.
    fn panels(shell: Shell<Self>) -> AnyView;

    /// A line under the main figure.
    fn caption(shell: Shell<Self>) -> AnyView;

    /// The plain-language explanation at the bottom of the page.
    fn explanation(shell: Shell<Self>) -> AnyView;

    /// Controls beside the run controls (the transformer's CPU/WebGPU switch).
    fn controls(_shell: Shell<Self>) -> AnyView {
        ().into_any()
    }

    /// Panels at the top of the side column (the gridworld's map editor).
    fn side(_shell: Shell<Self>) -> AnyView {
        ().into_any()
    }

    /// Reference values shown beside the Verify checks (a bound's constant); computed
    /// where the experiment runs, with the checks.
    fn references(_exp: &Self::Exp) -> Vec<Reference> {
        Vec::new()
    }

    /// The main figure; by default the kind's default figure (the CLI draws the same).
    fn figure(
        scenario: &Scenario,
        run: &Snapshot<Self::View>,
        view: &[(String, String)],
    ) -> Result<Figure, String> {
        default_figure(&FigureInput {
            scenario,
            series: &run.series,
            finals: &run.finals,
            view,
        })
    }

    /// Called once the page is up (the transformer moves to the GPU here).
    fn started(_shell: Shell<Self>) {}
}

/// The view setting `key` (as a lab's view gets them) as an index below `len`: 0 when
/// absent or not a number.
pub fn setting_index(settings: &[(String, String)], key: &str, len: usize) -> usize {
    settings
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(len.saturating_sub(1))
}

/// The view setting `key` as a number: `default` when absent or not a finite number.
pub fn setting_f64(settings: &[(String, String)], key: &str, default: f64) -> f64 {
    settings
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse::<f64>().ok())
        .filter(|x| x.is_finite())
        .unwrap_or(default)
}

/// What every part of a page shares that does not depend on its lab's experiment: the
/// scenario and where it came from, the view settings, the message. Not generic, so the
/// shell's larger parts (editor, intro, export panel) exist once in the bundle.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub demo: &'static Demo,
    pub scenario: RwSignal<Scenario>,
    /// The preset the scenario came from, until the user edits it.
    pub preset: RwSignal<Option<&'static Preset>>,
    /// The figure's view settings (`ui.` flags without the prefix).
    pub view: RwSignal<Vec<(String, String)>>,
    /// A page-level message (a bad link or import, a run that stopped).
    pub notice: RwSignal<Option<Notice>>,
}

impl Page {
    /// Make this the scenario (the run restarts); a preset also brings its view.
    pub fn apply(&self, s: Scenario, from: Option<&'static Preset>) {
        if let Some(p) = from {
            self.view.set(opening::view_flags("", Some(p)));
        }
        self.preset.set(from);
        self.scenario.set(s);
    }

    /// A view setting (tracked).
    pub fn flag(&self, key: &str) -> Option<String> {
        self.view
            .with(|v| v.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    pub fn set_flag(&self, key: &str, value: Option<String>) {
        self.view.update(|v| {
            v.retain(|(k, _)| k != key);
            if let Some(value) = value {
                v.push((key.to_string(), value));
            }
        });
    }

    /// Scenario plus view settings, as a query string: what a shared link holds.
    pub fn query(&self) -> String {
        let mut q = self.scenario.with(Scenario::to_query);
        for (k, v) in self.view.get() {
            q += &format!("&ui.{k}={v}");
        }
        q
    }
}

/// A lab's page: its [`Page`] and the runner of its experiment; cheap to copy into
/// closures. Dereferences to the page, so `shell.scenario` and `shell.flag(…)` read as
/// they say.
pub struct Shell<L: Lab> {
    pub page: Page,
    pub runner: Runner<L>,
}

impl<L: Lab> std::ops::Deref for Shell<L> {
    type Target = Page;

    fn deref(&self) -> &Page {
        &self.page
    }
}

impl<L: Lab> std::fmt::Debug for Shell<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shell")
            .field("demo", &L::DEMO.title)
            .field("runner", &self.runner)
            .finish_non_exhaustive()
    }
}

impl<L: Lab> Clone for Shell<L> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<L: Lab> Copy for Shell<L> {}

impl<L: Lab> Shell<L> {
    /// Restart the run from the scenario as it is (same seed: the same run again).
    pub fn reset(&self) {
        self.scenario.with_untracked(|s| self.runner.start(s));
    }
}

/// A lab's page (the route's view: `demo_page::<BanditLab>`).
pub fn demo_page<L: Lab>() -> impl IntoView {
    let ui = expect_context::<UiState>();
    let query = url::query();
    let open = opening::opening(&query, L::DEMO, DEMOS);
    let autoplay = !opening::ui_flags(&query)
        .iter()
        .any(|(k, v)| k == "autoplay" && v == "0");
    let notice = RwSignal::new(None::<Notice>);
    let error = RwSignal::new(None::<String>);
    notice.set(open.notice.clone());
    let settings = opening::view_flags(&query, open.preset);
    let runner = Runner::new(&open.scenario, settings.clone(), autoplay, error);
    let shell = Shell::<L> {
        page: Page {
            demo: L::DEMO,
            view: RwSignal::new(settings),
            scenario: RwSignal::new(open.scenario),
            preset: RwSignal::new(open.preset),
            notice,
        },
        runner,
    };
    provide_context(shell);
    provide_context(shell.page);
    // A run that stopped says why, in the page's message area, with a Reset button.
    Effect::new(move |_| {
        if let Some(why) = error.get() {
            notice.set(Some(Notice::stopped(why)));
        }
    });
    // A new scenario restarts the run; the first pass of this effect is the initial run.
    Effect::new(move |first: Option<()>| {
        shell.scenario.track();
        if first.is_some() {
            shell.reset();
            shell.runner.playing.set(true);
        }
    });
    // The lab's view follows the view settings (the learner or diagnostic a panel shows).
    Effect::new(move |_| shell.runner.set_settings(shell.view.get()));
    sync_address_bar(shell);
    let reseed = Callback::new(move |_| {
        let seed = dom::random_seed();
        shell.scenario.update(|s| *s = s.with_seed(seed));
    });
    let reset = Callback::new(move |_| {
        notice.set(None);
        shell.reset();
    });
    keys::install(KeyActions {
        toggle: Callback::new(move |_| shell.runner.toggle()),
        step: Callback::new(move |_| shell.runner.step_once()),
        reset,
    });
    L::started(shell);
    let shown = move |panel: &'static str| !ui.hides(panel);
    let share_query = Signal::derive(move || shell.query());
    view! {
        <div class=format!("demo {}", L::DEMO.kind)>
            {intro::intro(shell.page)}
            {intro::message_area(shell.page, reset)}
            <div class="layout">
                <div class="main-col">
                    {figure::main_figure::<L>()}
                    <Show when=move || shown("controls")>
                        <RunControls runner=shell.runner on_reset=reset on_reseed=reseed/>
                        {L::controls(shell)}
                    </Show>
                    {L::panels(shell)}
                </div>
                <aside class="side-col">
                    {L::side(shell)}
                    <Show when=move || shown("editor")>
                        {editor::editor(shell.page)}
                    </Show>
                    <Show when=move || !ui.embed>
                        <SharePanel path=L::DEMO.path query=share_query panels=L::DEMO.all_panels()/>
                        {transfer::transfer_panel(shell.page, transfer::exporter(shell))}
                    </Show>
                    <Show when=move || shown("verify")>
                        {verify::verify(verify::Source {
                            refresh: Callback::new(move |()| shell.runner.refresh_checks()),
                            checks: shell.runner.checks,
                            slow_version: shell.runner.slow_version,
                            playing: shell.runner.playing,
                        })}
                    </Show>
                </aside>
            </div>
            <Show when=move || shown("explain")>
                {L::explanation(shell)}
            </Show>
            <KeysHelp/>
        </div>
    }
}

/// The address bar always reproduces the run on screen, and keeps the page's flags.
fn sync_address_bar<L: Lab>(shell: Shell<L>) {
    Effect::new(move |_| {
        let mut q = shell.query();
        for (k, v) in opening::ui_flags(&url::query()) {
            if opening::PAGE_FLAGS.contains(&k.as_str()) {
                q += &format!("&ui.{k}={v}");
            }
        }
        url::replace_query(L::DEMO.path, &q);
    });
}
