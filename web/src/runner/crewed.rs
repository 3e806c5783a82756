//! A run whose runs split over cores, as the runner drives it: in the head worker, the
//! experiment steps its own share and folds in the crew's parts (see `crew.rs`).

use std::ops::Deref;

use playground_core::Scenario;
use playground_core::experiment::Experiment;
use playground_core::split::{self, Role, Shard};

use super::{Live, advance_sync, crew, diverged};
use crate::platform::dom::now_ms;

/// How far helpers may run ahead of the head, in the head's time per step: enough that
/// they rarely wait for credit (they post their parts every few milliseconds), little
/// enough that a paused run stops them within a blink.
const AHEAD_MS: f64 = 250.0;
/// Credit before the head has measured its pace.
const FIRST_WINDOW: usize = 4;

#[derive(Debug)]
pub struct Crewed<E> {
    exp: E,
    /// The crew's generation for this run; `None` when this worker steps every run.
    crew: Option<u64>,
    /// Steps helpers may be ahead of the head, and the step they may work below.
    window: usize,
    credited: usize,
}

impl<E: Shard> Crewed<E> {
    /// A run of `scenario`, split over a crew of helper workers when the scenario splits
    /// and this worker has cores to share; `make` builds the experiment for a role.
    pub fn build(scenario: &Scenario, make: impl Fn(Role) -> E) -> Result<Self, String> {
        let blocks = split::blocks_of(scenario).unwrap_or(1);
        let workers = crew::size(blocks);
        if workers < 2 {
            return Ok(Crewed {
                exp: make(Role::Whole),
                crew: None,
                window: 0,
                credited: 0,
            });
        }
        let shares = split::shares(blocks, workers);
        let generation = crew::assign(scenario, &shares[1..], FIRST_WINDOW)?;
        Ok(Crewed {
            exp: make(Role::Head(shares[0].clone())),
            crew: Some(generation),
            window: FIRST_WINDOW,
            credited: FIRST_WINDOW,
        })
    }

    /// Workers stepping this run, the head included.
    pub fn workers(&self) -> usize {
        self.crew.map_or(1, |_| crew::assigned() + 1)
    }

    /// Fold in the parts that arrived.
    fn take_in(&mut self, generation: u64) -> Result<(), String> {
        let parts = crew::take(generation)?;
        if !parts.is_empty() {
            self.exp.accept_parts(parts);
        }
        Ok(())
    }

    /// Extend the helpers' credit once the head is halfway through it.
    fn credit(&mut self, generation: u64) {
        let t = self.exp.t();
        if t + self.window / 2 >= self.credited {
            self.credited = t + self.window + 1;
            crew::credit(generation, self.credited);
        }
    }

    /// Size the window from the pace of the last stretch of work.
    fn pace(&mut self, steps: usize, took_ms: f64) {
        if steps > 0 {
            let per_step = (took_ms / steps as f64).max(1e-3);
            self.window = ((AHEAD_MS / per_step).ceil() as usize).clamp(2, 100_000);
        }
    }
}

impl<E> Deref for Crewed<E> {
    type Target = E;

    fn deref(&self) -> &E {
        &self.exp
    }
}

impl<E: Shard + 'static> Live for Crewed<E> {
    fn experiment(&self) -> &dyn Experiment {
        &self.exp
    }

    fn experiment_mut(&mut self) -> &mut dyn Experiment {
        &mut self.exp
    }

    async fn advance(&mut self, deadline_ms: f64, quota: Option<usize>) -> Result<(), String> {
        let Some(generation) = self.crew else {
            advance_sync(&mut self.exp, deadline_ms, quota);
            return diverged(&self.exp);
        };
        let (t0, started) = (self.exp.t(), now_ms());
        let target = quota.map(|q| t0 + q);
        loop {
            self.take_in(generation)?;
            let left = target.map(|t| t.saturating_sub(self.exp.t()));
            advance_sync(&mut self.exp, deadline_ms, left);
            self.credit(generation);
            let reached = target.is_some_and(|t| self.exp.t() >= t);
            let stopped = self.exp.is_done() || self.exp.divergence().is_some();
            if stopped || reached || now_ms() >= deadline_ms {
                break;
            }
            if self.exp.waiting() {
                crew::arrival().await;
            }
        }
        self.pace(self.exp.t() - t0, now_ms() - started);
        diverged(&self.exp)
    }

    async fn step(&mut self) -> Result<(), String> {
        let t = self.exp.t();
        while self.exp.t() == t && !self.exp.is_done() && self.exp.divergence().is_none() {
            if let Some(generation) = self.crew {
                self.take_in(generation)?;
                self.credit(generation);
            }
            if self.exp.t() != t {
                break;
            }
            self.exp.work(usize::MAX);
            if self.exp.t() == t && self.exp.waiting() {
                crew::arrival().await;
            }
        }
        diverged(&self.exp)
    }
}
