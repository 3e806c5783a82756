//! The policy-gradient engine's tests, one binary: exact answers against brute force and
//! closed forms, gradients against finite differences, every learner against the exact
//! optimum, and the experiment's determinism.

mod claims;
mod exact;
mod experiment;
mod gradients;
mod learners;
mod presets;
mod questions;
mod tasks;
