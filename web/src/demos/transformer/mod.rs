//! "Watch a transformer learn": a tiny transformer trains live on text from a known Markov
//! chain, on WebGPU or the CPU. The maths is `playground_lm::pretrain`; this module adds
//! the lab's own panels and keeps the run on the backend the user (or `auto`) chose.

mod model;
mod panels;
mod run;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::scenario::LmBackend;
use playground_lm::pretrain::AttentionMap;

use crate::runner::{Live, turn};
use crate::shell::{Demo, Lab, Shell, ViewOption};
use model::BackendKind;
use run::{Samples, TransformerRun};

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
    /// The backend the run should be on (the user's choice, or what `auto` found).
    target: RwSignal<Option<BackendKind>>,
    samples: RwSignal<Option<Samples>>,
    attention: RwSignal<Option<AttentionMap>>,
    /// A long action in progress (moving between backends).
    busy: RwSignal<Option<String>>,
    /// Something worth knowing that is not a problem (a software GPU).
    note: RwSignal<Option<String>>,
}

#[derive(Debug)]
pub struct TransformerLab;

impl Lab for TransformerLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = TransformerRun;

    fn build(scenario: &Scenario) -> Result<TransformerRun, String> {
        match scenario {
            Scenario::Transformer(lm) => TransformerRun::new(lm),
            other => Err(format!(
                "a {} scenario is not a transformer scenario",
                other.kind()
            )),
        }
    }

    fn started(shell: Shell<Self>) {
        let lab = TransformerUi {
            target: RwSignal::new(None),
            samples: RwSignal::new(None),
            attention: RwSignal::new(None),
            busy: RwSignal::new(None),
            note: RwSignal::new(None),
        };
        provide_context(lab);
        follow_scenario_backend(shell, lab);
        keep_on_target(shell, lab);
        inspect_now_and_then(shell, lab);
    }

    fn controls(shell: Shell<Self>) -> AnyView {
        panels::backend_controls(shell).into_any()
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
                shell.runner.with(|r| format!("{} parameters", r.parameter_count()))
            }}</p>
        }
        .into_any()
    }

    fn explanation(_shell: Shell<Self>) -> AnyView {
        panels::explanation().into_any()
    }
}

/// The scenario's `backend` sets the target: cpu or gpu as written; auto asks the browser
/// for a hardware adapter (a software one is not worth it) and says so when there is none.
fn follow_scenario_backend(shell: Shell<TransformerLab>, lab: TransformerUi) {
    let wanted = Memo::new(move |_| match shell.scenario.get() {
        Scenario::Transformer(t) => t.backend,
        _ => LmBackend::Cpu,
    });
    Effect::new(move |_| match wanted.get() {
        LmBackend::Cpu => lab.target.set(Some(BackendKind::Cpu)),
        LmBackend::Gpu => lab.target.set(Some(BackendKind::Gpu)),
        LmBackend::Auto => leptos::task::spawn_local(async move {
            let (hardware, note) = run::hardware_gpu().await;
            lab.note.set(note);
            let kind = if hardware {
                BackendKind::Gpu
            } else {
                BackendKind::Cpu
            };
            lab.target.set(Some(kind));
        }),
    });
}

/// Whenever the run is not on the target backend (a new run starts on the CPU; the user
/// pressed the switch), move it there between steps.
fn keep_on_target(shell: Shell<TransformerLab>, lab: TransformerUi) {
    let moving = StoredValue::new(false);
    Effect::new(move |_| {
        shell.runner.version.track();
        let Some(target) = lab.target.get() else {
            return;
        };
        let here = shell.runner.with(|r| r.kind());
        if here.is_none_or(|k| k == target) || moving.get_value() {
            return;
        }
        moving.set_value(true);
        lab.busy
            .set(Some(format!("Moving the model to {}…", target.label())));
        shell.runner.job(Box::new(move |run| {
            Box::pin(async move {
                let result =
                    turn(&run, async |r: &mut TransformerRun| r.switch(target).await).await;
                if let Err(why) = result {
                    // Stay where it is rather than trying again every frame.
                    let kept = run.borrow().kind();
                    lab.target.set(Some(kept));
                    shell.notice.set(Some(crate::shell::Notice::text(why)));
                }
                lab.busy.set(None);
                moving.set_value(false);
            })
        }));
    });
}

/// Samples and the attention map at the start, every `INSPECT_EVERY` steps, and when the
/// run pauses.
fn inspect_now_and_then(shell: Shell<TransformerLab>, lab: TransformerUi) {
    let last = StoredValue::new(None::<usize>);
    let pending = StoredValue::new(false);
    Effect::new(move |_| {
        shell.runner.version.track();
        let playing = shell.runner.playing.get();
        let Some(t) = shell.runner.with(|r| r.experiment().t()) else {
            return;
        };
        let due = match last.get_value() {
            None => true,
            Some(at) => t >= at + INSPECT_EVERY || t < at || (t != at && !playing),
        };
        if !due || pending.get_value() {
            return;
        }
        pending.set_value(true);
        last.set_value(Some(t));
        shell.runner.job(Box::new(move |run| {
            Box::pin(async move {
                let result = turn(&run, async |r: &mut TransformerRun| r.inspect().await).await;
                match result {
                    Ok((samples, attention)) => {
                        lab.samples.set(Some(samples));
                        lab.attention.set(Some(attention));
                    }
                    Err(why) => shell.notice.set(Some(crate::shell::Notice::text(why))),
                }
                pending.set_value(false);
            })
        }));
    });
}
