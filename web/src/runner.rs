//! The run loop: the one place that drives every lab's experiment, whether its steps are
//! plain computation (bandits, gridworlds) or wait on the GPU (a transformer on WebGPU).
//!
//! One async task per page owns the experiment's turn: each animation frame it runs the
//! queued jobs (a backend switch, an inspection), then advances the experiment until the
//! frame's time budget is spent or the speed's step quota is reached, then bumps `version`,
//! which redraws whatever reads it. Panels read the experiment between steps
//! ([`Runner::with`]). Because runs own their random streams, slicing never changes the
//! numbers. This is the place that would move compute into a Web Worker: the page only
//! talks to the experiment through `with`, `job`, `step_once` and `replace`.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;
use playground_core::Experiment;
use wasm_bindgen::JsCast;

use crate::platform::dom::now_ms;

/// Work per frame, at most. Ten milliseconds leave room for drawing the main figure within
/// a 16 ms frame and keep every main-thread task far below 50 ms.
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
/// unit costs, so a frame overruns its budget by at most about one unit.
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
        exp.work(chunk);
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

/// The experiment, shared between the runner's task and the page's readers.
pub type Shared<E> = Rc<RefCell<E>>;

/// The experiment's turn: the only code that holds it across an await (a step waiting
/// for the GPU). Only the runner's task calls it — frames and jobs run there one after
/// another — and readers use `try_borrow` and find the run busy, so borrows never clash.
#[allow(clippy::await_holding_refcell_ref)]
pub async fn turn<E, R>(exp: &Shared<E>, f: impl AsyncFnOnce(&mut E) -> R) -> R {
    let mut e = exp.borrow_mut();
    f(&mut e).await
}

/// Work to do on the experiment between steps; it may await (a GPU readback).
pub type Job<E> = Box<dyn FnOnce(Shared<E>) -> Pin<Box<dyn Future<Output = ()>>>>;

/// Frame-to-frame bookkeeping of the loop.
#[derive(Clone, Copy, Debug)]
struct Clock {
    last_version: f64,
    last_slow: f64,
    /// Fractional steps owed at a throttled speed.
    owed: f64,
    /// This frame's work budget (adapts to how late frames arrive).
    budget: f64,
    last_frame: f64,
}

/// Handle to a running experiment; cheap to copy into closures.
pub struct Runner<E: 'static> {
    exp: StoredValue<Shared<E>, LocalStorage>,
    jobs: StoredValue<Vec<Job<E>>, LocalStorage>,
    clock: StoredValue<Clock, LocalStorage>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<Speed>,
    /// Bumped when the experiment changed, at most ~30 times a second while playing and
    /// at once when it pauses, ends or a job finishes: read it to redraw.
    pub version: RwSignal<u64>,
    /// Bumped five times a second (and whenever the run settles): for panels that need
    /// not follow every frame.
    pub slow_version: RwSignal<u64>,
    /// Where a run that stopped says why (the shell shows it).
    error: RwSignal<Option<String>>,
}

impl<E> std::fmt::Debug for Runner<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner")
            .field("playing", &self.playing.get_untracked())
            .field("version", &self.version.get_untracked())
            .finish_non_exhaustive()
    }
}

impl<E> Clone for Runner<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E> Copy for Runner<E> {}

impl<E: Live> Runner<E> {
    /// Start the loop; it stops when the owning component is cleaned up. Errors that stop
    /// a run are written to `error`.
    pub fn new(exp: E, autoplay: bool, error: RwSignal<Option<String>>) -> Self {
        let runner = Runner {
            exp: StoredValue::new_local(Rc::new(RefCell::new(exp))),
            jobs: StoredValue::new_local(Vec::new()),
            clock: StoredValue::new_local(Clock {
                last_version: f64::NEG_INFINITY,
                last_slow: f64::NEG_INFINITY,
                owed: 0.0,
                budget: FRAME_BUDGET_MS,
                last_frame: now_ms(),
            }),
            playing: RwSignal::new(autoplay),
            speed: RwSignal::new(Speed::Max),
            version: RwSignal::new(0),
            slow_version: RwSignal::new(0),
            error,
        };
        // on_cleanup needs Send + Sync; an atomic flag is the simplest such handle.
        let alive = Arc::new(AtomicBool::new(true));
        let flag = alive.clone();
        on_cleanup(move || flag.store(false, Ordering::Relaxed));
        leptos::task::spawn_local(runner.run(alive));
        runner
    }

