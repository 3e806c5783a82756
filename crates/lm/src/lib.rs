//! Language-model demos on Policy Playground's neural engine (`playground-nn`).
//!
//! - [`pretrain`]: "Watch a transformer learn" — a tiny causal transformer trains on text
//!   from a known Markov chain; the chain's entropy rate is the exact floor of its loss.
//!   Its Verify checks are in [`pretrain::checks`], samples and attention maps in
//!   [`pretrain::inspect`].
//! - [`align`]: the Tiny-LM Alignment Lab's exact answers (responses of a fixed length,
//!   all listed): the token-level KL-regularised optimum and the reward–KL frontier.

pub mod align;
pub mod pretrain;

pub use pretrain::LmExperiment;
