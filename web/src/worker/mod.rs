//! The compute worker: the same wasm module as the page, started in a Web Worker by
//! `static/worker.js`, where it runs experiments so the page's thread only draws.
//!
//! The page sends [`ToWorker`] messages and each is answered with one frame (or a
//! failure). A message may wait on the GPU, so messages queue and are handled one after
//! another by a single task: a step never overlaps another, as on the page.
//!
//! The same module also runs the page worker's helpers (`crate::runner::crew`): nested
//! workers that step a share of a split run between the head's messages ([`helper`]).

mod helper;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;

use playground_core::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::platform::dom::now_ms;
use crate::platform::gpu;
use crate::runner::protocol::{self, FromWorker, Playing, ToWorker};
use crate::runner::snapshot::{Frame, Sent};
use crate::runner::{Live, checked};
use crate::shell::Lab;
use helper::HelperRun;

/// A future of the worker's single task.
pub type Task<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A run hosted by the worker, whatever its lab.
pub trait Hosted {
    /// Work until `deadline_ms` or `quota` more steps; an error stops the run.
    fn work(&mut self, deadline_ms: f64, quota: Option<usize>) -> Task<'_, Result<(), String>>;
    /// Finish the current step.
    fn step(&mut self) -> Task<'_, Result<(), String>>;
    /// Do one of the lab's commands (encoded); its encoded reply.
    fn command<'a>(&'a mut self, command: &'a [u8]) -> Task<'a, Vec<u8>>;
    /// The encoded frame of the run now: with the checks if asked, the error that stopped
    /// it and the reply to a command, if any.
    fn frame(&mut self, generation: u64, now: Now<'_>) -> Vec<u8>;
}

/// What a frame reports beside the run itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Now<'a> {
    /// The frame answers a request for work: its view may be skipped.
    pub working: bool,
    pub checks: Option<Playing>,
    pub settings: &'a [(String, String)],
    pub error: Option<&'a str>,
    pub reply: Option<&'a [u8]>,
}

/// A lab's run in the worker, with what the page has of its series.
struct Hosting<L: Lab> {
    exp: L::Exp,
    scenario: Scenario,
    sent: Sent,
    /// When the next view is due while the run works (worker clock, ms).
    view_due: f64,
}

/// Views may take this share of the worker's time while a run works: a view that costs
/// more (the Tiny-LM lab samples a dozen responses for its) is computed less often than
/// frames go out, so the run trains at nearly full speed. Cheap views go with every frame.
const VIEW_SHARE: f64 = 0.1;

impl<L: Lab> Hosting<L> {
    /// The view for this frame: always when the run pauses, steps, starts, ends, stops
    /// or its settings change; while it works, only when due.
    fn view(&mut self, now: &Now<'_>) -> Option<L::View> {
        let started = now_ms();
        let exp = self.exp.experiment();
        let settled =
            !now.working || exp.is_done() || exp.divergence().is_some() || now.error.is_some();
        if !settled && started < self.view_due {
            return None;
        }
        let view = L::view(&self.exp, &self.scenario, now.settings);
        let cost = now_ms() - started;
        self.view_due = started + cost / VIEW_SHARE;
        Some(view)
    }
}

impl<L: Lab> Hosted for Hosting<L> {
    fn work(&mut self, deadline_ms: f64, quota: Option<usize>) -> Task<'_, Result<(), String>> {
        Box::pin(self.exp.advance(deadline_ms, quota))
    }

    fn step(&mut self) -> Task<'_, Result<(), String>> {
        Box::pin(self.exp.step())
    }

    fn command<'a>(&'a mut self, command: &'a [u8]) -> Task<'a, Vec<u8>> {
        Box::pin(async move {
            let reply = match protocol::decode::<L::Command>(command) {
                Ok(c) => L::command(&mut self.exp, c).await,
                Err(why) => Err(why),
            };
            protocol::encode(&reply)
        })
    }

    fn frame(&mut self, generation: u64, now: Now<'_>) -> Vec<u8> {
        let checks = now.checks.map(|playing| checked::<L>(&self.exp, playing));
        let view = self.view(&now);
        let mut frame = Frame::of(self.exp.experiment(), &mut self.sent, view, checks);
        frame.error = now.error.map(str::to_string);
        frame.workers = self.exp.workers();
        protocol::encode(&FromWorker::Frame {
            generation,
            frame,
            reply: now.reply.map(<[u8]>::to_vec),
        })
    }
}

/// A run of `L` for the worker, once what it needs is fetched.
pub fn host<L: Lab>(scenario: &Scenario) -> Task<'_, Result<Box<dyn Hosted>, String>> {
    Box::pin(async move {
        L::prepare(scenario).await?;
        let run: Box<dyn Hosted> = Box::new(Hosting::<L> {
            exp: L::build(scenario)?,
            scenario: scenario.clone(),
            sent: Sent::default(),
            view_due: f64::NEG_INFINITY,
        });
        Ok(run)
    })
}

/// The worker's state: the run, its generation and the page's view settings; in a
/// helper, its share of the head's run.
#[derive(Default)]
struct Worker {
    run: Option<Box<dyn Hosted>>,
    generation: u64,
    settings: Vec<(String, String)>,
    helper: Option<HelperRun>,
}

/// What the worker's task has to do next.
enum Inbox {
    Message(Vec<u8>),
    /// A helper's next slice of work, queued behind the messages that came meanwhile.
    Continue,
}

thread_local! {
    static WORKER: RefCell<Worker> = RefCell::default();
    static INBOX: RefCell<VecDeque<Inbox>> = RefCell::default();
    /// Whether the task that empties the inbox is running.
    static BUSY: Cell<bool> = const { Cell::new(false) };
    /// Whether a helper's `Continue` is on its way.
    static CONTINUING: Cell<bool> = const { Cell::new(false) };
}

