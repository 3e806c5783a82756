//! The Bandit Arena page: state, URL sync and layout. The maths lives in
//! `playground_core::bandit`; this module only wires it to the screen.

mod editor;
mod explain;
mod figures;
mod transfer;

use leptos::prelude::*;
use playground_core::bandit::BanditExperiment;
use playground_core::presets::{self, BANDIT_PRESETS, Preset};
use playground_core::scenario::BanditScenario;
use playground_core::{Experiment, Scenario};

use crate::app::UiState;
use crate::components::keys::{self, KeyActions, KeysHelp};
use crate::components::run_controls::RunControls;
use crate::components::share::SharePanel;
use crate::components::verify::{Reference, VerifyPanel};
use crate::platform::{dom, url};
use crate::runner::Runner;

const PATH: &str = "/bandits";
const DEFAULT_PRESET: &str = "testbed-four";

/// Panels an embed may keep; their ids are the `ui.hide` names.
const PANELS: &[(&str, &str)] = &[
    ("controls", "run controls"),
    ("editor", "scenario editor"),
    ("pulls", "pulls per arm"),
    ("posterior", "posterior animation"),
    ("verify", "Verify panel"),
    ("explain", "explanation"),
];

/// Everything the arena's panels share.
#[derive(Clone, Copy)]
pub struct Arena {
    pub scenario: RwSignal<BanditScenario>,
    /// The preset the scenario came from, until the user edits it.
    pub preset: RwSignal<Option<&'static Preset>>,
    pub runner: Runner<BanditExperiment>,
    pub metric: RwSignal<&'static str>,
    pub log_x: RwSignal<bool>,
    /// A page-level message (a bad link or import), shown until dismissed.
    pub message: RwSignal<Option<String>>,
}

impl Arena {
    /// Make this scenario the current one (resets the run).
    pub fn apply(&self, s: BanditScenario, from_preset: Option<&'static Preset>) {
        self.preset.set(from_preset);
        if let Some(p) = from_preset {
            self.metric.set(metric_name(p.plot.metric));
            self.log_x.set(p.plot.log_x);
        }
        self.scenario.set(s);
    }
}

/// The `&'static str` of a metric name (signals hold static names).
fn metric_name(m: &str) -> &'static str {
    use playground_core::bandit::{AVG_REWARD, PCT_OPTIMAL, REGRET};
    [AVG_REWARD, PCT_OPTIMAL, REGRET]
        .into_iter()
        .find(|x| *x == m)
        .unwrap_or(REGRET)
}

fn bandit_of(s: Scenario) -> Option<BanditScenario> {
    match s {
        Scenario::Bandit(b) => Some(b),
        _ => None,
    }
}

/// The scenario the page opens with: the link's, a named preset, or the default; plus a
/// message when the link could not be read.
fn initial() -> (BanditScenario, Option<&'static Preset>, Option<String>) {
    let query = url::query();
    let default = presets::find(DEFAULT_PRESET).expect("default preset");
    let fallback = |msg: String| {
        (
            bandit_of(default.scenario()).expect("bandit"),
            Some(default),
            Some(msg),
        )
    };
    if url::has_scenario(&query) {
        return match Scenario::from_query(&query).map(bandit_of) {
            Ok(Some(b)) => (b, None, None),
            Ok(None) => fallback(
                "This link is for another demo; showing the Bandit Arena's default.".into(),
            ),
            Err(e) => fallback(format!(
                "This link's scenario could not be used ({e}). Showing the default instead."
            )),
        };
    }
    match url::plain_value(&query, "preset") {
        Some(name) => match presets::find(&name) {
            Some(p) => (
                bandit_of(p.scenario()).expect("bandit preset"),
                Some(p),
                None,
            ),
            None => fallback(format!(
                "There is no preset named “{name}”; showing the default."
            )),
        },
        None => (
            bandit_of(default.scenario()).expect("bandit"),
            Some(default),
            None,
        ),
    }
}

