//! The labs, each a [`Lab`](crate::shell::Lab) with only its own panels and figures, and
//! the registry the gallery, the routes and cross-demo messages read.

pub mod bandit;
pub mod device;
pub mod dpo;
pub mod gridworld;
pub mod lm_alignment;
pub mod nash;
pub mod overoptimization;
pub mod policy_gradient;
pub mod reward_learning;
pub mod transformer;

use playground_core::Scenario;

use crate::shell::Demo;
use crate::worker::{Hosted, host};

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
];

/// A run of `scenario` for the compute worker, if its lab runs there (`Lab::IN_WORKER`).
pub fn host_in_worker(scenario: &Scenario) -> Option<Result<Box<dyn Hosted>, String>> {
    match scenario {
        Scenario::Bandit(_) => Some(host::<bandit::BanditLab>(scenario)),
        Scenario::Gridworld(_) => Some(host::<gridworld::GridworldLab>(scenario)),
        Scenario::Dpo(_) => Some(host::<dpo::DpoLab>(scenario)),
        Scenario::Nash(_) => Some(host::<nash::NashLab>(scenario)),
        Scenario::Overoptimization(_) => Some(host::<overoptimization::OveroptLab>(scenario)),
        Scenario::RewardLearning(_) => Some(host::<reward_learning::RewardLab>(scenario)),
        Scenario::PolicyGradient(_) => Some(host::<policy_gradient::PolicyGradientLab>(scenario)),
        _ => None,
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

    /// The labs whose pages run their experiment in the worker, and those on the page.
    fn in_worker(kind: &str) -> bool {
        use crate::shell::Lab;
        match kind {
            "bandit" => bandit::BanditLab::IN_WORKER,
            "gridworld" => gridworld::GridworldLab::IN_WORKER,
            "policy-gradient" => policy_gradient::PolicyGradientLab::IN_WORKER,
            "transformer" => transformer::TransformerLab::IN_WORKER,
            "dpo" => dpo::DpoLab::IN_WORKER,
            "nash" => nash::NashLab::IN_WORKER,
            "overoptimization" => overoptimization::OveroptLab::IN_WORKER,
            "reward-learning" => reward_learning::RewardLab::IN_WORKER,
            "lm-alignment" => lm_alignment::AlignmentLab::IN_WORKER,
            other => panic!("unknown kind {other}"),
        }
    }

    #[wasm_bindgen_test]
    fn the_worker_hosts_exactly_the_labs_that_run_there() {
        for demo in DEMOS {
            let scenario = crate::shell::opening::default_opening(demo).scenario;
            let hosted = host_in_worker(&scenario);
            assert_eq!(hosted.is_some(), in_worker(demo.kind), "{}", demo.kind);
            if let Some(run) = hosted {
                assert!(run.is_ok(), "{}", demo.kind);
            }
        }
    }
}
