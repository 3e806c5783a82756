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

    /// Finish the current step (and only it).
    fn step(&mut self) {
        let t = self.t();
        while self.t() == t && !self.is_done() {
            self.work(usize::MAX);
        }
    }

    /// Run to the end.
    fn run_to_end(&mut self) {
        while !self.is_done() {
            self.work(usize::MAX);
        }
    }
}
