//! The Tiny-LM Alignment Lab: a pretrained tiny transformer aligned live by DPO, IPO,
//! SimPO, KTO, online DPO, RLOO, GRPO and PPO, on WebGPU or the CPU, every curve held
//! against the exact frontier. The maths is `playground_lm::align`; this module adds the
//! lab's panels (samples, the per-position heatmap, pass@k) and runs the experiment
//! through the shared device module.

mod explain;
mod panels;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::scenario::LmBackend;
use playground_lm::align::learners::{
    FRAC_ZERO_STD, GOLD_EXACT, KL_ESTIMATE, KL_EXACT, PROXY_EXACT, REWARD_ESTIMATE,
};
use playground_lm::align::{AlignExperiment, model};
use playground_nn::{Backend, NnError};
use playground_pref::metrics::{LOGPS_CHOSEN, LOGPS_REJECTED, REWARDS_MARGINS};

use crate::demos::device::{self, DeviceRun, DeviceUi, OnBackend, Switch};
use crate::shell::{Demo, Lab, Shell, ViewOption};
use panels::AlignView;

pub const DEMO: Demo = Demo {
    kind: "lm-alignment",
    path: "/lm-alignment",
    title: "Tiny-LM Alignment Lab",
    nav: "Align an LM",
    lede: "A real (tiny) language model, pretrained on text from a known source, is aligned \
           in your browser by DPO, IPO, SimPO, KTO, online DPO, XPO, RLOO, GRPO, PPO, APA \
           and P3O. Its \
           responses are short enough to list every one, so the KL from the reference model \
           and the expected reward are exact at every step — and so is the best any policy \
           could do: the frontier.",
    blurb: "A pretrained tiny transformer aligned live by DPO, GRPO, PPO and friends, each \
            learner's path in the (KL, gold reward) plane held against the exact frontier.",
    highlights: &[
        "paths over the exact reward–KL frontier",
        "offline DPO vs online RL, side by side",
        "samples coloured by sentiment, a per-position heatmap",
        "WebGPU or CPU, switch mid-run",
    ],
    default_preset: "tiny-lm-alignment",
    panels: &[
        ("samples", "samples"),
        ("heatmap", "per-position heatmap"),
        ("table", "results table"),
    ],
    file_stem: "lm-alignment",
    view_options: &[
        ViewOption::Choice {
            key: "metric",
            label: "Figure",
            options: &[
                ("frontier", "gold vs KL"),
                ("proxy", "proxy vs gold"),
                (GOLD_EXACT, "gold by step"),
                (KL_EXACT, "KL by step"),
                (PROXY_EXACT, "proxy by step"),
                (LOGPS_CHOSEN, "logps/chosen"),
                (LOGPS_REJECTED, "logps/rejected"),
                (REWARDS_MARGINS, "rewards/margins"),
                (KL_ESTIMATE, "sampled KL"),
                (REWARD_ESTIMATE, "sampled reward"),
                (FRAC_ZERO_STD, "all-equal groups"),
                ("pretraining", "π_ref's pretraining"),
            ],
        },
        ViewOption::Learner {
            key: "learner",
            label: "Samples and heatmap of",
        },
    ],
};

/// The alignment run on any backend.
#[derive(Debug)]
pub struct Aligning;

impl OnBackend for Aligning {
    type On<B: Backend> = AlignExperiment<B>;

    async fn unit<B: Backend>(e: &mut AlignExperiment<B>) -> Result<(), NnError> {
        e.unit_async().await
    }

    async fn moved<B: Backend, B2: Backend>(
        e: &AlignExperiment<B>,
        to: B2,
    ) -> Result<AlignExperiment<B2>, NnError> {
        e.to_backend_async(to).await
    }

    fn backend<B: Backend>(e: &AlignExperiment<B>) -> &B {
        e.backend()
    }

    fn stopped<B: Backend>(e: &AlignExperiment<B>, error: &NnError) -> String {
        e.halted().map_or_else(|| error.to_string(), str::to_string)
    }

    fn tokens<B: Backend>(e: &AlignExperiment<B>) -> u64 {
        e.tokens()
    }
}

pub type AlignRun = DeviceRun<Aligning>;

/// Where the site serves π_ref's weights (web/index.html copies the file there).
const REFERENCE_URL: &str = "/reference.safetensors";

#[derive(Debug)]
pub struct AlignmentLab;

/// The backend an alignment scenario asks for.
fn backend_of(scenario: &Scenario) -> LmBackend {
    match scenario {
        Scenario::LmAlignment(a) => a.backend,
        _ => LmBackend::Cpu,
    }
}

impl Lab for AlignmentLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = AlignRun;

    fn wants_webgpu(scenario: &Scenario) -> bool {
        backend_of(scenario) != LmBackend::Cpu
    }
    /// The backend switch.
    type Command = Switch;
    type Reply = ();
    type View = AlignView;

    fn view(run: &AlignRun, _: &Scenario, settings: &[(String, String)]) -> AlignView {
        AlignView::of(run, settings)
    }

    async fn command(run: &mut AlignRun, Switch(kind): Switch) -> Result<(), String> {
        run.switch(kind).await
    }

    /// π_ref's weights are a file of the site, fetched once, when a run first needs them.
    async fn prepare(scenario: &Scenario) -> Result<(), String> {
        match scenario {
            Scenario::LmAlignment(a) if model::needs_shipped(a) => {
                let bytes = crate::platform::fetch::bytes(REFERENCE_URL).await?;
                model::provide_shipped(bytes);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn build(scenario: &Scenario) -> Result<AlignRun, String> {
        match scenario {
            Scenario::LmAlignment(a) => AlignExperiment::new(a.clone())
                .map(|e| DeviceRun::new(e, a.backend))
                .map_err(|e| format!("this scenario cannot run: {e}")),
            other => Err(format!(
                "a {} scenario is not a Tiny-LM alignment scenario",
                other.kind()
            )),
        }
    }

    fn started(shell: Shell<Self>) {
        let ui = DeviceUi::new();
        provide_context(ui);
        device::follow_scenario_backend(shell, ui, backend_of);
        device::keep_on_target(shell, ui);
    }

    fn controls(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<DeviceUi>();
        device::backend_controls(shell, ui, "computing").into_any()
    }

    fn caption(shell: Shell<Self>) -> AnyView {
        panels::caption(shell).into_any()
    }

    fn panels(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        view! {
            <div class="row">
                <Show when=move || !ui.hides("samples")>{panels::samples(shell)}</Show>
                <Show when=move || !ui.hides("heatmap")>{panels::heatmap(shell)}</Show>
            </div>
            <Show when=move || !ui.hides("table")>{panels::results(shell)}</Show>
        }
        .into_any()
    }

    fn explanation(shell: Shell<Self>) -> AnyView {
        explain::explanation(shell).into_any()
    }
}
