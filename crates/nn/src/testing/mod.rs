//! Test support that every backend shares: the operation cases, finite-difference
//! gradient checks (f64, CPU) and the backend-parity suite. Public so that a backend in
//! another module or crate runs exactly the same tests (see [`parity`]).

pub mod cases;
pub mod gradcheck;
pub mod parity;

pub use cases::{OpCase, Spec, Values, draw_inputs, loss_weights};
