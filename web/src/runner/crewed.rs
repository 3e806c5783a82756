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
/// The most the parts of steps run ahead may weigh in the head's memory: with eight
/// workers on a fast machine, 250 ms of steps could be hundreds of megabytes.
const AHEAD_BYTES: usize = 8 << 20;

pub struct Crewed<E> {
    exp: E,
    /// Builds the experiment for a role (again, should the crew fail).
    make: Box<dyn Fn(Role) -> Result<E, String>>,
    /// The crew's generation for this run; `None` when this worker steps every run.
    crew: Option<u64>,
    /// Steps helpers may be ahead of the head, and the step they may work below.
    window: usize,
    credited: usize,
}

impl<E: Shard> Crewed<E> {
    /// A run of `scenario`, split over a crew of helper workers when the scenario splits
    /// and this worker has cores to share; `make` builds the experiment for a role (its
    /// lab has checked that the scenario builds).
    pub fn build(
        scenario: &Scenario,
        make: impl Fn(Role) -> Result<E, String> + 'static,
    ) -> Result<Self, String> {
        let blocks = split::blocks_of(scenario).unwrap_or(1);
        let shares = split::shares(blocks, crew::size(blocks));
        let generation = match shares.len() {
            1 => None,
            _ => crew::assign(scenario, &shares[1..], FIRST_WINDOW)
                .map_err(|why| crew::disband(&why))
                .ok(),
        };
        let role = match generation {
            Some(_) => Role::Head(shares[0].clone()),
            None => Role::Whole,
        };
        Ok(Crewed {
            exp: make(role)?,
            make: Box::new(make),
            crew: generation,
            window: FIRST_WINDOW,
            credited: FIRST_WINDOW,
        })
    }

    /// Fold in the parts that arrived. A crew that failed is let go: this worker then
    /// steps every run itself, from the first step to where the run was — the same
    /// numbers, since they never depend on who steps a block.
    fn take_in(&mut self) -> Result<(), String> {
        let Some(generation) = self.crew else {
            return Ok(());
        };
        match crew::take(generation) {
            Ok(parts) if parts.is_empty() => {}
            Ok(parts) => self.exp.accept_parts(parts),
            Err(why) => {
                crew::disband(&why);
                let t = self.exp.t();
                self.exp = (self.make)(Role::Whole)?;
                while self.exp.t() < t {
                    self.exp.work(usize::MAX);
                }
                self.crew = None;
            }
        }
        Ok(())
    }

    /// Extend the helpers' credit once the head is halfway through it.
    fn credit(&mut self) {
        let Some(generation) = self.crew else {
            return;
        };
        let t = self.exp.t();
        if t + self.window / 2 >= self.credited {
            self.credited = t + self.window + 1;
            crew::credit(generation, self.credited);
        }
    }

    /// Size the window from the pace of this call's work so far, within the memory the
    /// parts ahead may take.
    fn pace(&mut self, steps: usize, took_ms: f64) {
        if steps > 0 {
            let per_step = (took_ms / steps as f64).max(1e-3);
            let by_time = (AHEAD_MS / per_step).ceil() as usize;
            let by_memory = AHEAD_BYTES / self.exp.others_bytes_per_step().max(1);
            self.window = by_time.min(by_memory).max(2);
        }
    }
}

impl<E: std::fmt::Debug> std::fmt::Debug for Crewed<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Crewed")
            .field("exp", &self.exp)
            .field("crew", &self.crew)
            .field("window", &self.window)
            .finish_non_exhaustive()
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

    fn workers(&self) -> usize {
        self.crew.map_or(1, |_| crew::assigned() + 1)
    }

    async fn advance(&mut self, deadline_ms: f64, quota: Option<usize>) -> Result<(), String> {
        let (t0, started) = (self.exp.t(), now_ms());
        let target = quota.map(|q| t0 + q);
        loop {
            self.take_in()?;
            let left = target.map(|t| t.saturating_sub(self.exp.t()));
            advance_sync(&mut self.exp, deadline_ms, left);
            // The pace so far sizes the credit from the first call on (on FIRST_WINDOW's
            // few steps of credit, the head waited on a round trip every other step).
            self.pace(self.exp.t() - t0, now_ms() - started);
            self.credit();
            let reached = target.is_some_and(|t| self.exp.t() >= t);
            let stopped = self.exp.is_done() || self.exp.divergence().is_some();
            if stopped || reached || now_ms() >= deadline_ms || self.crew.is_none() {
                break;
            }
            if self.exp.waiting() {
                crew::arrival().await;
            }
        }
        diverged(&self.exp)
    }

    async fn step(&mut self) -> Result<(), String> {
        let t = self.exp.t();
        while self.exp.t() == t && !self.exp.is_done() && self.exp.divergence().is_none() {
            self.take_in()?;
            self.credit();
            if self.exp.t() != t {
                break;
            }
            self.exp.work(usize::MAX);
            if self.exp.t() == t && self.crew.is_some() && self.exp.waiting() {
                crew::arrival().await;
            }
        }
        diverged(&self.exp)
    }
}
