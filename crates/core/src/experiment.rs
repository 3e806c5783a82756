//! The experiment engine: a deterministic state machine built from a Scenario.
//!
//! The web app time-slices [`Experiment::work`] between animation frames, the CLI calls it
//! until [`Experiment::is_done`]. Because every run owns its random streams, the numbers do
//! not depend on how the work is sliced.

use serde_json::{Map, Value};

use crate::check::Check;
use crate::series::Series;

/// End-of-run results that are not time series, per learner label:
/// `{label: {name: value}}` (a gridworld learner's `values` and `policy`, say). JSON, so
/// each lab says what it has in the shape its users expect.
pub type Finals = Map<String, Value>;

/// A learner whose numbers stopped being numbers (NaN or ∞), and where. The experiment
/// keeps the state it had before the step that blew up and does no more work; the page
/// shows this and offers Reset, the CLI prints it and fails.
#[derive(Clone, Debug, PartialEq)]
pub struct Divergence {
    pub learner: String,
    /// The step whose update blew up (1 = the first).
    pub step: usize,
    /// What is no longer finite, in words.
    pub cause: String,
    /// What to change to run it again.
    pub advice: String,
}

impl std::fmt::Display for Divergence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} diverged at step {}: {}. {} The run stopped there and keeps its last \
             finite state.",
            self.learner, self.step, self.cause, self.advice
        )
    }
}

/// Anything that can be stepped, reports metric series and checks itself.
pub trait Experiment {
    /// Completed steps. Every metric series has one point per step a learner took part
    /// in: the length of the longest; a learner that finished early (a planner that
    /// converged) has a shorter one.
    fn t(&self) -> usize;

    /// Total steps the scenario asks for.
    fn horizon(&self) -> usize;

    /// Do at most `budget` units of work (for bandits, one unit = one learner in one run
    /// advanced by one step) and return how many were done. A step's metric point is
    /// appended once all runs have finished it, and `work` returns right after that, so it
    /// never crosses a step boundary. Returns 0 when the experiment is done.
    fn work(&mut self, budget: usize) -> usize;

    /// The metric series so far.
    fn series(&self) -> &Series;

    /// Checks against exact answers, evaluated on the current state.
    fn checks(&self) -> Vec<Check>;

    /// Results that are not time series, for the current state (see [`Finals`]).
    fn finals(&self) -> Finals {
        Finals::new()
    }

    fn is_done(&self) -> bool {
        self.t() >= self.horizon()
    }

    /// The learner that diverged, if one did: `work` then does nothing.
    fn divergence(&self) -> Option<&Divergence> {
        None
    }

    /// Finish the current step (and only it), unless the run diverges.
    fn step(&mut self) {
        let t = self.t();
        while self.t() == t && !self.is_done() && self.divergence().is_none() {
            self.work(usize::MAX);
        }
    }

    /// Run to the end, or to a divergence.
    fn run_to_end(&mut self) {
        while !self.is_done() && self.divergence().is_none() {
            self.work(usize::MAX);
        }
    }
}
