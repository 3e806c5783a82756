//! Learning from preferences on toys small enough to solve exactly: the Preference Lab's
//! engine (issue 7). The DPO Lab's experiment (`kind = "dpo"`): one to four prompts, a
//! handful of responses each with a reference policy π_ref and a gold reward r*;
//! preference data labelled by Bradley–Terry on r* (or listed); tabular or log-linear
//! policies fitted by the DPO family's losses, listwise losses, RLHF or f-divergences.
//! Every optimum these reach has a closed form to check against. And [`nash`]
//! (`kind = "nash"`): general, possibly cyclic preferences and the Minimax Winner.

pub mod bradley_terry;
pub mod cardinal;
pub mod checks;
pub mod divergence;
pub mod experiment;
pub mod fit;
pub mod frontier;
pub mod group;
pub mod linalg;
pub mod list;
pub mod loss;
pub mod metrics;
pub mod nash;
pub mod objective;
pub mod overopt;
pub mod policy;
pub mod problem;
pub mod reward_learning;
pub mod toy;

pub use experiment::DpoExperiment;
pub use fit::{Fit, fit, fit_form};
pub use loss::PairLoss;
pub use policy::PolicyForm;
pub use toy::{Labelling, Pair, PairSource, Toy};
