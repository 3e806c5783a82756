//! The Pareto Lab (`kind = "pareto"`, demo 4): multi-objective RL and alignment on toys
//! small enough to solve exactly.
//!
//! Every environment comes down to a finite set of outcomes, the returns (J₁, J₂) of its
//! deterministic policies; the exact Pareto front, its hypervolume and the part of it that
//! linear scalarisation can reach follow from that set. Learners then look for the front
//! one step at a time, and Verify compares what they find with the exact answers.
//!
//! - [`aggregate`]: objectives with different discounts; Markov against augmented
//!   aggregation.
//! - [`front`]: dominance, Pareto filters, hypervolume (three ways), the convex hull.
//! - [`grid`]: treasure maps (Deep Sea Treasure and the visitor's): every return a
//!   deterministic policy can get, by reachability and by enumerating every policy.
//! - [`problem`]: any environment as outcomes, π_ref, group shares and a reference point.
//! - [`softmax`]: KL-regularised policies over the outcomes: optima and mirror steps.
//! - [`expert`]: soups' experts trained by Adam with the neural engine's autodiff.
//! - [`dual`]: MaxMin's dual, min_w β log E_{π_ref} e^{w·r/β}, solved exactly.
//! - [`scalarise`]: linear, Chebyshev and hypervolume-guided learners.
//! - [`regularised`]: rewarded soups, the conditioned policy, MaxMin and single-reward RLHF.
//! - [`experiment`]: [`ParetoExperiment`], and [`checks`]: its Verify checks.

pub mod aggregate;
pub mod checks;
pub mod dual;
pub mod experiment;
pub mod expert;
pub mod front;
pub mod grid;
pub mod problem;
pub mod regularised;
pub mod scalarise;
pub mod softmax;

pub use experiment::{
    DUALITY_GAP, FLIPS, FRONT_GAP, HYPERVOLUME, KL, OBJECTIVE_1, OBJECTIVE_2, PLAN, POINTS,
    ParetoExperiment, WORST_OBJECTIVE,
};
pub use front::Point;
pub use problem::Problem;
