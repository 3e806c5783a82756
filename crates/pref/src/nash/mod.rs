//! Intransitive preferences and Nash learning (`kind = "nash"`, issue 7, demo 4).
//!
//! A general preference matrix P over a few responses (row i, column j = P(i ≻ j)) may
//! be cyclic, so no reward explains it and "the best response" is not defined. What is
//! defined is the Minimax Winner: the policy no response beats more than half the time.
//! Here it is computed exactly (linear programming, checked by support enumeration) and
//! five learners look for it from π_ref: RLHF through a Bradley–Terry reward, SPO's
//! self-play, multiplicative weights, extragradient (EGPO) and Nash-MD. Every step is
//! exact (no sampling), so each trajectory on the simplex is the dynamics itself.
//!
//! - [`game`]: win rates, the duality gap, the Condorcet winner, KL.
//! - [`minimax`]: the Minimax Winner by the simplex method and by support enumeration.
//! - [`bt`]: RLHF's Bradley–Terry fit on the matrix (Newton).
//! - [`dynamics`]: the learners' update rules.
//! - [`experiment`]: [`NashExperiment`], and [`checks`]: its Verify checks.

pub mod bt;
pub mod checks;
pub mod dynamics;
pub mod experiment;
pub mod game;
mod linalg;
pub mod minimax;

pub use experiment::NashExperiment;
pub use game::Game;
