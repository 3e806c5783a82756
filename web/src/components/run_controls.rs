//! Play/pause, step, reset, reseed, speed and progress.

use leptos::prelude::*;

use crate::runner::{Runner, Speed};
use crate::shell::Lab;

#[component]
pub fn RunControls<L: Lab>(
    runner: Runner<L>,
    /// Start again with the same seed (identical run).
    on_reset: Callback<()>,
    /// Start again with a new seed.
    on_reseed: Callback<()>,
) -> impl IntoView {
    let progress = move || {
        runner.version.track();
        runner.with(|run| (run.t, run.horizon.max(1)))
    };
    let diverged = move || {
        runner.version.track();
        runner.with(|run| run.stopped.is_some())
    };
    let status = move || {
        let (t, h) = progress();
        if t >= h {
            "finished"
        } else if diverged() {
            "stopped"
        } else if runner.playing.get() {
            "running"
        } else if t == 0 {
            "ready"
        } else {
            "paused"
        }
    };
    let set_speed = move |ev: leptos::ev::Event| {
        let i: usize = event_target_value(&ev).parse().unwrap_or(4);
        runner.speed.set(Speed::CHOICES[i.min(4)].0);
    };
    view! {
        <div class="run-controls" role="group" aria-label="Run controls">
            <button
                class="primary"
                data-testid="play"
                on:click=move |_| runner.toggle()
                aria-pressed=move || runner.playing.get().to_string()
                title="Play or pause (space)"
            >
                {move || if runner.playing.get() { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <button data-testid="step" on:click=move |_| runner.step_once() title="One step (→)">
                "Step"
            </button>
            <button data-testid="reset" on:click=move |_| on_reset.run(()) title="Restart with the same seed (r)">
                "Reset"
            </button>
            <button data-testid="reseed" on:click=move |_| on_reseed.run(()) title="Restart with a new random seed">
                "Reseed"
            </button>
            <label class="speed">
                "Speed "
                <select on:change=set_speed data-testid="speed">
                    {Speed::CHOICES
                        .iter()
                        .enumerate()
                        .map(|(i, (s, label))| {
                            view! {
                                <option value=i.to_string() selected=move || runner.speed.get() == *s>
                                    {*label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <div class="progress">
                <progress
                    max=move || progress().1.to_string()
                    value=move || progress().0.to_string()
                    aria-label="Steps done"
                ></progress>
                <span data-testid="progress" aria-live="off">
                    {move || {
                        let (t, h) = progress();
                        format!("t = {t} / {h}")
                    }}
                </span>
                {move || {
                    runner.version.track();
                    let n = runner.with(|run| run.workers);
                    (n > 1)
                        .then(|| {
                            view! {
                                <span
                                    class="muted"
                                    data-testid="workers"
                                    title="This run's independent runs are split over this many Web \
                                           Workers, one per core the browser reports. The numbers do \
                                           not depend on how many."
                                >
                                    {format!("· {n} workers")}
                                </span>
                            }
                        })
                }}
                <span class=move || format!("status {}", status()) data-testid="status">
                    {status}
                </span>
            </div>
        </div>
    }
}
