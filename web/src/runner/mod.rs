//! The run loop: the one place that drives every lab's experiment.
//!
//! The experiment lives in one of two places ([`Engine`]): in a Web Worker (see
//! `crate::worker`), so the page's thread only draws and answers the visitor; or on the
//! page itself, when no worker can start. Either way the page reads a [`Snapshot`] — counters, series, finals and the lab's own view —
//! that the experiment's side keeps up to date with [`Frame`]s, so panels never see a
//! half-done step and never care where the run is.
//!
//! One async task per page paces the run: each animation frame it asks for work (a time
//! budget, or the speed's step quota) and bumps `version` when a frame of the run arrived,
//! which redraws whatever reads it. Because runs own their random streams, slicing never
//! changes the numbers: the worker's run, the page's and the CLI's are bit-identical.

mod crew;
pub mod crewed;
mod module_worker;
mod page;
pub mod protocol;
mod remote;
pub mod snapshot;

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;
use playground_core::{Experiment, Scenario};
use wasm_bindgen::JsCast;

use crate::platform::dom::now_ms;
use crate::shell::Lab;
use protocol::ToWorker;
pub use snapshot::{Checked, Snapshot};

/// Work per frame on the page, at most. Ten milliseconds leave room for drawing the main
/// figure within a 16 ms frame and keep every main-thread task far below 50 ms.
const FRAME_BUDGET_MS: f64 = 10.0;
/// On a slow or busy device frames come late; the budget then shrinks (halving, down to
/// this) so that work plus drawing still fits, and grows back when frames are on time.
const MIN_BUDGET_MS: f64 = 2.0;
/// Frames further apart than this count as late.
const LATE_FRAME_MS: f64 = 40.0;
/// Work in a frame that also redraws the slow panels: they get the time instead.
const SLOW_FRAME_BUDGET_MS: f64 = 3.0;
/// How often the slow panels redraw while a run plays.
const SLOW_PERIOD_MS: f64 = 200.0;
/// How often the main figure redraws while a run plays (about 30 times a second: smooth
/// to the eye, and half the painting of redrawing every frame).
const PERIOD_MS: f64 = 33.0;
/// Work units between clock checks start at one and double while a call takes less than
/// `FAST_CALL_MS` (a bandit step is a fraction of a microsecond, a PPO update with many
/// epochs several milliseconds): the clock is read about once a millisecond whatever a
/// unit costs, so a slice of work overruns its budget by at most about one unit.
const FAST_CALL_MS: f64 = 0.5;
/// The largest chunk.
const MAX_CHUNK: usize = 4096;

/// An experiment as the runner drives it. Plain experiments need only the two accessors;
/// one whose steps wait on a device overrides `waits`, `advance` and `step`.
#[allow(async_fn_in_trait)] // driven on one thread by `spawn_local`: no Send bound wanted
pub trait Live: 'static {
    fn experiment(&self) -> &dyn Experiment;
    fn experiment_mut(&mut self) -> &mut dyn Experiment;

    /// Whether a step awaits a device. The runner then never steps it synchronously, and
    /// readers may find it busy mid-step.
    fn waits(&self) -> bool {
        false
    }

    /// Work until the page clock reaches `deadline_ms`, or `quota` more steps are done.
    /// An error stops the run and is shown to the user.
    async fn advance(&mut self, deadline_ms: f64, quota: Option<usize>) -> Result<(), String> {
        advance_sync(self.experiment_mut(), deadline_ms, quota);
        diverged(self.experiment())
    }

    /// Finish the current step (the → key).
    async fn step(&mut self) -> Result<(), String> {
        self.experiment_mut().step();
        diverged(self.experiment())
    }

    /// Workers stepping the run: more than one where its runs are split over cores.
    fn workers(&self) -> usize {
        1
    }

    /// Whether the Verify checks mean anything before the run pauses or ends.
    fn checks_while_running(&self) -> bool {
        true
    }
}

/// A run that diverged stops, saying which learner, at which step and why.
pub fn diverged(exp: &dyn Experiment) -> Result<(), String> {
    exp.divergence().map_or(Ok(()), |d| Err(d.to_string()))
}

