//! The messages between the page and its compute worker, in postcard: compact, every f64
//! keeps its bits (JSON would turn the NaN of an undefined metric into null), and little
//! code per message type in the bundle. Postcard does not describe itself, so the one
//! free-form value, a run's finals, travels as JSON text (as in the report), which
//! serde_json's `float_roundtrip` reads back to the same bits.
//!
//! Each run the page starts has a generation number; a frame from an older run (one the
//! worker finished after the page had already asked for a new one) is dropped.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use playground_core::split::StepPart;

use super::snapshot::Frame;

/// Page → worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ToWorker {
    /// Build a fresh run of this scenario (TOML) and send its first frame; the page's view
    /// settings come along.
    Start {
        generation: u64,
        scenario: String,
        settings: Vec<(String, String)>,
    },
    /// Work for up to `budget_ms` (or until `quota` more steps are done), then send a frame.
    Work {
        budget_ms: f64,
        quota: Option<usize>,
    },
    /// Finish the current step, then send a frame.
    Step,
    /// Send a frame with the checks.
    Checks { playing: Playing },
    /// The page's view settings changed: keep them for every later frame, and send one.
    Settings { view: Vec<(String, String)> },
    /// One of the lab's own commands (`Lab::Command`, encoded): do it between steps and
    /// send a frame with its reply (`Result<Lab::Reply, String>`, encoded).
    Command { command: Vec<u8> },
    /// Head → helper (`crew.rs`): step blocks `blocks.0..blocks.1` of this scenario's runs
    /// (TOML), steps below `through` for now, sending their parts; no blocks: rest.
    Shard {
        generation: u64,
        scenario: String,
        blocks: (usize, usize),
        through: usize,
    },
    /// Head → helper: steps below `through` may be done.
    Credit { generation: u64, through: usize },
}

/// Whether the page is playing when it asks for the checks (some labs' checks mean
/// something only once the run pauses).
pub type Playing = bool;

/// Worker → page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum FromWorker<V> {
    /// The module is loaded and the worker listens; `webgpu`: the worker has WebGPU's API
    /// (a browser may offer it to pages and not to workers).
    Ready { webgpu: bool },
    /// A frame of the run, with the encoded reply when the message was a command.
    Frame {
        generation: u64,
        frame: Frame<V>,
        reply: Option<Vec<u8>>,
    },
    /// Helper → head: the parts of steps the helper finished.
    Parts {
        generation: u64,
        parts: Vec<StepPart>,
    },
    /// The run could not start, or the worker failed; the page shows why. A command that
    /// failed so still gets its reply (an error).
    Failed {
        generation: u64,
        why: String,
        reply: Option<Vec<u8>>,
    },
}

pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    // Plain data of our own types: encoding cannot fail.
    postcard::to_allocvec(message).unwrap_or_default()
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("a message from the worker was garbled: {e}"))
}

/// A run's finals as JSON text on the wire (`#[serde(with = "finals_as_json")]`).
pub mod finals_as_json {
    use playground_core::experiment::Finals;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(finals: &Finals, s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(finals).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Finals, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
