//! Policy Playground's core: everything that is maths and no web or GPU.
//!
//! - [`scenario`]: the Scenario type (serde, validated, versioned) and its URL form.
//! - [`experiment`]: the deterministic `Experiment` state machine trait.
//! - [`gridworld`]: the Gridworld Lab's maps, planners, learners, experiment and checks.
//! - [`rng`] and [`math`]: bit-reproducible randomness and maths on every platform;
//!   [`lanes`]: a block of runs' generators side by side, for engines that step runs together.
//! - [`series`] and [`check`]: what experiments report.
//! - [`presets`]: named scenarios a lecturer reaches for.

pub mod check;
pub mod experiment;
pub mod gridworld;
pub mod lanes;
pub mod markov;
pub mod math;
pub mod mdp;
pub mod presets;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod series;
pub mod split;
mod ziggurat;

pub use check::Check;
pub use experiment::{Divergence, Experiment, Finals};
pub use scenario::{Scenario, ScenarioError};
pub use series::Series;