/// Work until `deadline_ms` or until `quota` steps are done (or the run diverges).
pub fn advance_sync(exp: &mut dyn Experiment, deadline_ms: f64, quota: Option<usize>) {
    let target = quota.map(|q| exp.t() + q);
    let mut chunk = 1;
    let mut now = now_ms();
    while !exp.is_done() && exp.divergence().is_none() && now < deadline_ms {
        if target.is_some_and(|t| exp.t() >= t) {
            break;
        }
        let t = exp.t();
        if exp.work(chunk) == 0 && exp.t() == t {
            // No progress: the run waits on something else (a crew's parts).
            break;
        }
        let before = now;
        now = now_ms();
        let took = now - before;
        if took < FAST_CALL_MS {
            chunk = (chunk * 2).min(MAX_CHUNK);
        } else if took > 4.0 * FAST_CALL_MS {
            chunk = (chunk / 2).max(1);
        }
    }
}

/// The checks of `exp` with its lab's reference rows; while `playing`, only those of labs
/// whose checks mean something mid-run.
pub fn checked<L: Lab>(exp: &L::Exp, playing: bool) -> Checked {
    let e = exp.experiment();
    let meaningful = !playing || exp.checks_while_running() || e.is_done();
    Checked {
        checks: if meaningful { e.checks() } else { Vec::new() },
        references: L::references(exp),
    }
}

/// How fast the experiment advances.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    /// Steps per second.
    Steps(u32),
    /// As fast as the frame budget allows.
    Max,
}

impl Speed {
    pub const CHOICES: [(Speed, &'static str); 5] = [
        (Speed::Steps(5), "5 steps/s"),
        (Speed::Steps(50), "50 steps/s"),
        (Speed::Steps(500), "500 steps/s"),
        (Speed::Steps(5000), "5000 steps/s"),
        (Speed::Max, "as fast as possible"),
    ];
}

/// An experiment on the page, shared between the runner's task and the lab's readers.
pub type Shared<E> = Rc<RefCell<E>>;

/// The experiment's turn: the only code that holds it across an await (a step waiting
/// for the GPU). Only the runner's task calls it — frames and jobs run there one after
/// another — and readers use `try_borrow` and find the run busy, so borrows never clash.
#[allow(clippy::await_holding_refcell_ref)]
pub async fn turn<E, R>(exp: &Shared<E>, f: impl AsyncFnOnce(&mut E) -> R) -> R {
    let mut e = exp.borrow_mut();
    f(&mut e).await
}

/// Work to do on a page's experiment between steps; it may await (a GPU readback).
pub type Job<E> = Box<dyn FnOnce(Shared<E>) -> Pin<Box<dyn Future<Output = ()>>>>;

/// What to do with a command's reply.
pub type OnReply<L> = Box<dyn FnOnce(Result<<L as Lab>::Reply, String>)>;

/// Where the experiment runs.
enum Engine<L: Lab> {
    Page(page::PageRun<L>),
    Worker(remote::WorkerRun),
}

/// Frame-to-frame bookkeeping of the loop.
#[derive(Clone, Copy, Debug)]
struct Clock {
    last_version: f64,
    last_slow: f64,
    /// Fractional steps owed at a throttled speed.
    owed: f64,
    /// This frame's work budget on the page (adapts to how late frames arrive).
    budget: f64,
    last_frame: f64,
}

/// Handle to a running experiment; cheap to copy into closures.
pub struct Runner<L: Lab> {
    engine: StoredValue<Option<Engine<L>>, LocalStorage>,
    snapshot: StoredValue<Snapshot<L::View>, LocalStorage>,
    /// The latest checks the Verify panel asked for ([`Runner::refresh_checks`]).
    pub checks: RwSignal<Option<Checked>>,
    /// The page's view settings, for the lab's view ([`Lab::view`]).
    settings: StoredValue<Vec<(String, String)>, LocalStorage>,
    /// Waiting for the replies of commands sent, in order.
    replies: StoredValue<std::collections::VecDeque<OnReply<L>>, LocalStorage>,
    /// Waiting for the next checks (an export of the JSON report).
    after_checks: StoredValue<Vec<Box<dyn FnOnce()>>, LocalStorage>,
    clock: StoredValue<Clock, LocalStorage>,
    /// Resolves the promise the loop rests on while the run is paused (see `rest`).
    waker: StoredValue<Option<js_sys::Function>, LocalStorage>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<Speed>,
    /// Bumped when the snapshot changed, at most ~30 times a second while playing and at
    /// once when the run pauses, ends, steps or starts again: read it to redraw.
    pub version: RwSignal<u64>,
    /// Bumped five times a second (and whenever the run settles): for panels that need
    /// not follow every frame.
    pub slow_version: RwSignal<u64>,
    /// Where a run that stopped says why (the shell shows it).
    error: RwSignal<Option<String>>,
}

impl<L: Lab> std::fmt::Debug for Runner<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner")
            .field("playing", &self.playing.get_untracked())
            .field("version", &self.version.get_untracked())
            .finish_non_exhaustive()
    }
}

