//! /bench: the Bandit Arena benchmark in this browser (bench/bandit_bench.sh opens it with
//! `?run=1`). The same scenarios as the native benchmark, run by the shipped wasm build.

use leptos::prelude::*;
use playground_core::Experiment;
use playground_core::bandit::{BanditExperiment, benchmark_scenarios};
use serde_json::json;
use wasm_bindgen::JsCast;

use crate::platform::{dom, url};

/// Let the browser breathe between slices (a zero-delay timeout).
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ =
                w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Run one scenario in 20 ms slices; returns the compute time in seconds.
async fn time_one(scenario: playground_core::scenario::BanditScenario) -> f64 {
    let mut exp = BanditExperiment::new(scenario);
    let mut busy = 0.0;
    while !exp.is_done() {
        let start = dom::now_ms();
        while !exp.is_done() && dom::now_ms() - start < 20.0 {
            exp.work(64);
        }
        busy += dom::now_ms() - start;
        yield_to_browser().await;
    }
    busy / 1000.0
}

#[component]
pub fn Bench() -> impl IntoView {
    let results = RwSignal::new(Vec::<serde_json::Value>::new());
    let running = RwSignal::new(false);
    let start = move || {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        results.set(Vec::new());
        leptos::task::spawn_local(async move {
            for (name, scenario) in benchmark_scenarios() {
                let steps = (scenario.runs * scenario.steps) as f64;
                let mut best = f64::INFINITY;
                for _ in 0..3 {
                    best = best.min(time_one(scenario.clone()).await);
                }
                results.update(|r| {
                    r.push(json!({"agent": name, "agent_steps": steps, "seconds": best, "agent_steps_per_s": steps / best}))
                });
            }
            running.set(false);
        });
    };
    if url::plain_value(&url::query(), "run").as_deref() == Some("1") {
        start();
    }
    view! {
        <section class="card narrow">
            <h1>"Benchmark"</h1>
            <p>
                "Agent-steps per second of the Bandit Arena's benchmark experiment (the 10-armed \
                 testbed, 2000 runs × 1000 steps) in this browser, one agent at a time, best of three. \
                 " <code>"bench/bandit_bench.sh"</code> " compares it with the native build and NumPy."
            </p>
            <button class="primary" on:click=move |_| start() disabled=move || running.get()>
                {move || if running.get() { "Running…" } else { "Run" }}
            </button>
            <ul>
                {move || results.get().into_iter().map(|r| view! {
                    <li>{format!("{}: {:.2} million agent-steps/s", r["agent"].as_str().unwrap_or(""), r["agent_steps_per_s"].as_f64().unwrap_or(0.0) / 1e6)}</li>
                }).collect_view()}
            </ul>
            <pre data-testid="bench-results" data-done=move || (!running.get() && !results.get().is_empty()).to_string()>
                {move || serde_json::to_string(&results.get()).unwrap_or_default()}
            </pre>
        </section>
    }
}