    fn shared(&self) -> Option<Shared<E>> {
        self.exp.try_with_value(Rc::clone)
    }

    async fn run(self, alive: Arc<AtomicBool>) {
        while alive.load(Ordering::Relaxed) {
            let Some(exp) = self.shared() else { return };
            let jobs = self
                .jobs
                .try_update_value(std::mem::take)
                .unwrap_or_default();
            for job in jobs {
                job(exp.clone()).await;
                self.changed(true);
            }
            self.frame(&exp).await;
            next_frame().await;
        }
    }

    async fn frame(&self, exp: &Shared<E>) {
        let now = now_ms();
        let mut clock = self.clock.get_value();
        let dt = (now - clock.last_frame).clamp(0.0, 250.0);
        clock.last_frame = now;
        if !self.playing.get_untracked() {
            self.clock.set_value(clock);
            return;
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
        let result = turn(exp, async |e: &mut E| e.advance(now + budget, quota).await).await;
        let done = exp.borrow().experiment().is_done();
        if let Err(why) = &result {
            self.error.set(Some(why.clone()));
        }
        if done || result.is_err() {
            self.playing.set(false);
        }
        self.changed(done || result.is_err());
    }

    /// Tell readers the experiment changed; `settled` (paused, finished, stepped, replaced)
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

    /// Read the experiment; None while a step that waits on the GPU is in flight (the
    /// reader is called again when `version` moves).
    pub fn with<R>(&self, f: impl FnOnce(&E) -> R) -> Option<R> {
        let exp = self.shared()?;
        let e = exp.try_borrow().ok()?;
        Some(f(&e))
    }

    /// Run `job` on the experiment between steps (at once if it is free and the job
    /// finishes without waiting, else at the start of the next frame).
    pub fn job(&self, job: Job<E>) {
        self.jobs.update_value(|q| q.push(job));
    }

    /// Do `f` with the experiment now if it is free, else between the next steps.
    pub fn when_free(&self, f: impl FnOnce(&mut E) + 'static) {
        if let Some(exp) = self.shared()
            && let Ok(mut e) = exp.try_borrow_mut()
        {
            f(&mut e);
            return;
        }
        self.job(Box::new(move |exp| {
            Box::pin(async move { f(&mut exp.borrow_mut()) })
        }));
    }

    /// Finish the current step (the → key); synchronous experiments answer at once.
    pub fn step_once(&self) {
        self.playing.set(false);
        let runner = *self;
        let sync = self.with(|e| !e.waits()).unwrap_or(false);
        if sync {
            self.when_free(move |e| {
                e.experiment_mut().step();
                if let Err(why) = diverged(e.experiment()) {
                    runner.error.set(Some(why));
                }
            });
            self.changed(true);
            return;
        }
        self.job(Box::new(move |exp| {
            Box::pin(async move {
                let result = turn(&exp, async |e: &mut E| e.step().await).await;
                if let Err(why) = result {
                    runner.error.set(Some(why));
                }
            })
        }));
    }

    /// Swap in a new experiment (reset, reseed, edited scenario).
    pub fn replace(&self, fresh: E) {
        self.when_free(move |e| *e = fresh);
        self.clock.update_value(|c| c.owed = 0.0);
        self.changed(true);
    }

    pub fn toggle(&self) {
        let finished = self.with(|e| e.experiment().is_done()).unwrap_or(false);
        if !finished {
            self.playing.update(|p| *p = !*p);
            self.changed(true);
        }
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
