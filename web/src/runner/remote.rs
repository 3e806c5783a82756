//! The page's side of a run in a Web Worker (see `crate::worker` for the other side).
//!
//! The worker loads the page's own wasm module (already compiled: the page sends its
//! `WebAssembly.Module`), so it costs no download. At full speed two requests for work are
//! in flight, so the worker always has the next one queued while the page handles a frame
//! or paints; at a throttled speed one goes per animation frame with the steps owed. If
//! the worker cannot start, the run moves to the page.

use leptos::prelude::*;
use playground_core::Scenario;
use wasm_bindgen::JsCast;

use super::module_worker::ModuleWorker;
use super::protocol::{self, FromWorker, ToWorker};
use super::{Engine, Runner, Speed, page};
use crate::platform::gpu;
use crate::shell::Lab;

/// Work per request at full speed: long enough that a frame's copy and transfer cost
/// little beside it, short enough for about 30 frames a second.
const SLICE_MS: f64 = 30.0;

pub(super) struct WorkerRun {
    worker: ModuleWorker,
    generation: u64,
    /// Requests not yet answered.
    pending: u32,
    /// The scenario of the current run, to start it on the page if the worker fails.
    scenario: Option<Scenario>,
}

impl WorkerRun {
    pub(super) fn spawn<L: Lab>(runner: Runner<L>) -> Result<Self, String> {
        let bindings = bindings_url().ok_or("the page names no bindings to load")?;
        let worker = ModuleWorker::start(
            bindings,
            move |bytes| received(runner, &bytes),
            // A script that did not load, or a module that failed to start.
            move || fall_back(runner, "the worker failed to start".into()),
        )?;
        Ok(WorkerRun {
            worker,
            generation: 0,
            pending: 0,
            scenario: None,
        })
    }

    pub(super) fn start(&mut self, scenario: &Scenario, settings: Vec<(String, String)>) {
        self.generation += 1;
        self.scenario = Some(scenario.clone());
        self.send(ToWorker::Start {
            generation: self.generation,
            scenario: scenario.to_toml(),
            settings,
        });
    }

    /// Post `message`; its frame comes back later.
    pub(super) fn send(&mut self, message: ToWorker) {
        self.pending += 1;
        if !self.worker.post(&protocol::encode(&message)) {
            self.pending -= 1;
        }
    }
}

/// The bindings module the page was started from (Trunk preloads it by its hashed name).
fn bindings_url() -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let link = doc
        .query_selector("link[rel=modulepreload][href*='playground-web']")
        .ok()??;
    Some(link.unchecked_into::<web_sys::HtmlLinkElement>().href())
}

/// Requests in flight at full speed: one being worked on, one queued behind it.
const PIPELINE: u32 = 2;

/// Each animation frame (and as each frame lands at full speed): ask for work when the
/// worker may run out of it.
pub(super) fn frame<L: Lab>(runner: Runner<L>) {
    let depth = match runner.speed.get_untracked() {
        Speed::Max => PIPELINE,
        Speed::Steps(_) => 1,
    };
    let idle = runner.engine.with_value(|e| match e {
        Some(Engine::Worker(w)) => w.pending < depth,
        _ => false,
    });
    if idle && let Some((_, quota)) = runner.due() {
        with_worker(runner, |w| {
            w.send(ToWorker::Work {
                budget_ms: SLICE_MS,
                quota,
            })
        });
    }
}

/// Whether the run in the worker would compute on WebGPU where it can.
fn wants_webgpu<L: Lab>(runner: Runner<L>) -> bool {
    let mut wants = false;
    with_worker(runner, |w| {
        wants = w.scenario.as_ref().is_some_and(L::wants_webgpu)
    });
    wants
}

/// Do `f` with the run's worker, if the run is in one.
pub(super) fn with_worker<L: Lab>(runner: Runner<L>, f: impl FnOnce(&mut WorkerRun)) {
    runner.engine.update_value(|e| {
        if let Some(Engine::Worker(w)) = e {
            f(w);
        }
    });
}

fn received<L: Lab>(runner: Runner<L>, bytes: &[u8]) {
    let message = match protocol::decode::<FromWorker<L::View>>(bytes) {
        Ok(m) => m,
        Err(why) => return fall_back(runner, why),
    };
    let mut current = false;
    let generation = match &message {
        FromWorker::Frame { generation, .. } | FromWorker::Failed { generation, .. } => *generation,
        FromWorker::Ready { webgpu } if !webgpu && gpu::api_here() && wants_webgpu(runner) => {
            return fall_back(
                runner,
                "this browser offers WebGPU to pages but not to workers, and this run \
                 computes on WebGPU"
                    .into(),
            );
        }
        // The worker's module started: nothing to do, the page's messages were kept.
        FromWorker::Ready { .. } => return,
        // Parts go from helpers to the head, never to the page.
        FromWorker::Parts { .. } => return,
    };
    with_worker(runner, |w| {
        w.pending = w.pending.saturating_sub(1);
        current = generation == w.generation;
    });
    // A command's reply is its sender's whatever run it came from: commands and replies
    // pair up in order.
    if let FromWorker::Frame {
        reply: Some(bytes), ..
    }
    | FromWorker::Failed {
        reply: Some(bytes), ..
    } = &message
    {
        let reply = protocol::decode::<Result<L::Reply, String>>(bytes).and_then(|r| r);
        runner.replied(reply);
    }
    if !current {
        return;
    }
    match message {
        FromWorker::Frame { frame: f, .. } => {
            runner.landed(f);
            // At full speed, straight on: the worker should not wait for the next paint.
            if runner.speed.get_untracked() == Speed::Max {
                frame(runner);
            }
        }
        FromWorker::Failed { why, .. } => {
            runner.error.set(Some(why));
            runner.playing.set(false);
        }
        FromWorker::Ready { .. } | FromWorker::Parts { .. } => {}
    }
}

/// The worker failed: run on the page from now on (after this event, which the worker's
/// listeners are handling, has returned).
fn fall_back<L: Lab>(runner: Runner<L>, why: String) {
    leptos::task::spawn_local(async move {
        let mut scenario = None;
        with_worker(runner, |w| scenario = w.scenario.take());
        // Commands the worker did not answer get an error, so nothing waits for ever.
        while runner.replies.with_value(|q| !q.is_empty()) {
            runner.replied(Err(format!("the worker stopped: {why}")));
        }
        web_sys::console::warn_1(&format!("Running on the page instead of a worker: {why}").into());
        runner
            .engine
            .set_value(Some(Engine::Page(page::PageRun::new())));
        if let Some(s) = scenario {
            page::start(runner, &s);
        }
    });
}
