//! "Watch a transformer learn": a tiny transformer trains live on text from a known Markov
//! chain, on WebGPU or the CPU. The maths is `playground_nn::lm_experiment`; this module
//! wires it to the screen. `driver` owns the experiment; panels read published copies.

mod driver;
mod model;
mod panels;

use leptos::prelude::*;
use playground_core::presets::{self, Preset, TRANSFORMER_PRESETS};
use playground_core::scenario::LmScenario;
use playground_core::{Check, Scenario, Series};
use playground_nn::lm_inspect::AttentionMap;

use crate::app::UiState;
use crate::components::keys::{self, KeyActions, KeysHelp};
use crate::components::share::SharePanel;
use crate::components::verify::VerifyPanel;
use crate::platform::{dom, url};
use model::BackendKind;

const PATH: &str = "/transformer";
const DEFAULT_PRESET: &str = "tiny-transformer";
const PANELS: &[(&str, &str)] = &[
    ("controls", "run controls"),
    ("samples", "samples"),
    ("attention", "attention map"),
    ("editor", "scenario editor"),
    ("verify", "Verify panel"),
    ("explain", "explanation"),
];

/// What the driver asks of the experiment, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Step,
    Reset,
    SwitchTo(BackendKind),
}

/// Text sampled at a step: from the model, and from the true chain.
#[derive(Clone, Debug, PartialEq)]
pub struct Samples {
    pub step: usize,
    pub model: Vec<u32>,
    pub chain: Vec<u32>,
}

/// Everything the page shows, published by the driver; plus the user's controls.
#[derive(Clone, Copy)]
pub struct Lab {
    pub scenario: RwSignal<LmScenario>,
    pub preset: RwSignal<Option<&'static Preset>>,
    pub playing: RwSignal<bool>,
    pub t: RwSignal<usize>,
    pub series: RwSignal<Series>,
    pub entropy_rate: RwSignal<f64>,
    pub backend: RwSignal<BackendKind>,
    pub device: RwSignal<String>,
    pub params: RwSignal<usize>,
    pub steps_per_s: RwSignal<f64>,
    pub samples: RwSignal<Option<Samples>>,
    pub attention: RwSignal<Option<AttentionMap>>,
    pub checks: RwSignal<Vec<Check>>,
    /// Why training stopped, or another problem to show.
    pub error: RwSignal<Option<String>>,
    /// Something worth knowing that is not a problem (e.g. a software GPU).
    pub note: RwSignal<Option<String>>,
    /// A long action in progress (moving between backends).
    pub busy: RwSignal<Option<String>>,
    commands: StoredValue<Vec<Command>>,
}

impl Lab {
    fn new(scenario: LmScenario, preset: Option<&'static Preset>, autoplay: bool) -> Self {
        Lab {
            scenario: RwSignal::new(scenario),
            preset: RwSignal::new(preset),
            playing: RwSignal::new(autoplay),
            t: RwSignal::new(0),
            series: RwSignal::new(Series::default()),
            entropy_rate: RwSignal::new(0.0),
            backend: RwSignal::new(BackendKind::Cpu),
            device: RwSignal::new(String::new()),
            params: RwSignal::new(0),
            steps_per_s: RwSignal::new(0.0),
            samples: RwSignal::new(None),
            attention: RwSignal::new(None),
            checks: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            note: RwSignal::new(None),
            busy: RwSignal::new(None),
            commands: StoredValue::new(Vec::new()),
        }
    }

    pub fn send(&self, c: Command) {
        self.commands.update_value(|q| q.push(c));
    }

    fn take_commands(&self) -> Vec<Command> {
        self.commands
            .try_update_value(std::mem::take)
            .unwrap_or_default()
    }

    /// Make this the scenario (restarts the run).
    pub fn apply(&self, s: LmScenario, from: Option<&'static Preset>) {
        self.preset.set(from);
        self.error.set(None);
        self.scenario.set(s);
    }

    pub fn horizon(&self) -> usize {
        self.scenario.with(|s| s.steps)
    }
}

pub(crate) fn lm_of(s: Scenario) -> Option<LmScenario> {
    match s {
        Scenario::Transformer(lm) => Some(lm),
        _ => None,
    }
}

/// The link's scenario, a named preset, or the default; plus a message for a bad link.
fn initial() -> (LmScenario, Option<&'static Preset>, Option<String>) {
    let query = url::query();
    let default = presets::find(DEFAULT_PRESET).expect("default preset");
    let default_lm = || lm_of(default.scenario()).expect("transformer preset");
    if url::has_scenario(&query) {
        return match Scenario::from_query(&query).map(lm_of) {
            Ok(Some(lm)) => (lm, None, None),
            Ok(None) => (
                default_lm(),
                Some(default),
                Some("This link is for another demo; showing the default.".into()),
            ),
            Err(e) => (
                default_lm(),
                Some(default),
                Some(format!(
                    "This link's scenario could not be used ({e}). Showing the default instead."
                )),
            ),
        };
    }
    match url::plain_value(&query, "preset").and_then(|n| presets::find(&n)) {
        Some(p) => match lm_of(p.scenario()) {
            Some(lm) => (lm, Some(p), None),
            None => (
                default_lm(),
                Some(default),
                Some("That preset belongs to another demo.".into()),
            ),
        },
        None => (default_lm(), Some(default), None),
    }
}

