//! Language-model demos on Policy Playground's neural engine (`playground-nn`).
//!
//! - [`pretrain`]: "Watch a transformer learn" — a tiny causal transformer trains on text
//!   from a known Markov chain; the chain's entropy rate is the exact floor of its loss.
//!   Its Verify checks are in [`pretrain::checks`], samples and attention maps in
//!   [`pretrain::inspect`].

pub mod pretrain;

pub use pretrain::LmExperiment;
