//! /bench: the Bandit Arena benchmark in this browser (bench/bandit_bench.sh opens it with
//! `?run=1`). The same scenarios as the native benchmark, run by the shipped wasm build.

use leptos::prelude::*;
use playground_bandit::{BanditExperiment, benchmark_scenarios};
use playground_core::Experiment;
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

/// Agent-steps between clock reads: about 50 µs of work, so that reading the clock (a
/// call out to JavaScript) costs under 1% of the time measured, as in the native run,
/// which reads it only at the ends.
const BENCH_CHUNK: usize = 1024;

/// Run one scenario in 20 ms slices; returns the compute time in seconds.
async fn time_one(scenario: playground_core::scenario::BanditScenario) -> f64 {
    let mut exp = BanditExperiment::new(scenario);
    let mut busy = 0.0;
    while !exp.is_done() {
        let start = dom::now_ms();
        while !exp.is_done() && dom::now_ms() - start < 20.0 {
            exp.work(BENCH_CHUNK);
        }
        busy += dom::now_ms() - start;
        yield_to_browser().await;
    }
    busy / 1000.0
}

/// Q-learning environment steps per second on the slippery lake (the scenario of
/// bench/gridworld_bench.sh), best of three, in 20 ms slices.
async fn gridworld_benchmark() -> Option<serde_json::Value> {
    use playground_core::gridworld::{GridExperiment, benchmark_scenario};
    let scenario = benchmark_scenario()?;
    let (runs, episodes) = (scenario.runs as f64, scenario.episodes as f64);
    let mut best = f64::INFINITY;
    let mut steps = 0.0;
    for _ in 0..3 {
        let mut exp = GridExperiment::new(scenario.clone()).ok()?;
        let mut busy = 0.0;
        while !exp.is_done() {
            let start = dom::now_ms();
            while !exp.is_done() && dom::now_ms() - start < 20.0 {
                exp.work(64);
            }
            busy += dom::now_ms() - start;
            yield_to_browser().await;
        }
        best = best.min(busy / 1000.0);
        // Every step arrives somewhere and every episode starts somewhere: visits count both.
        let visits: f64 = exp.visits(0).unwrap_or_default().iter().sum();
        steps = (visits - episodes) * runs;
    }
    Some(
        json!({"impl": "wasm", "env_steps": steps, "seconds": best, "env_steps_per_s": steps / best}),
    )
}

/// Training steps per second of one shared benchmark model on backend `b`: a warm-up, then
/// about two seconds of steps in slices that let the page breathe. The loss is read back
/// every step, as the demo page does.
async fn train_rate<B: playground_nn::Backend>(
    b: &B,
    which: playground_nn::bench::BenchModel,
) -> Result<f64, String> {
    let mut run = playground_nn::bench::BenchRun::new(b, which).map_err(|e| e.to_string())?;
    for _ in 0..3 {
        run.step(true).await.map_err(|e| e.to_string())?;
    }
    let (mut steps, mut busy) = (0u32, 0.0);
    while busy < 2000.0 {
        let start = dom::now_ms();
        run.step(true).await.map_err(|e| e.to_string())?;
        busy += dom::now_ms() - start;
        steps += 1;
        yield_to_browser().await;
    }
    Ok(f64::from(steps) / (busy / 1000.0))
}

/// The neural benchmark: both models on the CPU backend and, when there is one, WebGPU.
async fn nn_benchmark() -> Vec<serde_json::Value> {
    use playground_nn::bench::BenchModel;
    let mut out = Vec::new();
    let gpu = playground_nn::backend::gpu::Gpu::new().await.ok();
    for which in BenchModel::ALL {
        let cpu = train_rate(&playground_nn::Cpu::<f32>::new(), which).await;
        out.push(json!({"model": which.name(), "backend": "cpu-wasm", "steps_per_s": cpu.ok()}));
        if let Some(g) = &gpu {
            let rate = train_rate(g, which).await;
            out.push(json!({"model": which.name(), "backend": "webgpu", "adapter": g.describe(), "steps_per_s": rate.ok()}));
        }
    }
    out
}

#[component]
pub fn Bench() -> impl IntoView {
    let results = RwSignal::new(Vec::<serde_json::Value>::new());
    let nn_results = RwSignal::new(Vec::<serde_json::Value>::new());
    let grid_results = RwSignal::new(None::<serde_json::Value>);
    let running = RwSignal::new(false);
    let done = move || {
        let any = !results.get().is_empty()
            || !nn_results.get().is_empty()
            || grid_results.get().is_some();
        !running.get() && any
    };
    let start = move || {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        results.set(Vec::new());
        nn_results.set(Vec::new());
        let which = crate::shell::opening::plain_value(&url::query(), "only").unwrap_or_default();
        leptos::task::spawn_local(async move {
            if which == "gridworld" {
                grid_results.set(gridworld_benchmark().await);
                running.set(false);
                return;
            }
            if which != "bandit" {
                nn_results.set(nn_benchmark().await);
            }
            if which == "nn" {
                running.set(false);
                return;
            }
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
    if crate::shell::opening::plain_value(&url::query(), "run").as_deref() == Some("1") {
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
            <pre data-testid="bench-results" data-done=move || done().to_string()>
                {move || serde_json::to_string(&results.get()).unwrap_or_default()}
            </pre>
            <h2>"Neural networks"</h2>
            <p>"Training steps per second (loss read back every step) of the MLP (64→256→256→16, batch 64) and the tiny transformer (width 64, 4 heads, 2 layers, batch 32), with Adam."</p>
            <pre data-testid="nn-bench-results">{move || serde_json::to_string(&nn_results.get()).unwrap_or_default()}</pre>
            <h2>"Gridworld"</h2>
            <p>"Q-learning environment steps per second on the slippery 8×8 lake (100 runs × 2000 episodes), with " <code>"?only=gridworld"</code> "."</p>
            <pre data-testid="grid-bench-results">{move || grid_results.get().map(|r| r.to_string()).unwrap_or_default()}</pre>
        </section>
    }
}