#[component]
pub fn TransformerLab() -> impl IntoView {
    let ui = expect_context::<UiState>();
    let (scenario, preset, message) = initial();
    let flags = url::ui_flags(&url::query());
    let autoplay = !flags.iter().any(|(k, v)| k == "autoplay" && v == "0");
    let lab = Lab::new(scenario, preset, autoplay);
    lab.error.set(message);
    provide_context(lab);
    driver::start(lab);

    // A new scenario is a new run; the first pass of this effect is the initial run.
    Effect::new(move |first: Option<()>| {
        lab.scenario.track();
        if first.is_some() {
            lab.send(Command::Reset);
            lab.playing.set(true);
        }
    });
    let query = Signal::derive(move || Scenario::Transformer(lab.scenario.get()).to_query());
    Effect::new(move |_| {
        let mut q = query.get();
        for (k, v) in url::ui_flags(&url::query()) {
            if ["embed", "hide", "theme", "present", "autoplay"].contains(&k.as_str()) {
                q += &format!("&ui.{k}={v}");
            }
        }
        url::replace_query(PATH, &q);
    });
    let reset = Callback::new(move |_| {
        lab.error.set(None);
        lab.send(Command::Reset);
    });
    let reseed = Callback::new(move |_| lab.scenario.update(|s| s.seed = dom::random_seed()));
    keys::install(KeyActions {
        toggle: Callback::new(move |_| lab.playing.update(|p| *p = !*p)),
        step: Callback::new(move |_| lab.send(Command::Step)),
        reset,
    });
    let shown = move |panel: &'static str| !ui.hides(panel);
    view! {
        <div class="demo transformer">
            <Intro/>
            <Notices/>
            <div class="layout">
                <div class="main-col">
                    <panels::LossPanel/>
                    <Show when=move || shown("controls")>
                        <panels::Controls on_reset=reset on_reseed=reseed/>
                    </Show>
                    <div class="row">
                        <Show when=move || shown("samples")>
                            <panels::SamplesPanel/>
                        </Show>
                        <Show when=move || shown("attention")>
                            <panels::AttentionPanel/>
                        </Show>
                    </div>
                </div>
                <aside class="side-col">
                    <Show when=move || shown("editor")>
                        <panels::Editor/>
                    </Show>
                    <Show when=move || !ui.embed>
                        <SharePanel path=PATH query=query panels=PANELS/>
                    </Show>
                    <Show when=move || shown("verify")>
                        <VerifyPanel checks=lab.checks references=Signal::derive(Vec::new)
                            empty="The checks run when training pauses or finishes."/>
                    </Show>
                </aside>
            </div>
            <Show when=move || shown("explain")>
                <panels::Explanation/>
            </Show>
            <KeysHelp/>
        </div>
    }
}

#[component]
fn Intro() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let ui = expect_context::<UiState>();
    let choose = move |ev: leptos::ev::Event| {
        if let Some(p) = presets::find(&event_target_value(&ev))
            && let Some(lm) = lm_of(p.scenario())
        {
            lab.apply(lm, Some(p));
        }
    };
    view! {
        <section class="intro" class:compact=move || ui.embed>
            <Show when=move || !ui.embed>
                <h1>"Watch a transformer learn"</h1>
                <p class="lede">
                    "A tiny transformer reads text produced by a known Markov chain and learns to \
                     predict the next token. Because we know the chain exactly, we know the best \
                     possible loss — its entropy rate — and can watch the model approach it."
                </p>
            </Show>
            <div class="preset-row">
                <label for="preset">"Scenario "</label>
                <select id="preset" on:change=choose data-testid="preset">
                    <option value="" selected=move || lab.preset.get().is_none()>"(your own)"</option>
                    {TRANSFORMER_PRESETS.iter().map(|p| view! {
                        <option value=p.name selected=move || lab.preset.get().is_some_and(|q| q.name == p.name)>{p.title}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || lab.preset.get().map(|p| view! {
                <div class="notice" data-testid="notice">
                    <p>{p.summary}</p>
                    <p><strong>"What should I notice? "</strong>{p.notice}</p>
                </div>
            })}
        </section>
    }
}

#[component]
fn Notices() -> impl IntoView {
    let lab = expect_context::<Lab>();
    view! {
        {move || lab.error.get().map(|m| view! {
            <div class="message" role="alert" data-testid="message">
                <p>{m}</p>
                <button class="ghost" on:click=move |_| lab.error.set(None) aria-label="Dismiss">"×"</button>
            </div>
        })}
        {move || lab.busy.get().map(|m| view! { <p class="notice" aria-live="polite">{m}</p> })}
    }
}
