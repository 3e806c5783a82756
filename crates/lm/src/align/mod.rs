//! The Tiny-LM Alignment Lab (`kind = "lm-alignment"`): a tiny transformer, pretrained on
//! a Markov chain's text, aligned to a gold reward by offline preference losses and online
//! reinforcement learning, every curve held against an exact answer.
//!
//! - [`exact`]: every response listed; the token-level optimum by soft values, exact KL
//!   and expected reward, the reward–KL frontier.
//! - [`world`]: the words, the gold reward, preference pairs and the proxy reward model.
//! - [`model`]: π_ref (shipped or pretrained live), a policy's whole token tree from the
//!   transformer, per-token log-probabilities with gradients, the value head.
//! - [`learners`]: one learner's step, for each method (pairs in `pairs`, RL in `rl`).
//! - [`experiment`]: the run; [`checks`]: its Verify checks.

pub mod checks;
pub mod exact;
pub mod experiment;
pub mod learners;
pub mod model;
pub mod world;

pub use experiment::AlignExperiment;
