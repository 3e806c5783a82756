//! The Tiny-LM Alignment Lab (issue 8), begun: [`exact`] holds the answers every learner
//! is measured against, computed by listing every response.

pub mod exact;