impl<L: Lab> Clone for Runner<L> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<L: Lab> Copy for Runner<L> {}

impl<L: Lab> Runner<L> {
    /// Start the loop on `scenario`; it stops when the owning component is cleaned up.
    /// Errors that stop a run are written to `error`.
    pub fn new(
        scenario: &Scenario,
        settings: Vec<(String, String)>,
        autoplay: bool,
        error: RwSignal<Option<String>>,
    ) -> Self {
        let runner = Runner {
            engine: StoredValue::new_local(None),
            snapshot: StoredValue::new_local(Snapshot::default()),
            checks: RwSignal::new(None),
            after_checks: StoredValue::new_local(Vec::new()),
            settings: StoredValue::new_local(settings),
            replies: StoredValue::new_local(Default::default()),
            clock: StoredValue::new_local(Clock {
                last_version: f64::NEG_INFINITY,
                last_slow: f64::NEG_INFINITY,
                owed: 0.0,
                budget: FRAME_BUDGET_MS,
                last_frame: now_ms(),
            }),
            waker: StoredValue::new_local(None),
            playing: RwSignal::new(autoplay),
            speed: RwSignal::new(Speed::Max),
            version: RwSignal::new(0),
            slow_version: RwSignal::new(0),
            error,
        };
        let engine = match remote::WorkerRun::spawn(runner) {
            Ok(worker) => Engine::Worker(worker),
            // No worker (an old browser, a page served without the worker script): the
            // run goes on here, with the same numbers.
            _ => Engine::Page(page::PageRun::new()),
        };
        runner.engine.set_value(Some(engine));
        runner.start(scenario);
        Effect::new(move |_| {
            if runner.playing.get() {
                runner.wake();
            }
        });
        // on_cleanup needs Send + Sync; an atomic flag is the simplest such handle.
        let alive = Arc::new(AtomicBool::new(true));
        let flag = alive.clone();
        on_cleanup(move || flag.store(false, Ordering::Relaxed));
        leptos::task::spawn_local(runner.run(alive));
        runner
    }

    /// Read the run as the page last saw it.
    pub fn with<R>(&self, f: impl FnOnce(&Snapshot<L::View>) -> R) -> R {
        self.snapshot.with_value(f)
    }

    fn page_exp(&self) -> Option<Shared<L::Exp>> {
        self.engine.with_value(|e| match e {
            Some(Engine::Page(p)) => Some(p.exp()?.clone()),
            _ => None,
        })
    }

    /// Run `job` on a page's experiment between steps (ignored for a run in a worker).
    pub fn job(&self, job: Job<L::Exp>) {
        self.engine.update_value(|e| {
            if let Some(Engine::Page(p)) = e {
                p.jobs.push(job);
            }
        });
        self.wake();
    }

