//! Learning from preferences on toys small enough to solve exactly: the Preference Lab's
//! engine (issue 7), and the DPO Lab's experiment (`kind = "dpo"`). One prompt, a handful of responses
//! with a reference policy π_ref and a gold reward r*; preference pairs labelled by
//! Bradley–Terry on r*; a tabular policy π_θ = softmax(θ) fitted by a pairwise loss of
//! the DPO family. Every optimum these losses reach has a closed form to check against.

pub mod bradley_terry;
pub mod checks;
pub mod divergence;
pub mod experiment;
pub mod fit;
pub mod frontier;
pub mod group;
pub mod list;
pub mod loss;
pub mod metrics;
pub mod nash;
pub mod objective;
pub mod policy;
pub mod problem;
pub mod toy;

pub use experiment::DpoExperiment;
pub use fit::{Fit, fit, fit_form};
pub use loss::PairLoss;
pub use policy::PolicyForm;
pub use toy::{Labelling, Pair, PairSource, Toy};