/// Called by `static/worker.js` once the module is loaded in the worker.
#[wasm_bindgen]
pub fn worker_main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        deliver(Inbox::Message(protocol::bytes_of(event.data())));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page: its handler is never dropped.
    on_message.forget();
    post(&protocol::encode(&FromWorker::<()>::Ready {
        webgpu: gpu::api_here(),
    }));
}

fn deliver(item: Inbox) {
    INBOX.with_borrow_mut(|q| q.push_back(item));
    if !BUSY.replace(true) {
        wasm_bindgen_futures::spawn_local(empty_inbox());
    }
}

/// Handle the messages in order, each to its end (GPU waits included), then stop.
async fn empty_inbox() {
    // The state leaves its cell while a message is handled, so nothing borrows the cell
    // across an await; only this task touches it.
    let mut worker = WORKER.take();
    while let Some(item) = INBOX.with_borrow_mut(VecDeque::pop_front) {
        match item {
            Inbox::Message(bytes) => {
                if let Some(reply) = worker.handle(&bytes).await {
                    post(&reply);
                }
            }
            Inbox::Continue => CONTINUING.set(false),
        }
        worker.help();
    }
    WORKER.set(worker);
    BUSY.set(false);
}

/// Queue a `Continue` as a task of its own (a message through a channel: a timer would
/// be clamped, a promise would run before the head's messages).
fn continue_later() {
    if CONTINUING.replace(true) {
        return;
    }
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return CONTINUING.set(false);
    };
    let on_message = Closure::once_into_js(|| deliver(Inbox::Continue));
    channel
        .port1()
        .set_onmessage(Some(on_message.unchecked_ref()));
    let _ = channel.port2().post_message(&JsValue::NULL);
}

fn post(bytes: &[u8]) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let array = js_sys::Uint8Array::from(bytes);
    let transfer = js_sys::Array::of1(&array.buffer());
    // Posting from a worker to its page only fails for uncloneable data; a byte array is not.
    let _ = scope.post_message_with_transfer(&array, &transfer);
}

impl Worker {
    /// A helper's slice of work, while its credit lasts; the rest comes after the messages
    /// that arrive meanwhile.
    fn help(&mut self) {
        let Some(run) = self.helper.as_mut() else {
            return;
        };
        if !run.has_work() {
            return;
        }
        if let Some(parts) = run.slice() {
            post(&parts);
        }
        if run.has_work() {
            continue_later();
        }
    }

    /// A message from the head to its helper: no reply but parts, later.
    fn handle_helper(&mut self, message: ToWorker) -> Option<Vec<u8>> {
        match message {
            ToWorker::Shard { blocks: (0, 0), .. } => self.helper = None,
            ToWorker::Shard {
                generation,
                scenario,
                blocks,
                through,
            } => match HelperRun::start(generation, &scenario, blocks, through) {
                Ok(run) => self.helper = Some(run),
                Err(why) => {
                    self.helper = None;
                    return Some(failed(generation, why, false));
                }
            },
            ToWorker::Credit {
                generation,
                through,
            } => {
                if let Some(run) = self
                    .helper
                    .as_mut()
                    .filter(|r| r.generation() == generation)
                {
                    run.credit(through);
                }
            }
            _ => {}
        }
        None
    }

    async fn handle(&mut self, bytes: &[u8]) -> Option<Vec<u8>> {
        let message: ToWorker = match protocol::decode(bytes) {
            Ok(m) => m,
            Err(why) => return Some(failed(self.generation, why, false)),
        };
        if matches!(message, ToWorker::Shard { .. } | ToWorker::Credit { .. }) {
            return self.handle_helper(message);
        }
        Some(self.handle_page(message).await)
    }

    async fn handle_page(&mut self, message: ToWorker) -> Vec<u8> {
        let command = matches!(message, ToWorker::Command { .. });
        if let ToWorker::Start {
            generation,
            scenario,
            settings,
        } = &message
        {
            self.generation = *generation;
            self.settings = settings.clone();
            self.run = None;
            match start(scenario).await {
                Ok(run) => self.run = Some(run),
                Err(why) => return failed(self.generation, why, false),
            }
        }
        let generation = self.generation;
        let Some(run) = self.run.as_mut() else {
            return failed(generation, "the worker has no run".into(), command);
        };
        let mut now = Now::default();
        let (error, reply) = match message {
            ToWorker::Start { .. } => (None, None),
            ToWorker::Work {
                budget_ms, quota, ..
            } => {
                now.working = true;
                (run.work(now_ms() + budget_ms, quota).await.err(), None)
            }
            ToWorker::Step => (run.step().await.err(), None),
            ToWorker::Checks { playing } => {
                now.checks = Some(playing);
                (None, None)
            }
            ToWorker::Settings { view } => {
                self.settings = view;
                (None, None)
            }
            ToWorker::Command { command } => (None, Some(run.command(&command).await)),
            ToWorker::Shard { .. } | ToWorker::Credit { .. } => (None, None),
        };
        now.settings = &self.settings;
        now.error = error.as_deref();
        now.reply = reply.as_deref();
        run.frame(generation, now)
    }
}

/// The answer to a message that could not be handled; a command's reply is the error.
fn failed(generation: u64, why: String, command: bool) -> Vec<u8> {
    let reply = command.then(|| protocol::encode(&Err::<(), _>(why.clone())));
    protocol::encode(&FromWorker::<()>::Failed {
        generation,
        why,
        reply,
    })
}

async fn start(toml: &str) -> Result<Box<dyn Hosted>, String> {
    let scenario = Scenario::from_toml(toml).map_err(|e| e.to_string())?;
    crate::labs::host_in_worker(&scenario).await
}
