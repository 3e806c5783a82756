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

use playground_nn::{Backend, Module, Optimizer, Result, params};

/// A module and its optimiser copied to backend `b` through the host: `fresh` builds a
/// module of the same shape there; weights and optimiser moments carry over exactly.
pub(crate) async fn moved<B: Backend, B2: Backend, M: Module<B>, M2: Module<B2>>(
    module: &M,
    optimizer: &Optimizer<B>,
    b: &B2,
    fresh: impl Fn(&B2) -> Result<M2>,
) -> Result<(M2, Optimizer<B2>)> {
    let weights = params::export_async(module).await?;
    let state = optimizer.export_state_async(module).await?;
    let mut copy = fresh(b)?;
    params::import(&mut copy, &weights)?;
    let mut opt = Optimizer::new(optimizer.config);
    opt.import_state(&copy, &state)?;
    Ok((copy, opt))
}
