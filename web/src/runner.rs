//! The run loop: time-slices an experiment's work between animation frames so the page
//! never freezes, at the speed the user picked.
//!
//! Each frame does work in small chunks until its time budget is spent (or the speed's
//! step quota is reached), then bumps `version`, which redraws whatever reads it. Because
//! runs own their random streams, slicing never changes the numbers.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;
use playground_core::Experiment;

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
/// Work units between clock checks.
const CHUNK: usize = 32;

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

/// Handle to a running experiment; cheap to copy into closures.
pub struct Runner<E: 'static> {
    exp: StoredValue<E, LocalStorage>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<Speed>,
    /// Bumped when the experiment changed, at most ~30 times a second while playing and
    /// at once when it pauses or ends: read it to redraw.
    pub version: RwSignal<u64>,
    last_version: StoredValue<f64, LocalStorage>,
    /// Bumped five times a second (and whenever a run pauses or ends): read it for panels
    /// that need not follow every frame.
    pub slow_version: RwSignal<u64>,
    last_slow: StoredValue<f64, LocalStorage>,
    /// Fractional steps owed at a throttled speed.
    owed: StoredValue<f64, LocalStorage>,
    /// This frame's work budget (adapts to how late frames arrive).
    budget: StoredValue<f64, LocalStorage>,
    last_frame: StoredValue<f64, LocalStorage>,
}

impl<E> Clone for Runner<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E> Copy for Runner<E> {}

impl<E: Experiment + 'static> Runner<E> {
    /// Start the loop; it stops when the owning component is cleaned up.
    pub fn new(exp: E, autoplay: bool) -> Self {
        let runner = Runner {
            exp: StoredValue::new_local(exp),
            playing: RwSignal::new(autoplay),
            speed: RwSignal::new(Speed::Max),
            version: RwSignal::new(0),
            last_version: StoredValue::new_local(f64::NEG_INFINITY),
            slow_version: RwSignal::new(0),
            last_slow: StoredValue::new_local(f64::NEG_INFINITY),
            owed: StoredValue::new_local(0.0),
            budget: StoredValue::new_local(FRAME_BUDGET_MS),
            last_frame: StoredValue::new_local(now_ms()),
        };
        // on_cleanup needs Send + Sync; an atomic flag is the simplest such handle.
        let alive = Arc::new(AtomicBool::new(true));
        let flag = alive.clone();
        on_cleanup(move || flag.store(false, Ordering::Relaxed));
        runner.schedule(alive);
        runner
    }

    fn schedule(self, alive: Arc<AtomicBool>) {
        request_animation_frame(move || {
            if alive.load(Ordering::Relaxed) {
                self.frame();
                self.schedule(alive);
            }
        });
    }

    fn frame(self) {
        let now = now_ms();
        let dt = (now - self.last_frame.get_value()).clamp(0.0, 250.0);
        self.last_frame.set_value(now);
        if !self.playing.get_untracked() {
            return;
        }
        let quota = match self.speed.get_untracked() {
            Speed::Max => None,
            Speed::Steps(per_s) => {
                let owed = self.owed.get_value() + dt / 1000.0 * f64::from(per_s);
                let whole = owed.floor();
                self.owed.set_value(owed - whole);
                Some(whole as usize)
            }
        };
        let adapted = self.adapt_budget(dt);
        let budget = if self.slow_due(now) {
            SLOW_FRAME_BUDGET_MS.min(adapted)
        } else {
            adapted
        };
        let done = self
            .exp
            .try_update_value(|e| advance(e, now, budget, quota))
            .unwrap_or(true);
        if done {
            self.playing.set(false);
        }
        self.changed(done);
    }

    /// Halve the budget after a late frame, grow it back by a millisecond per punctual one.
    fn adapt_budget(&self, dt: f64) -> f64 {
        let current = self.budget.get_value();
        let next = if dt > LATE_FRAME_MS {
            (current / 2.0).max(MIN_BUDGET_MS)
        } else {
            (current + 1.0).min(FRAME_BUDGET_MS)
        };
        self.budget.set_value(next);
        next
    }

    fn slow_due(&self, now: f64) -> bool {
        now - self.last_slow.get_value() >= SLOW_PERIOD_MS
    }

    /// Tell readers the experiment changed; `settled` (paused, finished, stepped, replaced)
    /// tells every reader at once.
    fn changed(&self, settled: bool) {
        let now = now_ms();
        if settled || now - self.last_version.get_value() >= PERIOD_MS {
            self.last_version.set_value(now);
            self.version.update(|v| *v += 1);
        }
        if settled || self.slow_due(now) {
            self.last_slow.set_value(now);
            self.slow_version.update(|v| *v += 1);
        }
    }

    /// Read the experiment.
    pub fn with<R>(&self, f: impl FnOnce(&E) -> R) -> R {
        self.exp.with_value(f)
    }

    /// Finish the current step (the → key).
    pub fn step_once(&self) {
        self.playing.set(false);
        self.exp.update_value(|e| e.step());
        self.changed(true);
    }

    /// Swap in a new experiment (reset, reseed, edited scenario).
    pub fn replace(&self, exp: E) {
        self.exp.set_value(exp);
        self.owed.set_value(0.0);
        self.changed(true);
    }

    pub fn toggle(&self) {
        let finished = self.with(|e| e.is_done());
        if !finished {
            self.playing.update(|p| *p = !*p);
            self.changed(true);
        }
    }
}

/// Work until `budget_ms` is spent or `quota` steps are done; true when finished.
fn advance<E: Experiment>(
    exp: &mut E,
    frame_start: f64,
    budget_ms: f64,
    quota: Option<usize>,
) -> bool {
    let target = quota.map(|q| exp.t() + q);
    while !exp.is_done() && now_ms() - frame_start < budget_ms {
        if target.is_some_and(|t| exp.t() >= t) {
            break;
        }
        exp.work(CHUNK);
    }
    exp.is_done()
}
