//! The Constrained Alignment Lab (`kind = "constrained"`): maximise E_π r − β·KL(π‖π_ref)
//! subject to E_π c ≤ b over a handful of responses.
//!
//! Everything is exact: policies are softmax logits over the responses, gradients are
//! computed in closed form (no sampling), and the optimum is π_ref·e^{(r − λ*c)/β}/Z with
//! λ* from the one-dimensional dual D(λ), which is convex ([`dual`]). The learners
//! ([`learners`]) are the ways papers reach for that optimum: gradient descent–ascent,
//! its optimistic variant (ReLOAD), one-shot dualization, SACPO's stepwise alignment and
//! a fixed penalty. [`experiment`] steps them side by side and [`checks`] verifies the
//! optimum.

pub mod checks;
pub mod dual;
pub mod experiment;
pub mod learners;
pub mod problem;

pub use experiment::ConstrainedExperiment;
pub use problem::Problem;
