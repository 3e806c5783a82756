//! The Gridworld Lab: maps compiled into MDPs, dynamic programming, tabular learners, the
//! experiment that runs them side by side, and the exact answers its Verify panel checks.
//!
//! - [`map`]: [`Grid::compile`] turns a [`GridEnv`](crate::scenario::GridEnv) into a
//!   [`Grid`] (geometry, cell kinds, state numbering) and its [`Mdp`](crate::mdp::Mdp).
//! - [`dp`] and [`linear`]: Bellman operators, the planners, exact evaluation.
//! - [`explore`], [`bonus`], [`td`]: action selection, reward shaping and the TD update,
//!   shared by every learner that learns from experience ([`agent`], [`psrl`]).
//! - [`GridExperiment`]: the [`Experiment`](crate::Experiment) the page and the CLI run.

pub mod agent;
pub mod bonus;
mod checks;
pub mod dp;
mod experiment;
pub mod explore;
pub mod linear;
pub mod map;
pub mod policy;
pub mod psrl;
pub mod td;

pub use experiment::{GridExperiment, RESIDUAL, RETURN, START_VALUE};
pub use map::{CellKind, Grid};
pub use policy::Policy;

/// Tags that keep a run's random streams apart: (seed, [run, TAG]). No learner index: see
/// [`agent`] (common random numbers).
mod streams {
    pub const ENV: u64 = 0xE;
    pub const ACT: u64 = 0xA;
    pub const PSRL: u64 = 0x9;
}
