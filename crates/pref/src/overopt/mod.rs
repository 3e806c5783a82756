//! Reward-model overoptimization (`kind = "overoptimization"`, issue 7, demo 3).
//!
//! A few thousand discrete responses with features φ, a nonlinear gold reward r*, and a
//! proxy reward model (or an ensemble of K) fitted to N noisy Bradley–Terry labels.
//! Optimising the proxy harder moves the policy away from π_ref: the proxy reward rises
//! all the way, while the gold reward peaks and falls (Goodhart's law). Everything here
//! is exact over the responses: best-of-n's law, the KL-regularised optimum along a β
//! sweep and policy gradient's exact steps; conservative ensemble rewards (worst-case,
//! uncertainty-weighted) flatten the fall.
//!
//! - [`world`]: responses, features, gold reward, π_ref, labels.
//! - [`proxy`]: linear and MLP Bradley–Terry fits, ensembles and their combinations.
//! - [`best_of_n`]: the exact best-of-n law (ties handled), its KL and a sampler.
//! - [`sweep`]: the KL-regularised objective, its optimum and gradient.
//! - [`experiment`]: [`OveroptExperiment`], and [`checks`]: its Verify checks.

pub mod best_of_n;
pub mod checks;
pub mod constrained;
pub mod experiment;
pub mod proxy;
pub mod sweep;
pub mod world;

pub use experiment::OveroptExperiment;
