//! The one error type of this crate. Every user-facing mistake (a shape mismatch, a token
//! id out of range, a diverged loss, a malformed file) comes back as an `NnError` whose
//! message says what was wrong and what was expected; nothing a user can do panics.

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum NnError {
    /// Operands whose shapes do not fit the operation.
    Shape { op: &'static str, detail: String },
    /// An index (token id, axis, range) outside what is allowed.
    Index { op: &'static str, detail: String },
    /// A loss or value became NaN or infinite.
    NonFinite { what: String },
    /// Autodiff misuse: backward of a non-scalar, tensors from two tapes, ...
    Autodiff(String),
    /// A file or host buffer that cannot be read (safetensors, parameter import).
    Format(String),
    /// A bad configuration value.
    Config(String),
    /// The device failed (GPU backends: lost device, failed readback).
    Backend(String),
}

impl NnError {
    pub fn shape(op: &'static str, detail: impl Into<String>) -> Self {
        NnError::Shape {
            op,
            detail: detail.into(),
        }
    }

    pub fn index(op: &'static str, detail: impl Into<String>) -> Self {
        NnError::Index {
            op,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for NnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NnError::Shape { op, detail } => write!(f, "{op}: shape mismatch: {detail}"),
            NnError::Index { op, detail } => write!(f, "{op}: index out of range: {detail}"),
            NnError::NonFinite { what } => write!(
                f,
                "{what} is not a finite number (NaN or infinity): training has diverged and \
                 stopped. Lower the learning rate (or turn on gradient clipping), or reset \
                 the run"
            ),
            NnError::Autodiff(msg) => write!(f, "autodiff: {msg}"),
            NnError::Format(msg) => write!(f, "cannot read tensors: {msg}"),
            NnError::Config(msg) => write!(f, "bad configuration: {msg}"),
            NnError::Backend(msg) => write!(f, "device error: {msg}"),
        }
    }
}

impl std::error::Error for NnError {}

pub type Result<T, E = NnError> = std::result::Result<T, E>;