    /// Start a fresh run of `scenario` (reset, reseed, edited scenario).
    pub fn start(&self, scenario: &Scenario) {
        self.clock.update_value(|c| c.owed = 0.0);
        self.checks.set(None);
        if self.on_page() {
            page::start(*self, scenario);
        } else {
            let settings = self.settings.get_value();
            remote::with_worker(*self, |w| w.start(scenario, settings));
            self.snapshot.update_value(Snapshot::restarted);
            self.changed(true);
        }
    }

    /// Send `message` to the run's worker.
    fn tell_worker(&self, message: ToWorker) {
        remote::with_worker(*self, |w| w.send(message));
    }

    fn on_page(&self) -> bool {
        self.engine
            .with_value(|e| matches!(e, Some(Engine::Page(_))))
    }

    /// Finish the current step (the → key).
    pub fn step_once(&self) {
        self.playing.set(false);
        if self.on_page() {
            page::step(*self);
        } else {
            self.tell_worker(ToWorker::Step);
        }
    }

    pub fn toggle(&self) {
        if !self.with(Snapshot::is_done) {
            self.playing.update(|p| *p = !*p);
            self.changed(true);
        }
    }

    /// Compute the checks of the run now (the Verify panel asks, at most once a second
    /// while playing); they land in `checks`.
    pub fn refresh_checks(&self) {
        let playing = self.playing.get_untracked();
        if self.on_page() {
            page::refresh_checks(*self, playing);
        } else {
            self.tell_worker(ToWorker::Checks { playing });
        }
    }

    /// Send one of the lab's commands to the run (between steps); `then` gets the reply.
    pub fn command(
        &self,
        command: L::Command,
        then: impl FnOnce(Result<L::Reply, String>) + 'static,
    ) {
        self.replies.update_value(|q| q.push_back(Box::new(then)));
        if self.on_page() {
            page::command(*self, command);
        } else {
            let command = protocol::encode(&command);
            self.tell_worker(ToWorker::Command { command });
        }
    }

    /// A command's reply arrived (replies come in the order the commands went).
    fn replied(&self, reply: Result<L::Reply, String>) {
        if let Some(then) = self.replies.try_update_value(|q| q.pop_front()).flatten() {
            then(reply);
        }
    }

    /// The page's view settings changed: the lab's view follows them.
    pub fn set_settings(&self, settings: Vec<(String, String)>) {
        if self.settings.with_value(|s| *s == settings) {
            return;
        }
        self.settings.set_value(settings.clone());
        if self.on_page() {
            page::publish(*self);
        } else {
            self.tell_worker(ToWorker::Settings { view: settings });
        }
    }

    /// Do `f` once the next checks have landed (an export of the report with its checks).
    pub fn after_checks(&self, f: impl FnOnce() + 'static) {
        self.after_checks.update_value(|q| q.push(Box::new(f)));
        self.refresh_checks();
    }

    /// The checks arrived: store them and run what waited for them.
    fn checks_landed(&self, checked: Checked) {
        self.checks.set(Some(checked));
        for f in self
            .after_checks
            .try_update_value(std::mem::take)
            .unwrap_or_default()
        {
            f();
        }
    }

    async fn run(self, alive: Arc<AtomicBool>) {
        while alive.load(Ordering::Relaxed) {
            if self.on_page() {
                page::frame(self).await;
            } else {
                remote::frame(self);
            }
            if self.resting() {
                self.rest().await;
            } else {
                next_frame().await;
            }
        }
    }

    /// Paused with nothing queued: until the visitor plays or something is queued, the
    /// loop has nothing to do, so it asks for no animation frames (an idle tab costs
    /// nothing). A run in a worker answers steps, checks and commands without the loop.
    fn resting(&self) -> bool {
        !self.playing.get_untracked()
            && !self
                .engine
                .with_value(|e| matches!(e, Some(Engine::Page(p)) if !p.jobs.is_empty()))
    }

