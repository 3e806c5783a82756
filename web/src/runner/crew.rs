//! The head worker's crew: helper workers for a run whose runs split over cores (see
//! `playground_core::split`).
//!
//! The page's compute worker is the *head*. For a scenario that splits, it steps the
//! first share of blocks itself and hands the other shares to helpers: workers nested in
//! it, started from the same compiled module as it was (nothing to download or compile).
//! Helpers step ahead of the head by at most a window of steps (their *credit*), so a
//! paused run soon stops them too, and post each step's part; the head folds the parts
//! in block order (`crewed.rs`). The crew outlives runs: a new run reassigns it under a
//! new generation, and parts of an older one are dropped.

use std::cell::RefCell;
use std::future::Future;
use std::ops::Range;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use playground_core::Scenario;
use playground_core::split::StepPart;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};

use super::protocol::{self, FromWorker, ToWorker};

/// The helpers' script: the page's worker script, which loads the bindings it is told.
const SCRIPT: &str = "/worker.js";
/// The most workers one run uses, the head included.
pub const MOST_WORKERS: usize = 8;

struct Helper {
    worker: Worker,
    /// The module is loaded; until then messages wait in `queued`.
    ready: bool,
    queued: Vec<Vec<u8>>,
    _listeners: [Closure<dyn FnMut(Event)>; 2],
}

impl Helper {
    fn send(&mut self, message: &ToWorker) {
        let bytes = protocol::encode(message);
        if !self.ready {
            return self.queued.push(bytes);
        }
        let array = js_sys::Uint8Array::from(&bytes[..]);
        // Posting a byte array cannot fail for want of cloning.
        let _ = self.worker.post_message(&array);
    }
}

#[derive(Default)]
struct Crew {
    helpers: Vec<Helper>,
    /// The run the crew works for, and how many helpers it uses.
    generation: u64,
    assigned: usize,
    /// Parts of this generation not yet taken by the head.
    parts: Vec<StepPart>,
    /// A helper failed: the run cannot go on.
    failed: Option<String>,
    /// The head's task, waiting for parts.
    waker: Option<Waker>,
    /// Helpers stopped after a failure; kept because their handlers may still be running.
    retired: Vec<Helper>,
    /// A crew failed here once: this worker hires none again.
    disbanded: bool,
}

thread_local! {
    static CREW: RefCell<Crew> = RefCell::default();
}

/// How many workers (the head included) a run with `blocks` blocks should use: one per
/// core the browser reports, at most [`MOST_WORKERS`], never more than the blocks. One on
/// the page, where no crew can be hired.
pub fn size(blocks: usize) -> usize {
    if crate::platform::dom::on_page() || !helpers_possible() {
        return 1;
    }
    if CREW.with_borrow(|crew| crew.disbanded) {
        return 1;
    }
    let cores = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|c| c.as_f64())
        .unwrap_or(1.0) as usize;
    cores.clamp(1, MOST_WORKERS).min(blocks.max(1))
}

/// Whether this worker can start nested workers and knows the module's bindings.
fn helpers_possible() -> bool {
    let global = js_sys::global();
    js_sys::Reflect::has(&global, &"Worker".into()).unwrap_or(false) && bindings().is_some()
}

/// The bindings module this worker was started from (`static/worker.js` keeps its URL).
fn bindings() -> Option<String> {
    js_sys::Reflect::get(&js_sys::global(), &"playgroundBindings".into())
        .ok()?
        .as_string()
}

/// Give each helper share of a new run to a helper (starting helpers as needed), with
/// credit for steps below `through`; the run's generation.
pub fn assign(scenario: &Scenario, shares: &[Range<usize>], through: usize) -> Result<u64, String> {
    let toml = scenario.to_toml();
    CREW.with_borrow_mut(|crew| {
        while crew.helpers.len() < shares.len() {
            let helper = hire(crew.helpers.len())?;
            crew.helpers.push(helper);
        }
        crew.generation += 1;
        crew.assigned = shares.len();
        crew.parts.clear();
        crew.failed = None;
        let generation = crew.generation;
        for (i, helper) in crew.helpers.iter_mut().enumerate() {
            // Helpers this run does not need get an empty share: they stop at once.
            let share = shares.get(i).map_or((0, 0), |s| (s.start, s.end));
            helper.send(&ToWorker::Shard {
                generation,
                scenario: toml.clone(),
                blocks: share,
                through,
            });
        }
        Ok(generation)
    })
}

