//! The messages between the page and its compute worker, in postcard: compact, every f64
//! keeps its bits (JSON would turn the NaN of an undefined metric into null), and little
//! code per message type in the bundle. Postcard does not describe itself, so the one
//! free-form value, a run's finals, travels as JSON text (as in the report), which
//! serde_json's `float_roundtrip` reads back to the same bits.
//!
//! Each run the page starts has a generation number; a frame from an older run (one the
//! worker finished after the page had already asked for a new one) is dropped.

use js_sys::Uint8Array;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

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
        #[serde(with = "parts_as_bytes")]
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

/// A posted message's bytes, copied into this module's memory once. Messages are byte
/// arrays (`encode`), read in place; `Uint8Array::new` of one would copy it first.
pub fn bytes_of(data: JsValue) -> Vec<u8> {
    data.dyn_into::<Uint8Array>()
        .unwrap_or_else(|other| Uint8Array::new(&other))
        .to_vec()
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

/// Helpers' parts as one byte string on the wire (`#[serde(with = "parts_as_bytes")]`):
/// words copied, not fields encoded one by one ([`split::encode_parts`] says why).
pub mod parts_as_bytes {
    use std::fmt;

    use playground_core::split::{self, StepPart};
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(parts: &[StepPart], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&split::encode_parts(parts))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<StepPart>, D::Error> {
        d.deserialize_bytes(PartsVisitor)
    }

    struct PartsVisitor;

    impl Visitor<'_> for PartsVisitor {
        type Value = Vec<StepPart>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a helper's parts as bytes")
        }

        fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
            split::decode_parts(bytes).map_err(E::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_core::series::Moments;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn helpers_parts_cross_the_wire_bit_for_bit() {
        let mut m = Moments::default();
        [1.5, f64::NAN].into_iter().for_each(|x| m.push(x));
        let part = StepPart {
            step: 3,
            first_block: 2,
            moments: vec![m, Moments::default()],
            counts: vec![1, 2],
            values: vec![-0.0],
        };
        let bytes = encode(&FromWorker::<()>::Parts {
            generation: 9,
            parts: vec![part.clone()],
        });
        let posted: JsValue = Uint8Array::from(bytes.as_slice()).into();
        let Ok(FromWorker::<()>::Parts { generation, parts }) = decode(&bytes_of(posted)) else {
            panic!("not parts back")
        };
        assert_eq!(generation, 9);
        let words = |p: &StepPart| -> Vec<u64> {
            let moments = p.moments.iter().flat_map(Moments::to_words);
            let values = p.values.iter().map(|v| v.to_bits());
            moments.chain(p.counts.clone()).chain(values).collect()
        };
        assert_eq!(words(&parts[0]), words(&part));
        assert_eq!((parts[0].step, parts[0].first_block), (3, 2));
        // A garbled message is an error for the crew to report, not a panic.
        assert!(decode::<FromWorker<()>>(&bytes[..bytes.len() - 3]).is_err());
    }
}
