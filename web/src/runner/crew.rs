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

use super::module_worker::ModuleWorker;
use super::protocol::{self, FromWorker, ToWorker};

/// The most workers one run uses, the head included.
pub const MOST_WORKERS: usize = 8;

#[derive(Default)]
struct Crew {
    helpers: Vec<ModuleWorker>,
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
    retired: Vec<ModuleWorker>,
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
        for (i, helper) in crew.helpers.iter().enumerate() {
            // Helpers this run does not need get an empty share: they stop at once.
            let share = shares.get(i).map_or((0, 0), |s| (s.start, s.end));
            tell(
                helper,
                &ToWorker::Shard {
                    generation,
                    scenario: toml.clone(),
                    blocks: share,
                    through,
                },
            );
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
            helper.terminate();
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
        for helper in &crew.helpers[..assigned] {
            tell(
                helper,
                &ToWorker::Credit {
                    generation,
                    through,
                },
            );
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

/// Send `message` to a helper (its script keeps it until its module is loaded).
fn tell(helper: &ModuleWorker, message: &ToWorker) {
    // Posting a byte array cannot fail for want of cloning.
    let _ = helper.post(&protocol::encode(message));
}

/// Start helper number `index`.
fn hire(index: usize) -> Result<ModuleWorker, String> {
    let bindings = bindings().ok_or("this worker does not know its bindings")?;
    ModuleWorker::start(
        bindings,
        |bytes| heard(&bytes),
        move || fail(format!("helper worker {} failed", index + 1)),
    )
}

/// A message from a helper.
fn heard(bytes: &[u8]) {
    match protocol::decode::<FromWorker<()>>(bytes) {
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
        Ok(FromWorker::Ready { .. } | FromWorker::Frame { .. }) => {}
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