/// How many helpers the current run uses.
pub fn assigned() -> usize {
    CREW.with_borrow(|crew| crew.assigned)
}

/// Stop every helper and hire none again (a helper failed: it would fail again), saying
/// so in the console; runs then step every run in this worker.
pub fn disband(why: &str) {
    web_sys::console::warn_1(&format!("Runs will not be split over workers: {why}").into());
    CREW.with_borrow_mut(|crew| {
        crew.disbanded = true;
        crew.generation += 1;
        crew.assigned = 0;
        crew.parts.clear();
        for helper in crew.helpers.drain(..) {
            helper.worker.terminate();
            crew.retired.push(helper);
        }
    });
}

/// Let the helpers of run `generation` step up to (not including) step `through`.
pub fn credit(generation: u64, through: usize) {
    CREW.with_borrow_mut(|crew| {
        if crew.generation != generation {
            return;
        }
        let assigned = crew.assigned;
        for helper in &mut crew.helpers[..assigned] {
            helper.send(&ToWorker::Credit {
                generation,
                through,
            });
        }
    });
}

/// The parts of run `generation` that arrived since the last call, or why the crew failed.
pub fn take(generation: u64) -> Result<Vec<StepPart>, String> {
    CREW.with_borrow_mut(|crew| {
        if let Some(why) = &crew.failed {
            return Err(why.clone());
        }
        if crew.generation != generation {
            return Ok(Vec::new());
        }
        Ok(std::mem::take(&mut crew.parts))
    })
}

/// Resolves once parts (or a failure) have arrived.
pub fn arrival() -> impl Future<Output = ()> {
    Arrival
}

struct Arrival;

impl Future for Arrival {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        CREW.with_borrow_mut(|crew| {
            if !crew.parts.is_empty() || crew.failed.is_some() {
                Poll::Ready(())
            } else {
                crew.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        })
    }
}

/// Start helper number `index`: the worker script, then the bindings and the module.
fn hire(index: usize) -> Result<Helper, String> {
    let bindings = bindings().ok_or("this worker does not know its bindings")?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(SCRIPT, &options).map_err(|e| format!("{e:?}"))?;
    let on_message = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        if let Some(data) = e.dyn_ref::<MessageEvent>().map(MessageEvent::data) {
            heard(index, &js_sys::Uint8Array::new(&data).to_vec());
        }
    });
    let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        e.prevent_default();
        fail(format!("helper worker {} failed", index + 1));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let init = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&init, &k.into(), v);
    set("bindings", &bindings.into()).map_err(|e| format!("{e:?}"))?;
    set("module", &wasm_bindgen::module()).map_err(|e| format!("{e:?}"))?;
    worker.post_message(&init).map_err(|e| format!("{e:?}"))?;
    Ok(Helper {
        worker,
        ready: false,
        queued: Vec::new(),
        _listeners: [on_message, on_error],
    })
}

/// A message from helper `index`.
fn heard(index: usize, bytes: &[u8]) {
    match protocol::decode::<FromWorker<()>>(bytes) {
        Ok(FromWorker::Ready { .. }) => CREW.with_borrow_mut(|crew| {
            let Some(helper) = crew.helpers.get_mut(index) else {
                return;
            };
            helper.ready = true;
            for bytes in std::mem::take(&mut helper.queued) {
                let _ = helper
                    .worker
                    .post_message(&js_sys::Uint8Array::from(&bytes[..]));
            }
        }),
        Ok(FromWorker::Parts { generation, parts }) => CREW.with_borrow_mut(|crew| {
            if generation == crew.generation {
                crew.parts.extend(parts);
                wake(crew);
            }
        }),
        Ok(FromWorker::Failed {
            generation, why, ..
        }) => {
            if CREW.with_borrow(|crew| crew.generation == generation) {
                fail(why);
            }
        }
        Ok(FromWorker::Frame { .. }) => {}
        Err(why) => fail(why),
    }
}

fn fail(why: String) {
    CREW.with_borrow_mut(|crew| {
        crew.failed = Some(why);
        wake(crew);
    });
}

fn wake(crew: &mut Crew) {
    if let Some(waker) = crew.waker.take() {
        waker.wake();
    }
}
