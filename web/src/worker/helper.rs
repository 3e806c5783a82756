//! A helper worker's share of a split run: it steps its blocks of runs while the head's
//! credit lasts and posts each step's part to the head (see `crate::runner::crew`).

use playground_core::Scenario;
use playground_core::split::{Role, Shard};

use crate::platform::dom::now_ms;
use crate::runner::protocol::{self, FromWorker};

/// Work per slice before the parts go out and messages from the head are read.
const SLICE_MS: f64 = 5.0;

pub struct HelperRun {
    generation: u64,
    exp: Box<dyn Shard>,
    /// Steps below this one may be done.
    through: usize,
}

impl HelperRun {
    pub fn start(
        generation: u64,
        toml: &str,
        (first, end): (usize, usize),
        through: usize,
    ) -> Result<Self, String> {
        let scenario = Scenario::from_toml(toml).map_err(|e| e.to_string())?;
        Ok(HelperRun {
            generation,
            exp: crate::labs::share_in_worker(&scenario, Role::Helper(first..end))?,
            through,
        })
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn credit(&mut self, through: usize) {
        self.through = self.through.max(through);
    }

    /// Whether there is work the credit allows.
    pub fn has_work(&self) -> bool {
        self.exp.t() < self.through && !self.exp.is_done()
    }

    /// Step for a slice of time (or until the credit is spent); the message with the parts
    /// made, if any.
    pub fn slice(&mut self) -> Option<Vec<u8>> {
        let deadline = now_ms() + SLICE_MS;
        while self.has_work() && now_ms() < deadline {
            self.exp.step();
        }
        let parts = self.exp.take_parts();
        (!parts.is_empty()).then(|| {
            protocol::encode(&FromWorker::<()>::Parts {
                generation: self.generation,
                parts,
            })
        })
    }
}