#[component]
pub fn BanditArena() -> impl IntoView {
    let ui = expect_context::<UiState>();
    let (scenario, preset, message) = initial();
    let flags = url::ui_flags(&url::query());
    let flag = |name: &str| {
        flags
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let autoplay = flag("autoplay").as_deref() != Some("0");
    let arena = Arena {
        runner: Runner::new(BanditExperiment::new(scenario.clone()), autoplay),
        scenario: RwSignal::new(scenario),
        preset: RwSignal::new(preset),
        metric: RwSignal::new(metric_name(
            &flag("metric")
                .unwrap_or_else(|| preset.map_or("regret", |p| p.plot.metric).to_string()),
        )),
        log_x: RwSignal::new(
            flag("logx").map_or(preset.is_some_and(|p| p.plot.log_x), |v| v == "1"),
        ),
        message: RwSignal::new(message),
    };
    provide_context(arena);

    // A new scenario restarts the run; the first run of this effect is the initial one.
    Effect::new(move |first: Option<()>| {
        let s = arena.scenario.get();
        if first.is_some() {
            arena.runner.replace(BanditExperiment::new(s));
            arena.runner.playing.set(true);
        }
    });
    let view_query = Signal::derive(move || view_query(&arena));
    // The address bar always reproduces the run on screen (and keeps embed flags).
    Effect::new(move |_| {
        let mut q = view_query.get();
        for (k, v) in url::ui_flags(&url::query()) {
            if ["embed", "hide", "theme", "present", "autoplay"].contains(&k.as_str()) {
                q += &format!("&ui.{k}={v}");
            }
        }
        url::replace_query(PATH, &q);
    });

    let reset = Callback::new(move |_| {
        arena
            .runner
            .replace(BanditExperiment::new(arena.scenario.get_untracked()))
    });
    let reseed = Callback::new(move |_| arena.scenario.update(|s| s.seed = dom::random_seed()));
    keys::install(KeyActions {
        toggle: Callback::new(move |_| arena.runner.toggle()),
        step: Callback::new(move |_| arena.runner.step_once()),
        reset,
    });

    let shown = move |panel: &'static str| !ui.hides(panel);
    view! {
        <div class="demo bandit">
            <Intro/>
            <Message/>
            <div class="layout">
                <div class="main-col">
                    <figures::MetricPanel/>
                    <Show when=move || shown("controls")>
                        <RunControls runner=arena.runner on_reset=reset on_reseed=reseed/>
                    </Show>
                    <div class="row">
                        <Show when=move || shown("pulls")>
                            <figures::PullsPanel/>
                        </Show>
                        <Show when=move || shown("posterior")>
                            <figures::PosteriorPanel/>
                        </Show>
                    </div>
                </div>
                <aside class="side-col">
                    <Show when=move || shown("editor")>
                        <editor::Editor/>
                    </Show>
                    <Show when=move || !ui.embed>
                        <SharePanel path=PATH query=view_query panels=PANELS/>
                        <transfer::TransferPanel/>
                    </Show>
                    <Show when=move || shown("verify")>
                        <Verify/>
                    </Show>
                </aside>
            </div>
            <Show when=move || shown("explain")>
                <explain::Explanation/>
            </Show>
            <KeysHelp/>
        </div>
    }
}

/// Scenario plus the figure's view settings, as a query string.
fn view_query(arena: &Arena) -> String {
    let s = Scenario::Bandit(arena.scenario.get());
    let mut q = s.to_query();
    q += &format!("&ui.metric={}", arena.metric.get());
    if arena.log_x.get() {
        q += "&ui.logx=1";
    }
    q
}

#[component]
fn Intro() -> impl IntoView {
    let arena = expect_context::<Arena>();
    let ui = expect_context::<UiState>();
    let choose = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        if let Some(p) = presets::find(&name)
            && let Some(b) = bandit_of(p.scenario())
        {
            arena.apply(b, Some(p));
            arena.runner.playing.set(true);
        }
    };
    view! {
        <section class="intro" class:compact=move || ui.embed>
            <Show when=move || !ui.embed>
                <h1>"Bandit Arena"</h1>
                <p class="lede">
                    "A slot machine with k arms, each paying out at its own hidden rate. Every \
                     algorithm below must trade " <em>"exploring"</em> " (trying arms to learn \
                     their rates) against " <em>"exploiting"</em> " (pulling the arm that looks \
                     best). All of them face the same arms, averaged over many independent runs."
                </p>
            </Show>
            <div class="preset-row">
                <label for="preset">"Scenario "</label>
                <select id="preset" on:change=choose data-testid="preset">
                    <option value="" selected=move || arena.preset.get().is_none()>"(your own)"</option>
                    {BANDIT_PRESETS
                        .iter()
                        .map(|p| {
                            view! {
                                <option value=p.name selected=move || arena.preset.get().is_some_and(|q| q.name == p.name)>
                                    {p.title}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            {move || {
                arena.preset.get().map(|p| {
                    view! {
                        <div class="notice" data-testid="notice">
                            <p>{p.summary}</p>
                            <p><strong>"What should I notice? "</strong>{p.notice}</p>
                        </div>
                    }
                })
            }}
        </section>
    }
}

#[component]
fn Message() -> impl IntoView {
    let arena = expect_context::<Arena>();
    view! {
        {move || {
            arena.message.get().map(|m| {
                view! {
                    <div class="message" role="alert" data-testid="message">
                        <p>{m}</p>
                        <button class="ghost" on:click=move |_| arena.message.set(None) aria-label="Dismiss">"×"</button>
                    </div>
                }
            })
        }}
    }
}

/// Checks are recomputed at most once a second while running (some integrate
/// numerically), in an idle callback of their own so they never lengthen a frame.
#[component]
fn Verify() -> impl IntoView {
    let arena = expect_context::<Arena>();
    let last = StoredValue::new_local(f64::NEG_INFINITY);
    let pending = StoredValue::new_local(false);
    let checks = RwSignal::new(Vec::new());
    let references = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        arena.runner.slow_version.track();
        let playing = arena.runner.playing.get();
        let now = dom::now_ms();
        if pending.get_value() || (playing && now - last.get_value() < 1000.0) {
            return;
        }
        pending.set_value(true);
        request_idle_callback(move || {
            pending.set_value(false);
            last.set_value(dom::now_ms());
            arena.runner.with(|e| {
                checks.set(e.checks());
                references.set(reference_rows(e));
            });
        });
    });
    view! { <VerifyPanel checks=checks references=references/> }
}

fn reference_rows(e: &BanditExperiment) -> Vec<Reference> {
    let mut rows = Vec::new();
    if let Some(c) = e.lai_robbins() {
        rows.push(Reference {
            name: "Lai–Robbins lower bound".into(),
            detail: format!(
                "C = Σ Δₐ / KL(arm a ‖ best arm) = {c:.3}: no consistent algorithm's regret grows \
                 slower than C·ln t (the dashed line on the regret plot). Finite-horizon curves may \
                 sit below it; the bound is about the slope as t → ∞."
            ),
        });
    }
    rows
}
