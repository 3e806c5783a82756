//! Components every demo reuses.

pub mod keys;
pub mod plot;
pub mod run_controls;
pub mod share;
pub mod verify;
