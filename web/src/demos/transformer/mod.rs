//! "Watch a transformer learn": a tiny transformer trains live on text from a known Markov
//! chain, on WebGPU or the CPU. The maths is `playground_lm::pretrain`; this module adds
//! the lab's own panels and keeps the run on the backend the user (or `auto`) chose.

mod panels;
mod run;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::scenario::LmBackend;
use playground_lm::pretrain::AttentionMap;

use crate::demos::device::{self, BackendKind, DeviceStatus, DeviceUi, DeviceView, Switch};
use crate::shell::{Demo, Lab, Shell, ViewOption};
use run::{Samples, TransformerRun};
use serde::{Deserialize, Serialize};

pub const DEMO: Demo = Demo {
    kind: "transformer",
    path: "/transformer",
    title: "Watch a transformer learn",
    nav: "Transformer",
    lede: "A tiny transformer reads text produced by a known Markov chain and learns to predict \
           the next token. Because we know the chain exactly, we know the best possible loss — \
           its entropy rate — and can watch the model approach it.",
    blurb: "A tiny transformer trains live on text from a known Markov chain, on your GPU \
            through WebGPU or on the CPU, and its loss falls toward the exact floor: the \
            chain's entropy rate.",
    highlights: &[
        "loss against the entropy-rate floor",
        "samples from the model beside the true chain",
        "the attention pattern of one head",
        "switch between WebGPU and CPU mid-run",
    ],
    default_preset: "tiny-transformer",
    panels: &[("samples", "samples"), ("attention", "attention map")],
    file_stem: "transformer",
    view_options: &[ViewOption::Toggle {
        key: "logx",
        label: "log step axis",
    }],
};

/// New samples and an attention map every this many steps.
const INSPECT_EVERY: usize = 50;

/// What the page shows besides the run: set by jobs between training steps.
#[derive(Clone, Copy, Debug)]
pub struct TransformerUi {
    device: DeviceUi,
    samples: RwSignal<Option<Samples>>,
    attention: RwSignal<Option<AttentionMap>>,
}

#[derive(Debug)]
pub struct TransformerLab;

/// What the page asks of the run: move it, or sample it and read an attention map.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum TransformerCommand {
    Switch(BackendKind),
    Inspect,
}

impl From<Switch> for TransformerCommand {
    fn from(Switch(kind): Switch) -> Self {
        TransformerCommand::Switch(kind)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum TransformerReply {
    Switched,
    Inspected(Samples, AttentionMap),
}

/// Where the model computes, and its size.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TransformerView {
    pub device: DeviceStatus,
    pub parameters: usize,
}

impl DeviceView for TransformerView {
    fn device(&self) -> &DeviceStatus {
        &self.device
    }
}

/// The backend a transformer scenario asks for.
fn backend_of(scenario: &Scenario) -> LmBackend {
    match scenario {
        Scenario::Transformer(t) => t.backend,
        _ => LmBackend::Cpu,
    }
}

impl Lab for TransformerLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = TransformerRun;

    fn wants_webgpu(scenario: &Scenario) -> bool {
        backend_of(scenario) != LmBackend::Cpu
    }
    type Command = TransformerCommand;
    type Reply = TransformerReply;
    type View = TransformerView;

    fn view(run: &TransformerRun, _: &Scenario, _: &[(String, String)]) -> TransformerView {
        TransformerView {
            device: run.status(),
            parameters: run::parameter_count(run),
        }
    }

    async fn command(
        run: &mut TransformerRun,
        command: TransformerCommand,
    ) -> Result<TransformerReply, String> {
        match command {
            TransformerCommand::Switch(kind) => {
                run.switch(kind).await.map(|()| TransformerReply::Switched)
            }
            TransformerCommand::Inspect => run::inspect(run)
                .await
                .map(|(samples, map)| TransformerReply::Inspected(samples, map)),
        }
    }

    fn build(scenario: &Scenario) -> Result<TransformerRun, String> {
        match scenario {
            Scenario::Transformer(lm) => run::new_run(lm),
            other => Err(format!(
                "a {} scenario is not a transformer scenario",
                other.kind()
            )),
        }
    }

    fn started(shell: Shell<Self>) {
        let lab = TransformerUi {
            device: DeviceUi::new(),
            samples: RwSignal::new(None),
            attention: RwSignal::new(None),
        };
        provide_context(lab);
        device::follow_scenario_backend(shell, lab.device, backend_of);
        device::keep_on_target(shell, lab.device);
        inspect_now_and_then(shell, lab);
    }

    fn controls(shell: Shell<Self>) -> AnyView {
        let lab = expect_context::<TransformerUi>();
        device::backend_controls(shell, lab.device, "training").into_any()
    }

    fn caption(shell: Shell<Self>) -> AnyView {
        panels::loss_readout(shell).into_any()
    }

    fn panels(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        view! {
            <div class="row">
                <Show when=move || !ui.hides("samples")>{panels::samples_panel(shell)}</Show>
                <Show when=move || !ui.hides("attention")>{panels::attention_panel()}</Show>
            </div>
            <p class="muted">{move || {
                shell.runner.version.track();
                shell.runner.with(|run| format!("{} parameters", run.view.parameters))
            }}</p>
        }
        .into_any()
    }

    fn explanation(_shell: Shell<Self>) -> AnyView {
        panels::explanation().into_any()
    }
}

/// Samples and the attention map at the start, every `INSPECT_EVERY` steps, and when the
/// run pauses.
fn inspect_now_and_then(shell: Shell<TransformerLab>, lab: TransformerUi) {
    let last = StoredValue::new(None::<usize>);
    let pending = StoredValue::new(false);
    Effect::new(move |_| {
        shell.runner.version.track();
        let playing = shell.runner.playing.get();
        let (t, started) = shell.runner.with(|run| (run.t, run.horizon > 0));
        if !started {
            return;
        }
        let due = match last.get_value() {
            None => true,
            Some(at) => t >= at + INSPECT_EVERY || t < at || (t != at && !playing),
        };
        if !due || pending.get_value() {
            return;
        }
        pending.set_value(true);
        last.set_value(Some(t));
        shell
            .runner
            .command(TransformerCommand::Inspect, move |reply| {
                match reply {
                    Ok(TransformerReply::Inspected(samples, attention)) => {
                        lab.samples.set(Some(samples));
                        lab.attention.set(Some(attention));
                    }
                    Ok(TransformerReply::Switched) => {}
                    Err(why) => shell.notice.set(Some(crate::shell::Notice::text(why))),
                }
                pending.set_value(false);
            });
    });
}
