//! The labs, each a [`Lab`](crate::shell::Lab) with only its own panels and figures, and
//! the registry the gallery, the routes and cross-demo messages read.

pub mod bandit;
pub mod bayesopt;
pub mod constrained;
pub mod device;
pub mod dpo;
pub mod gridworld;
pub mod lm_alignment;
pub mod nash;
pub mod overoptimization;
pub mod pareto;
pub mod policy_gradient;
pub mod reward_learning;
pub mod transformer;

use playground_core::Scenario;

use crate::shell::Demo;
use crate::worker::{Hosted, Task, host};

/// Every demo, in gallery order.
pub const DEMOS: &[&Demo] = &[
    &bandit::DEMO,
    &gridworld::DEMO,
    &policy_gradient::DEMO,
    &transformer::DEMO,
    &dpo::DEMO,
    &nash::DEMO,
    &overoptimization::DEMO,
    &reward_learning::DEMO,
    &lm_alignment::DEMO,
    &pareto::DEMO,
    &constrained::DEMO,
    &bayesopt::DEMO,
];

/// A run of `scenario` for the compute worker: the registry of labs by kind.
pub fn host_in_worker(scenario: &Scenario) -> Task<'_, Result<Box<dyn Hosted>, String>> {
    match scenario {
        Scenario::Bandit(_) => host::<bandit::BanditLab>(scenario),
        Scenario::Gridworld(_) => host::<gridworld::GridworldLab>(scenario),
        Scenario::PolicyGradient(_) => host::<policy_gradient::PolicyGradientLab>(scenario),
        Scenario::Transformer(_) => host::<transformer::TransformerLab>(scenario),
        Scenario::Dpo(_) => host::<dpo::DpoLab>(scenario),
        Scenario::Nash(_) => host::<nash::NashLab>(scenario),
        Scenario::Overoptimization(_) => host::<overoptimization::OveroptLab>(scenario),
        Scenario::RewardLearning(_) => host::<reward_learning::RewardLab>(scenario),
        Scenario::LmAlignment(_) => host::<lm_alignment::AlignmentLab>(scenario),
        Scenario::Pareto(_) => host::<pareto::ParetoLab>(scenario),
        Scenario::Constrained(_) => host::<constrained::ConstrainedLab>(scenario),
        Scenario::Bayesopt(_) => host::<bayesopt::BayesoptLab>(scenario),
    }
}

/// The demo that runs scenarios of this kind.
pub fn demo_of_kind(kind: &str) -> Option<&'static Demo> {
    DEMOS.iter().find(|d| d.kind == kind).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_core::scenario::form::KIND_FORMS;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_kind_has_exactly_one_demo_page() {
        for k in KIND_FORMS {
            let pages = DEMOS.iter().filter(|d| d.kind == k.kind).count();
            assert_eq!(pages, 1, "{}", k.kind);
        }
        assert_eq!(DEMOS.len(), KIND_FORMS.len());
    }

    #[wasm_bindgen_test]
    async fn the_worker_starts_every_labs_default_scenario() {
        // What the Tiny-LM lab would fetch from the site.
        playground_lm::align::model::provide_shipped(
            include_bytes!("../../../crates/lm/data/reference.safetensors").to_vec(),
        );
        for demo in DEMOS {
            let scenario = crate::shell::opening::default_opening(demo).scenario;
            assert!(host_in_worker(&scenario).await.is_ok(), "{}", demo.kind);
        }
    }
}
