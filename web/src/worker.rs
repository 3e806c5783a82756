//! The compute worker: the same wasm module as the page, started in a Web Worker by
//! `static/worker.js`, where it runs experiments so the page's thread only draws.
//!
//! The page sends [`ToWorker`] messages; each is answered at once with one frame (or a
//! failure), so the worker needs no queue: its event loop handles one message at a time.

use std::cell::RefCell;

use playground_core::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::platform::dom::now_ms;
use crate::runner::protocol::{self, FromWorker, Playing, ToWorker};
use crate::runner::snapshot::{Frame, Sent};
use crate::runner::{Live, advance_sync, checked};
use crate::shell::Lab;

/// A run hosted by the worker, whatever its lab.
pub trait Hosted {
    /// Work until `deadline_ms` or `quota` more steps.
    fn work(&mut self, deadline_ms: f64, quota: Option<usize>);
    /// Finish the current step.
    fn step(&mut self);
    /// The encoded frame of the run now, with the checks if asked.
    fn frame(
        &mut self,
        generation: u64,
        checks: Option<Playing>,
        settings: &[(String, String)],
    ) -> Vec<u8>;
}

/// A lab's run in the worker, with what the page has of its series.
struct Hosting<L: Lab> {
    exp: L::Exp,
    scenario: Scenario,
    sent: Sent,
}

impl<L: Lab> Hosted for Hosting<L> {
    fn work(&mut self, deadline_ms: f64, quota: Option<usize>) {
        advance_sync(self.exp.experiment_mut(), deadline_ms, quota);
    }

    fn step(&mut self) {
        self.exp.experiment_mut().step();
    }

    fn frame(
        &mut self,
        generation: u64,
        checks: Option<Playing>,
        settings: &[(String, String)],
    ) -> Vec<u8> {
        let checks = checks.map(|playing| checked::<L>(&self.exp, playing));
        let frame = Frame::of(
            self.exp.experiment(),
            &mut self.sent,
            L::view(&self.exp, &self.scenario, settings),
            checks,
        );
        protocol::encode(&FromWorker::Frame { generation, frame })
    }
}

/// A run of `L` for the worker.
pub fn host<L: Lab>(scenario: &Scenario) -> Result<Box<dyn Hosted>, String> {
    Ok(Box::new(Hosting::<L> {
        exp: L::build(scenario)?,
        scenario: scenario.clone(),
        sent: Sent::default(),
    }))
}

/// The worker's state: the run, its generation and the page's view settings.
#[derive(Default)]
struct Worker {
    run: Option<Box<dyn Hosted>>,
    generation: u64,
    settings: Vec<(String, String)>,
}

thread_local! {
    static WORKER: RefCell<Worker> = RefCell::default();
}

/// Called by `static/worker.js` once the module is loaded in the worker.
#[wasm_bindgen]
pub fn worker_main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
        let reply = WORKER.with_borrow_mut(|w| w.handle(&bytes));
        post(&reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page: its handler is never dropped.
    on_message.forget();
    post(&protocol::encode(&FromWorker::<()>::Ready));
}

fn post(bytes: &[u8]) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let array = js_sys::Uint8Array::from(bytes);
    let transfer = js_sys::Array::of1(&array.buffer());
    // Posting from a worker to its page only fails for uncloneable data; a byte array is not.
    let _ = scope.post_message_with_transfer(&array, &transfer);
}

impl Worker {
    fn handle(&mut self, bytes: &[u8]) -> Vec<u8> {
        let failed =
            |generation, why| protocol::encode(&FromWorker::<()>::Failed { generation, why });
        let message: ToWorker = match protocol::decode(bytes) {
            Ok(m) => m,
            Err(why) => return failed(self.generation, why),
        };
        if let ToWorker::Start {
            generation,
            scenario,
            settings,
        } = &message
        {
            self.generation = *generation;
            self.settings = settings.clone();
            self.run = None;
            match start(scenario) {
                Ok(run) => self.run = Some(run),
                Err(why) => return failed(self.generation, why),
            }
        }
        let generation = self.generation;
        let Some(run) = self.run.as_mut() else {
            return failed(generation, "the worker has no run".into());
        };
        let checks = match message {
            ToWorker::Start { .. } => None,
            ToWorker::Work {
                budget_ms,
                quota,
                checks,
            } => {
                run.work(now_ms() + budget_ms, quota);
                checks
            }
            ToWorker::Step { checks } => {
                run.step();
                checks
            }
            ToWorker::Checks { playing } => Some(playing),
            ToWorker::Settings { view } => {
                self.settings = view;
                None
            }
        };
        run.frame(generation, checks, &self.settings)
    }
}

fn start(toml: &str) -> Result<Box<dyn Hosted>, String> {
    let scenario = Scenario::from_toml(toml).map_err(|e| e.to_string())?;
    crate::demos::host_in_worker(&scenario).unwrap_or_else(|| {
        Err(format!(
            "{} runs on the page, not in a worker",
            scenario.kind()
        ))
    })
}
