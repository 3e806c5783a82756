//! The training loop: one async task owns the experiment and is the only code that
//! touches it. The page talks to it through signals (play/pause) and a command queue
//! (step, reset, change backend), and it publishes copies of what the page shows. So a
//! WebGPU step that waits for the GPU never races a redraw, and the page never blocks.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;
use playground_core::scenario::{LmBackend, LmScenario};
use playground_nn::NnError;
use playground_nn::backend::gpu::Gpu;
use playground_nn::lm_experiment::LmExperiment;
use wasm_bindgen::JsCast;

use super::model::{AnyLm, BackendKind};
use super::{Command, Lab, Samples};
use crate::platform::dom::now_ms;

/// Training time per animation frame on the CPU: a step of the default model takes a few
/// milliseconds in WebAssembly, so a frame does several and still leaves time to draw.
const FRAME_BUDGET_MS: f64 = 12.0;
/// New samples and an attention map every this many steps.
const INSPECT_EVERY: usize = 50;
/// While on the GPU, a host copy of the run is kept this often, to continue on the CPU
/// if the GPU is lost.
const CHECKPOINT_EVERY: usize = 100;
/// Length of the samples shown.
const SAMPLE_LEN: usize = 64;

/// A promise that resolves at the next animation frame.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(resolve.unchecked_ref());
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Start the loop; it ends when the page's component is cleaned up.
pub fn start(lab: Lab) {
    let alive = Arc::new(AtomicBool::new(true));
    let flag = alive.clone();
    on_cleanup(move || flag.store(false, Ordering::Relaxed));
    leptos::task::spawn_local(run(lab, alive));
}

async fn run(lab: Lab, alive: Arc<AtomicBool>) {
    let Some(mut exp) = build(&lab, lab.scenario.get_untracked(), None).await else {
        return;
    };
    let mut checkpoint: Option<AnyLm> = None;
    let mut last_inspect: Option<usize> = None;
    publish(&lab, &exp, None);
    while alive.load(Ordering::Relaxed) {
        for command in lab.take_commands() {
            match command {
                Command::Reset => {
                    let kind = Some(exp.kind());
                    if let Some(fresh) = build(&lab, lab.scenario.get_untracked(), kind).await {
                        exp = fresh;
                        checkpoint = None;
                        last_inspect = None;
                    }
                }
                Command::Step => {
                    lab.playing.set(false);
                    step(&lab, &mut exp, &mut checkpoint).await;
                }
                Command::SwitchTo(kind) if kind != exp.kind() => switch(&lab, &mut exp, kind).await,
                Command::SwitchTo(_) => {}
            }
            publish(&lab, &exp, None);
        }
        if lab.playing.get_untracked() && !exp.is_done() {
            let (start, t0) = (now_ms(), exp.t());
            while !exp.is_done() && now_ms() - start < FRAME_BUDGET_MS {
                if !step(&lab, &mut exp, &mut checkpoint).await {
                    break;
                }
            }
            let rate = (exp.t() - t0) as f64 / ((now_ms() - start).max(1.0) / 1000.0);
            publish(&lab, &exp, Some(rate));
        }
        let due = match last_inspect {
            None => true,
            Some(at) => {
                exp.t() >= at + INSPECT_EVERY || (exp.t() != at && !lab.playing.get_untracked())
            }
        };
        if due {
            inspect(&lab, &exp).await;
            last_inspect = Some(exp.t());
        }
        if exp.is_done() && lab.playing.get_untracked() {
            lab.playing.set(false);
        }
        next_frame().await;
    }
}

/// One training step. On failure, stop playing and say why; the weights stay as they
/// were. Returns whether the step succeeded.
async fn step(lab: &Lab, exp: &mut AnyLm, checkpoint: &mut Option<AnyLm>) -> bool {
    match exp.step().await {
        Ok(_) => {
            if exp.kind() == BackendKind::Gpu && exp.t().is_multiple_of(CHECKPOINT_EVERY) {
                *checkpoint = exp.move_to(BackendKind::Cpu).await.ok();
            }
            true
        }
        Err(e) => {
            lab.playing.set(false);
            match (&e, exp.kind(), checkpoint.take()) {
                (NnError::NonFinite { .. }, _, _) => lab.error.set(Some(format!(
                    "Training stopped: {e}. The weights are those before that step. Lower the \
                     learning rate or turn on gradient clipping in the scenario (that starts a \
                     new run), or press Reset."
                ))),
                (_, BackendKind::Gpu, Some(saved)) => {
                    lab.error.set(Some(format!(
                        "The GPU stopped working ({e}). The run continues on the CPU from its copy \
                         at step {}; press Play.",
                        saved.t()
                    )));
                    *exp = saved;
                }
                _ => lab.error.set(Some(format!(
                    "Training stopped: {e}. Press Reset to start again."
                ))),
            }
            false
        }
    }
}