    /// Rest until woken (play, a queued job) or for a second (to notice that the page
    /// was left); the frame clock starts afresh, as a rest is not a late frame.
    async fn rest(&self) {
        let waker = self.waker;
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 1000);
            }
            waker.set_value(Some(resolve));
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        self.waker.set_value(None);
        self.clock.update_value(|c| c.last_frame = now_ms());
    }

    /// End the loop's rest, if it is resting.
    fn wake(&self) {
        if let Some(resolve) = self.waker.try_update_value(Option::take).flatten() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    }

    /// How much to do this frame: `None` when paused, else the time budget on the page and
    /// the step quota at a throttled speed.
    fn due(&self) -> Option<(f64, Option<usize>)> {
        let now = now_ms();
        let mut clock = self.clock.get_value();
        let dt = (now - clock.last_frame).clamp(0.0, 250.0);
        clock.last_frame = now;
        if !self.playing.get_untracked() {
            self.clock.set_value(clock);
            return None;
        }
        let quota = match self.speed.get_untracked() {
            Speed::Max => None,
            Speed::Steps(per_s) => {
                let owed = clock.owed + dt / 1000.0 * f64::from(per_s);
                clock.owed = owed.fract();
                Some(owed.floor() as usize)
            }
        };
        clock.budget = adapt_budget(clock.budget, dt);
        let budget = if now - clock.last_slow >= SLOW_PERIOD_MS {
            SLOW_FRAME_BUDGET_MS.min(clock.budget)
        } else {
            clock.budget
        };
        self.clock.set_value(clock);
        Some((budget, quota))
    }

    /// A frame of the run arrived: bring the snapshot up to date, stop at the end or on
    /// an error, and tell readers.
    fn landed(&self, frame: snapshot::Frame<L::View>) {
        // Checks answered while the run stands still go to the Verify panel alone: telling
        // every reader the run changed would make that panel ask for checks again, a loop
        // that kept a paused page busy (about 40% of a core).
        if self.with(|s| frame.only_checks(s)) {
            if let Some(c) = frame.checks {
                self.checks_landed(c);
            }
            return;
        }
        let before = self.with(|s| s.stopped.clone());
        let checks = self.snapshot.try_update_value(|s| s.apply(frame)).flatten();
        let (done, stopped) = self.with(|s| (s.is_done(), s.stopped.clone()));
        // Said once when the run stops, not again with every later frame (checks, views).
        if stopped.is_some() && stopped != before {
            self.error.set(stopped.clone());
        }
        let settled = done || stopped.is_some();
        if settled {
            self.playing.set(false);
        }
        if let Some(c) = checks {
            self.checks_landed(c);
        }
        self.changed(settled || !self.playing.get_untracked());
    }

    /// Tell readers the snapshot changed; `settled` (paused, finished, stepped, replaced)
    /// tells every reader at once.
    fn changed(&self, settled: bool) {
        let now = now_ms();
        let mut clock = self.clock.get_value();
        if settled || now - clock.last_version >= PERIOD_MS {
            clock.last_version = now;
            self.version.update(|v| *v += 1);
        }
        if settled || now - clock.last_slow >= SLOW_PERIOD_MS {
            clock.last_slow = now;
            self.slow_version.update(|v| *v += 1);
        }
        self.clock.set_value(clock);
    }

    /// Whether the page would redraw now (a frame is worth copying out of the experiment).
    fn redraw_due(&self) -> bool {
        now_ms() - self.clock.get_value().last_version >= PERIOD_MS
    }
}

/// Halve the budget after a late frame, grow it back by a millisecond per punctual one.
fn adapt_budget(current: f64, dt: f64) -> f64 {
    if dt > LATE_FRAME_MS {
        (current / 2.0).max(MIN_BUDGET_MS)
    } else {
        (current + 1.0).min(FRAME_BUDGET_MS)
    }
}

/// A promise that resolves at the next animation frame.
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(resolve.unchecked_ref());
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_budget_halves_after_late_frames_and_recovers_slowly() {
        assert_eq!(adapt_budget(10.0, 60.0), 5.0);
        assert_eq!(adapt_budget(2.5, 60.0), MIN_BUDGET_MS);
        assert_eq!(adapt_budget(5.0, 16.0), 6.0);
        assert_eq!(adapt_budget(FRAME_BUDGET_MS, 16.0), FRAME_BUDGET_MS);
    }
}
