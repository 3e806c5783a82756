//! The page's side of a run on a device: which backend it should be on, moving it there
//! between steps, and the switch, badge and speed readout.

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::scenario::LmBackend;

use super::{BackendKind, DeviceView, Switch, hardware_gpu};
use crate::app::UiState;
use crate::shell::{Lab, Notice, Shell};

/// What the page shows about the device, set between steps.
#[derive(Clone, Copy, Debug)]
pub struct DeviceUi {
    /// The backend the run should be on (the user's choice, or what `auto` found).
    pub target: RwSignal<Option<BackendKind>>,
    /// A long action in progress (moving between backends).
    pub busy: RwSignal<Option<String>>,
    /// Something worth knowing that is not a problem (a software GPU).
    pub note: RwSignal<Option<String>>,
}

impl DeviceUi {
    pub fn new() -> Self {
        DeviceUi {
            target: RwSignal::new(None),
            busy: RwSignal::new(None),
            note: RwSignal::new(None),
        }
    }
}

impl Default for DeviceUi {
    fn default() -> Self {
        Self::new()
    }
}

/// The scenario's `backend` sets the target: cpu or gpu as written; auto asks the browser
/// for a hardware adapter (a software one is not worth it) and says so when there is none.
pub fn follow_scenario_backend<L: Lab>(
    shell: Shell<L>,
    ui: DeviceUi,
    backend_of: fn(&Scenario) -> LmBackend,
) {
    let wanted = Memo::new(move |_| backend_of(&shell.scenario.get()));
    Effect::new(move |_| match wanted.get() {
        LmBackend::Cpu => ui.target.set(Some(BackendKind::Cpu)),
        LmBackend::Gpu => ui.target.set(Some(BackendKind::Gpu)),
        LmBackend::Auto => leptos::task::spawn_local(async move {
            let (hardware, note) = hardware_gpu().await;
            ui.note.set(note);
            let kind = if hardware {
                BackendKind::Gpu
            } else {
                BackendKind::Cpu
            };
            ui.target.set(Some(kind));
        }),
    });
}

/// Whenever the run is not on the target backend (an `auto` run starts on the CPU; the user
/// pressed the switch), move it there between steps.
pub fn keep_on_target<L>(shell: Shell<L>, ui: DeviceUi)
where
    L: Lab<Command: From<Switch>>,
    L::View: DeviceView,
{
    let moving = StoredValue::new(false);
    // A lost GPU: the run went on on the CPU; stay there, and say so once.
    let told = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        shell.runner.version.track();
        let lost = shell.runner.with(|run| run.view.device().lost_gpu.clone());
        if lost.is_some() && lost != told.get_value() {
            told.set_value(lost.clone());
            ui.target.set(Some(BackendKind::Cpu));
            shell.notice.set(lost.map(Notice::text));
        }
    });
    Effect::new(move |_| {
        shell.runner.version.track();
        let Some(target) = ui.target.get() else {
            return;
        };
        let (here, started) = shell
            .runner
            .with(|run| (run.view.device().kind, run.horizon > 0));
        if !started || here == target || moving.get_value() {
            return;
        }
        moving.set_value(true);
        ui.busy
            .set(Some(format!("Moving the model to {}…", target.label())));
        shell.runner.command(Switch(target).into(), move |reply| {
            if let Err(why) = reply {
                // Stay where it is rather than trying again every frame.
                let kept = shell.runner.with(|run| run.view.device().kind);
                ui.target.set(Some(kept));
                shell.notice.set(Some(Notice::text(why)));
            }
            ui.busy.set(None);
            moving.set_value(false);
        });
    });
}

/// Where the model computes: a CPU/WebGPU switch, the badge, speed and notes.
pub fn backend_controls<L>(shell: Shell<L>, ui: DeviceUi, verb: &'static str) -> impl IntoView
where
    L: Lab,
    L::View: DeviceView,
{
    let app = expect_context::<UiState>();
    let state = move || {
        shell.runner.version.track();
        shell.runner.with(|run| {
            let r = run.view.device();
            let device = match &r.lost_gpu {
                Some(lost) => format!("{} — {lost}", r.device),
                None => r.device.clone(),
            };
            let badge = match (r.kind, r.lost_gpu.is_some()) {
                (BackendKind::Cpu, true) => {
                    format!("{verb} on CPU (WebAssembly): the GPU was lost")
                }
                (kind, _) => format!("{verb} on {}", kind.label()),
            };
            (r.kind, device, r.steps_per_s, r.tokens_per_s, badge)
        })
    };
    let choose = move |kind: BackendKind| {
        view! {
            <button
                aria-pressed=move || (state().0 == kind).to_string()
                class:active=move || state().0 == kind
                disabled=move || kind == BackendKind::Gpu && !app.gpu.get().available()
                title=move || if kind == BackendKind::Gpu { app.gpu.get().explain() } else { "Compute on the CPU, in WebAssembly".into() }
                on:click=move |_| ui.target.set(Some(kind))
                data-testid=format!("backend-{}", if kind == BackendKind::Gpu { "gpu" } else { "cpu" })
            >
                {kind.label()}
            </button>
        }
    };
    let rate = |r: f64, unit: &str| {
        if r < 10.0 {
            format!("{r:.1} {unit}/s")
        } else {
            format!("{r:.0} {unit}/s")
        }
    };
    view! {
        <div class="run-controls backend" role="group" aria-label="Compute on">
            <div role="group" aria-label="Compute on" class="segmented">{choose(BackendKind::Cpu)} {choose(BackendKind::Gpu)}</div>
            <span class="badge" data-testid="backend-badge" title=move || state().1>
                {move || state().4}
            </span>
            <span class="muted" data-testid="speed-readout">{move || {
                let s = state();
                if s.3 > 0.0 {
                    format!("{} · {}", rate(s.2, "steps"), rate(s.3, "tokens"))
                } else {
                    rate(s.2, "steps")
                }
            }}</span>
            {move || ui.busy.get().map(|m| view! { <span class="muted" aria-live="polite">{m}</span> })}
        </div>
        {move || ui.note.get().map(|n| view! { <p class="muted note" data-testid="note">{n}</p> })}
    }
}