/// Build a fresh run of `scenario`, on `kind` when given, else where the scenario asks
/// (`auto`: a hardware GPU when there is one, else the CPU).
async fn build(lab: &Lab, scenario: LmScenario, kind: Option<BackendKind>) -> Option<AnyLm> {
    let cpu = match LmExperiment::new(scenario.clone()) {
        Ok(e) => AnyLm::Cpu(e),
        Err(e) => {
            lab.error
                .set(Some(format!("This scenario cannot be trained: {e}")));
            return None;
        }
    };
    let want_gpu = match kind {
        Some(k) => k == BackendKind::Gpu,
        None => match scenario.backend {
            LmBackend::Cpu => false,
            LmBackend::Gpu => true,
            LmBackend::Auto => hardware_gpu(lab).await,
        },
    };
    if !want_gpu {
        return Some(cpu);
    }
    match cpu.move_to(BackendKind::Gpu).await {
        Ok(gpu) => Some(gpu),
        Err(e) => {
            lab.note.set(Some(format!(
                "WebGPU could not be used ({e}); training on the CPU."
            )));
            Some(cpu)
        }
    }
}

/// Whether a GPU adapter exists and is real hardware. Software adapters (SwiftShader,
/// lavapipe) work but are far slower than the CPU backend, so `auto` does not pick them.
async fn hardware_gpu(lab: &Lab) -> bool {
    match Gpu::new().await {
        Ok(gpu) if gpu.is_software() => {
            lab.note.set(Some(
                "WebGPU is available here, but its adapter is a software rasteriser (no GPU), \
                 which is far slower than the CPU backend: training on the CPU. Switch to WebGPU \
                 to compare (a step may take seconds)."
                    .into(),
            ));
            false
        }
        Ok(_) => true,
        Err(_) => false,
    }
}

/// Move the run to the other backend; the loss continues from the same weights.
async fn switch(lab: &Lab, exp: &mut AnyLm, kind: BackendKind) {
    lab.busy
        .set(Some(format!("Moving the model to {}…", kind.label())));
    match exp.move_to(kind).await {
        Ok(moved) => {
            *exp = moved;
            lab.error.set(None);
        }
        Err(e) => lab.error.set(Some(format!(
            "Could not move to {}: {e}. Training stays on {}.",
            kind.label(),
            exp.kind().label()
        ))),
    }
    lab.busy.set(None);
}

/// Copy what the page shows out of the experiment.
fn publish(lab: &Lab, exp: &AnyLm, rate: Option<f64>) {
    lab.t.set(exp.t());
    lab.series.set(exp.series());
    lab.entropy_rate.set(exp.entropy_rate());
    lab.backend.set(exp.kind());
    lab.device.set(exp.device());
    lab.params.set(exp.parameter_count());
    if let Some(r) = rate {
        lab.steps_per_s.set(r);
    }
    if let Some(h) = exp.halted() {
        lab.error.update(|e| {
            e.get_or_insert_with(|| format!("Training stopped: {h}"));
        });
    }
    if exp.is_done() || !lab.playing.get_untracked() {
        lab.checks.set(exp.checks());
    } else {
        // "Final loss" means nothing mid-run: checks show when training pauses or ends.
        lab.checks.set(Vec::new());
    }
}

/// New samples from the model and the chain, and the first head's attention on the chain
/// sample (what the model attends to when reading real text).
async fn inspect(lab: &Lab, exp: &AnyLm) {
    let seed = exp.t() as u64;
    let chain = exp.sample_chain(SAMPLE_LEN, seed);
    let context = lab.scenario.get_untracked().model.context;
    let model = exp.sample_model(SAMPLE_LEN, seed).await;
    let attention = exp.attention(&chain[..context.min(chain.len())]).await;
    match (model, attention) {
        (Ok(model), Ok(map)) => {
            lab.samples.set(Some(Samples {
                step: exp.t(),
                model,
                chain,
            }));
            lab.attention.set(Some(map));
        }
        (Err(e), _) | (_, Err(e)) => lab
            .error
            .set(Some(format!("Could not read the model: {e}"))),
    }
}
