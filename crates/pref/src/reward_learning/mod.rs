//! Rewards from preferences (`kind = "reward-learning"`, the Preference Lab's demo 2): a
//! gridworld whose reward the learners never see, pairs of trajectory segments labelled
//! by an automatic labeller or by the visitor, and Bradley–Terry reward models fitted to
//! the labels, with the policy each learned reward implies scored by the true reward.
//!
//! - [`world`]: the map, its exact optimum, what each learned parameter stands for, and
//!   the policy a learned reward implies (value iteration) with its true return;
//! - [`segment`]: random segments and the partial-return and regret labellers;
//! - [`model`]: the Bradley–Terry fit (truncated Newton) and an independent dense solver;
//! - [`learner`]: an ensemble with bootstrap weights and its query rule;
//! - [`labels`]: the visitor's labels as a versioned JSON file;
//! - [`experiment`] and [`checks`]: what the page and the CLI run, and Verify.

pub mod checks;
pub mod experiment;
pub mod labels;
pub mod learner;
pub mod mlp;
pub mod model;
pub mod segment;
pub mod world;

pub use experiment::RewardExperiment;
